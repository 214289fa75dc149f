import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Component, useState, type ErrorInfo, type ReactNode } from 'react';
import { LiveContext, type EventSourceFactory } from '../api/live';
import { SessionProvider, type Session } from '../auth/session';
import { isNetworkError } from '../lib/errors';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A lost connection retries by itself; an answer (404, 403…) is shown at once.
        retry: (failures, error) => isNetworkError(error) && failures < 30,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 10_000),
        staleTime: 10_000,
      },
    },
  });
}

/** Server state (TanStack Query), live feeds, the session, and a last line against a blank page. */
export function AppProvider({
  children,
  queryClient,
  openEventSource,
  session,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
  openEventSource?: EventSourceFactory;
  session?: Session | null;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [open] = useState<EventSourceFactory>(() => openEventSource ?? ((url: string) => new EventSource(url)));
  return (
    <ErrorBoundary>
      <QueryClientProvider client={client}>
        <LiveContext.Provider value={open}>
          <SessionProvider initial={session}>{children}</SessionProvider>
        </LiveContext.Provider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}

class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('The page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="page">
        <h1>Something went wrong on this page</h1>
        <p>Please reload it. If it keeps happening, go back to the start and try again.</p>
        <p>
          <a href="/app/">Back to the start</a>
        </p>
      </main>
    );
  }
}
