import { useMutation } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ui/banner';
import { useDocumentTitle } from '../../lib/use-document-title';
import { plural, repairInWords } from './admin-words';

const SERVICES = [
  { key: 'booking', name: 'Booking service' },
  { key: 'payments', name: 'Payments service' },
  { key: 'appointments', name: 'Appointments service' },
] as const;

type Outcome = Record<string, unknown>;

/** Run every reconciler now (POST /admin/reconcile) and show what each repaired, or that it did not answer. */
export function ReconcilePage() {
  useDocumentTitle('Reconcile · Admin');
  const reconcile = useMutation({ mutationFn: () => call(api.POST('/admin/reconcile')) });
  return (
    <>
      <h1>Reconcile</h1>
      <p className="hint">
        The reconcilers compare each service with the others and with Stripe, and repair what drifted (a lost webhook, a missed message). They also run by
        themselves on a timer; running them now is safe.
      </p>
      <button type="button" className="primary" onClick={() => reconcile.mutate()} disabled={reconcile.isPending}>
        {reconcile.isPending ? 'Reconciling…' : 'Reconcile now'}
      </button>
      {reconcile.isError && <ErrorMessage error={reconcile.error} />}
      {reconcile.isSuccess && <ReconcileReport report={reconcile.data} />}
    </>
  );
}

export function ReconcileReport({ report }: { report: Record<string, Outcome | undefined> }) {
  const total = SERVICES.reduce((sum, service) => sum + repairs(report[service.key]).reduce((inner, [, count]) => inner + count, 0), 0);
  return (
    <section aria-labelledby="reconcile-report" className="card">
      <h2 id="reconcile-report">Report</h2>
      <p role="status">{total === 0 ? 'Nothing had drifted: no repairs were needed.' : `${plural(total, 'repair')} made.`}</p>
      {SERVICES.map((service) => {
        const outcome = report[service.key];
        const failure = typeof outcome?.error === 'string' ? outcome.error : outcome === undefined ? 'NO_ANSWER' : null;
        const rows = repairs(outcome);
        return (
          <div key={service.key}>
            <h3>{service.name}</h3>
            {failure !== null ? (
              <p className="status-down">
                Did not run: {failure === 'SERVICE_UNAVAILABLE' ? 'the service did not answer' : failure}. Try again once it is healthy.
              </p>
            ) : rows.length === 0 ? (
              <p>Nothing to check.</p>
            ) : (
              <table className="report">
                <caption className="visually-hidden">Repairs by the {service.name.toLowerCase()}</caption>
                <thead>
                  <tr>
                    <th scope="col">What was repaired</th>
                    <th scope="col">How many</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(([kind, count]) => (
                    <tr key={kind}>
                      <td>{repairInWords(kind)}</td>
                      <td className="count">{count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </section>
  );
}

function repairs(outcome: Outcome | undefined): Array<[string, number]> {
  if (!outcome || typeof outcome.error === 'string') return [];
  return Object.entries(outcome).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
}
