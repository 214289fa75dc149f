import { formatReport } from './report';
import { seedFrom } from './random';
import { runFaultSuite } from './run';

/**
 * `npm run test:faults` (FAULTS_MINUTES=10 for the long profile, FAULTS_SEED to replay a run,
 * FAULTS_WORKERS for the number of concurrent customers). Exits 1 on any violation or when the
 * system does not converge within 60 s of the faults stopping.
 */
async function main(): Promise<void> {
  const minutes = Number(process.env.FAULTS_MINUTES ?? '1.5');
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`FAULTS_MINUTES must be a positive number, got ${process.env.FAULTS_MINUTES}`);
  const workers = Number(process.env.FAULTS_WORKERS ?? '8');
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`FAULTS_WORKERS must be a positive integer, got ${process.env.FAULTS_WORKERS}`);
  const seed = seedFrom(process.env.FAULTS_SEED);
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[faults +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
  let stop: (() => Promise<void>) | null = null;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the processes and dropping the databases`);
      void (stop?.() ?? Promise.resolve()).finally(() => process.exit(130));
    });
  }
  const report = await runFaultSuite({
    minutes,
    seed,
    workers,
    log,
    onStarted: (stopCluster) => (stop = stopCluster),
  });
  console.log(`\n${formatReport(report)}`);
  process.exitCode = report.passed ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
