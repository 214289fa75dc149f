import { seedFrom } from './random';
import { FaultRunReport, runFaultSuite } from './run';
import { formatReport } from './report';

const MINUTES = 1.25;

/**
 * Issue 7, short profile (the long one is `FAULTS_MINUTES=10 npm run test:faults`): two
 * processes of every service under randomized load while processes are SIGKILLed and restarted,
 * Redis restarts and PostgreSQL connections are cut; after the faults stop the system converges
 * within 60 s and every promise of DESIGN §10 holds.
 */
describe('Fault injection (short profile)', () => {
  let report: FaultRunReport;

  beforeAll(async () => {
    const seed = seedFrom(process.env.FAULTS_SEED);
    report = await runFaultSuite({
      minutes: MINUTES,
      seed,
      workers: 8,
      resultsDir: null,
      log: (line) => process.stdout.write(`[faults] ${line}\n`),
    });
    process.stdout.write(`${formatReport(report)}\n`);
  }, 6 * 60_000);

  it('loaded the system and injected every kind of fault', () => {
    expect(report.operations.total).toBeGreaterThan(300);
    const bookings =
      (report.operations.byKind.book_one_slot?.outcomes['201'] ?? 0) +
      (report.operations.byKind.book_two_slots?.outcomes['201'] ?? 0);
    expect(bookings).toBeGreaterThan(20);
    expect(report.faults.kills).toBeGreaterThanOrEqual(3);
    expect(report.faults.redisRestarts).toBeGreaterThanOrEqual(1);
    expect(report.faults.postgresTerminations).toBeGreaterThanOrEqual(1);
  });

  it('went down the paths that matter: confirmed, expired, cancelled, refunded and moved bookings', () => {
    const { bookings, stripe } = report.state;
    expect(bookings['confirmed/paid']).toBeGreaterThan(0);
    expect(bookings['expired/unpaid']).toBeGreaterThan(0);
    expect(Object.keys(bookings).some((key) => key.startsWith('cancelled/'))).toBe(true);
    expect(stripe.succeededPayments).toBeGreaterThan(0);
    expect(stripe.refundedInFull).toBeGreaterThan(0);
    const moved = ['reschedule_by_customer', 'reschedule_by_admin'].reduce((sum, kind) => sum + (report.operations.byKind[kind]?.outcomes['200'] ?? 0), 0);
    expect(moved).toBeGreaterThan(0);
  });

  it('converged within 60 s of the faults stopping', () => {
    expect(report.notConverged).toEqual([]);
    expect(report.converged).toBe(true);
  });

  it('kept every promise', () => {
    expect(report.operations.anomalies).toEqual([]);
    expect(report.crashes).toEqual([]);
    expect(report.unexpectedDeadLetters).toEqual([]);
    expect(report.promises.filter((row) => row.violations > 0)).toEqual([]);
    expect(report.promises.length).toBeGreaterThanOrEqual(9);
  });
});
