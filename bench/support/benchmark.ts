import { loadavg } from 'node:os';
import { runBench } from './cleanup';
import { recordResult } from './results';

export interface BenchmarkRun {
  /**
   * Merge `result` into bench/results/<date>.json under the benchmark's name, with
   * `loadAverage1mAtStart` (the 1-minute load average when the benchmark started) added last;
   * the file's path.
   */
  record(result: object): string;
}

/**
 * Run the benchmark `name` (bench/<name>/main.ts) with `runBench`: what `main` started and
 * registered with `onShutdown` (a system from `startBenchSystem`, the baseline) is stopped when
 * `main` ends, however it ends, or on SIGINT/SIGTERM.
 */
export function benchmark(name: string, main: (run: BenchmarkRun) => Promise<void>): void {
  runBench(async () => {
    const loadAtStart = loadavg()[0];
    await main({
      record: (result) =>
        recordResult(name, {
          ...result,
          loadAverage1mAtStart: Math.round(loadAtStart * 100) / 100,
        }),
    });
  });
}
