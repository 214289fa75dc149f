import { Link, NavLink, Outlet, useRouteError } from 'react-router';
import { useSession } from '../auth/session';
import { ConnectionBanner } from '../components/ui/connection-banner';
import { errorSentence } from '../lib/errors';

export function Layout() {
  const { session, signOut } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Barbershop
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Book
          </NavLink>
          <NavLink to="/my-bookings">My bookings</NavLink>
          {session?.user.role === 'admin' && <NavLink to="/admin">Admin</NavLink>}
          {session?.user.role === 'barber' && (
            <>
              <NavLink to="/barber/day">My day</NavLink>
              <NavLink to="/barber/hours">My hours</NavLink>
              <NavLink to="/barber/time-off">Time off</NavLink>
            </>
          )}
          {session ? (
            <button type="button" className="link" onClick={signOut}>
              Sign out {session.user.name}
            </button>
          ) : (
            <NavLink to="/sign-in">Sign in</NavLink>
          )}
        </nav>
      </header>
      <ConnectionBanner />
      <main id="main" className="page">
        <Outlet />
      </main>
    </>
  );
}

/** A route that failed to load or render: a sentence and a way on, never a blank page. */
export function RouteError() {
  const error = useRouteError();
  return (
    <main id="main" className="page">
      <h1>This page could not be shown</h1>
      <p>{errorSentence(error)}</p>
      <p>
        <a href="/app/">Back to the start</a>
      </p>
    </main>
  );
}

export function NotFound() {
  return (
    <>
      <h1>There is no such page</h1>
      <p>
        <Link to="/">Book a cut</Link> or see <Link to="/my-bookings">your bookings</Link>.
      </p>
    </>
  );
}
