import { ErrorMessage } from '../../components/ui/banner';
import { Loading } from '../../components/ui/loading';
import { useDocumentTitle } from '../../lib/use-document-title';
import { healthComponentInWords } from './admin-words';
import { useHealth } from './hooks/use-admin-api';

/** Whether each part of the shop answers (GET /health, whose 503 names what is down), and Bull Board. */
export function HealthPage() {
  useDocumentTitle('Health · Admin');
  const health = useHealth();
  return (
    <>
      <h1>Health</h1>
      {health.isPending && <Loading what="the health of each service" />}
      {health.isError && <ErrorMessage error={health.error} />}
      {health.data && (
        <section aria-labelledby="health-summary" className="card">
          <h2 id="health-summary">{health.data.healthy ? 'Everything answers' : 'Something is down'}</h2>
          <ul className="admin-list">
            {health.data.components.map((component) => (
              <li key={component.name}>
                {healthComponentInWords(component.name)}:{' '}
                <span className={component.up ? 'status-up' : 'status-down'}>{component.up ? 'up' : 'down'}</span>
                {!component.up && component.message && <> ({component.message})</>}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void health.refetch()} disabled={health.isFetching}>
            {health.isFetching ? 'Checking…' : 'Check again'}
          </button>
        </section>
      )}
      <section aria-labelledby="queues-heading">
        <h2 id="queues-heading">Queues</h2>
        <p>
          <a href="/admin/queues" target="_blank" rel="noreferrer">
            Open Bull Board (opens in a new tab)
          </a>{' '}
          to see every queue and dead-letter queue. Your browser asks for the admin account’s email and password.
        </p>
      </section>
    </>
  );
}
