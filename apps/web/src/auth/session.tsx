import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onUnauthorized, useAccessToken, type User } from '../api/client';

/** The signed-in customer, kept in this browser so a reload (or coming back from Checkout) keeps them signed in. */
export interface Session {
  accessToken: string;
  user: User;
  /** Epoch ms after which the token is no longer accepted. */
  expiresAt: number;
}

interface SessionContextValue {
  session: Session | null;
  signIn: (email: string, password: string) => Promise<void>;
  register: (name: string, email: string, password: string) => Promise<void>;
  signOut: () => void;
}

const STORAGE_KEY = 'barbershop.session';
const SessionContext = createContext<SessionContextValue | null>(null);

function storedSession(): Session | null {
  try {
    const stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    if (!stored || typeof stored.accessToken !== 'string' || stored.expiresAt <= Date.now()) return null;
    return stored;
  } catch {
    return null;
  }
}

export function SessionProvider({ children, initial }: { children: ReactNode; initial?: Session | null }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(() => {
    const start = initial === undefined ? storedSession() : initial;
    useAccessToken(start?.accessToken ?? null);
    return start;
  });

  const keep = useCallback((next: Session | null) => {
    useAccessToken(next?.accessToken ?? null);
    if (next) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else window.localStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);

  // A token the API no longer accepts: sign out, so the page asks to sign in again.
  useEffect(() => onUnauthorized(() => keep(null)), [keep]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const login = await call(api.POST('/auth/login', { body: { email, password } }));
      keep({ accessToken: login.accessToken, user: login.user, expiresAt: Date.now() + login.expiresIn * 1000 });
    },
    [keep],
  );

  const register = useCallback(
    async (name: string, email: string, password: string) => {
      await call(api.POST('/auth/register', { body: { name, email, password } }));
      await signIn(email, password);
    },
    [signIn],
  );

  const signOut = useCallback(() => {
    keep(null);
    queryClient.removeQueries({ queryKey: ['my-bookings'] });
    queryClient.removeQueries({ queryKey: ['booking'] });
    queryClient.removeQueries({ queryKey: ['admin'] });
  }, [keep, queryClient]);

  const value = useMemo(() => ({ session, signIn, register, signOut }), [session, signIn, register, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
