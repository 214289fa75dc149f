import { Link, Navigate } from 'react-router';
import { useSession } from '../auth/session';
import { SignInForm } from '../auth/sign-in-form';
import { useDocumentTitle } from '../lib/use-document-title';

export function SignInPage() {
  const { session } = useSession();
  useDocumentTitle('Sign in');
  // A barber signs in to work: straight to their day.
  if (session?.user.role === 'barber') return <Navigate to="/barber/day" replace />;
  // An admin signs in to run the shop: straight to the console.
  if (session?.user.role === 'admin') return <Navigate to="/admin" replace />;
  if (session)
    return (
      <>
        <h1>Signed in as {session.user.name}</h1>
        <p>
          <Link to="/">Book a cut</Link> or see <Link to="/my-bookings">your bookings</Link>.
        </p>
      </>
    );
  return (
    <>
      <h1>Sign in</h1>
      <SignInForm heading="Sign in with your email" />
    </>
  );
}
