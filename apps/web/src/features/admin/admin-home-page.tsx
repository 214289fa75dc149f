import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ADMIN_SECTIONS } from './admin-layout';
import { useAttention, useDeadLetters } from './hooks/use-admin-api';
import { plural } from './admin-words';

/** Where an admin lands after signing in: every section, and what needs a person now. */
export function AdminHomePage() {
  useDocumentTitle('Admin console');
  const attention = useAttention();
  const deadLetters = useDeadLetters();
  const waiting = deadLetters.data?.reduce((sum, queue) => sum + queue.count, 0);
  return (
    <>
      <h1>Admin console</h1>
      {(attention.data !== undefined || waiting !== undefined) && (
        <p>
          {attention.data !== undefined && (
            <>
              <Link to="/admin/attention">{plural(attention.data.length, 'item')} need attention</Link>.{' '}
            </>
          )}
          {waiting !== undefined && (
            <>
              <Link to="/admin/dead-letters">{plural(waiting, 'dead letter')} waiting</Link>.
            </>
          )}
        </p>
      )}
      <ul className="admin-overview">
        {ADMIN_SECTIONS.map((section) => (
          <li key={section.path} className="card">
            <h2>
              <Link to={`/admin/${section.path}`}>{section.label}</Link>
            </h2>
            <p>{section.about}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
