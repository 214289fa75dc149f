import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ui/banner';
import { useSession } from './session';

/**
 * Sign in, or register and sign in, in place: the page around it (the chosen barber, service and
 * time) stays as it is (DESIGN §12 "without losing the choice").
 */
export function SignInForm({ heading = 'Sign in' }: { heading?: string }) {
  const { signIn, register } = useSession();
  const [mode, setMode] = useState<'sign-in' | 'register'>('sign-in');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const email = field('email').trim();
    const password = field('password');
    setBusy(true);
    setError(null);
    try {
      if (mode === 'register') await register(field('name').trim(), email, password);
      else await signIn(email, password);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{mode === 'register' ? 'Create your account' : heading}</h2>
      <form onSubmit={(event) => void submit(event)} className="stack">
        {mode === 'register' && (
          <label>
            Name
            <input name="name" autoComplete="name" required maxLength={100} />
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
            required
            minLength={mode === 'register' ? 8 : 1}
          />
        </label>
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'register' ? 'Create account' : 'Sign in'}
        </button>
      </form>
      <p>
        {mode === 'register' ? 'Already have an account? ' : 'New here? '}
        <button
          type="button"
          className="link"
          onClick={() => {
            setMode(mode === 'register' ? 'sign-in' : 'register');
            setError(null);
          }}
        >
          {mode === 'register' ? 'Sign in instead' : 'Create an account'}
        </button>
      </p>
    </section>
  );
}
