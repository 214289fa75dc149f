import { NavLink, Outlet } from 'react-router';
import { useSession } from '../../auth/session';
import { SignInForm } from '../../auth/sign-in-form';
import { useDocumentTitle } from '../../lib/use-document-title';
import './admin.css';

export const ADMIN_SECTIONS = [
  { path: 'bookings', label: 'Bookings', about: 'Every booking, filtered by status, barber and days.' },
  { path: 'attention', label: 'Attention', about: 'Money matters a person must act on: failed refunds, disputes, refunds made in Stripe.' },
  { path: 'dead-letters', label: 'Dead letters', about: 'Messages a service could not apply, per queue, with Replay.' },
  { path: 'reconcile', label: 'Reconcile', about: 'Run every reconciler now and see what it repaired.' },
  { path: 'health', label: 'Health', about: 'Whether each service, the database and Redis answer; a link to Bull Board.' },
  { path: 'barbers', label: 'Barbers', about: 'Add barbers, edit them, take them off the booking pages.' },
  { path: 'services', label: 'Services', about: 'The price list: add, change prices and durations, retire.' },
  { path: 'staff', label: 'Staff accounts', about: 'Sign-in accounts for barbers and admins.' },
] as const;

/** The admin console's frame: only for admins, with a link to every section. */
export function AdminLayout() {
  const { session } = useSession();
  if (!session) return <AdminSignIn />;
  if (session.user.role !== 'admin') return <NotAnAdmin />;
  return (
    <div className="admin">
      <nav aria-label="Admin sections" className="admin-sections">
        <NavLink to="/admin" end>
          Overview
        </NavLink>
        {ADMIN_SECTIONS.map((section) => (
          <NavLink key={section.path} to={`/admin/${section.path}`}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

function AdminSignIn() {
  useDocumentTitle('Admin console');
  return (
    <>
      <h1>Admin console</h1>
      <SignInForm heading="Sign in with the admin account" />
    </>
  );
}

function NotAnAdmin() {
  useDocumentTitle('Admin console');
  return (
    <>
      <h1>Admin console</h1>
      <p>The admin console is for the shop’s admins. Sign out and sign in with an admin account to use it.</p>
    </>
  );
}
