import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';

/** bench/results/<date>.json: today (UTC), or the date `npm run bench` started on (BENCH_RESULTS_DATE). */
export function resultsFile(
  date = process.env.BENCH_RESULTS_DATE ?? new Date().toISOString().slice(0, 10),
): string {
  return resolve(__dirname, '../../../bench/results', `${date}.json`);
}

/** Merge one benchmark's figures into bench/results/<date>.json (one file per day, one key per benchmark). */
export function recordResult(name: string, result: unknown): string {
  const file = resultsFile();
  mkdirSync(dirname(file), { recursive: true });
  let existing: Record<string, unknown>;
  try {
    existing = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    existing = {};
  }
  existing.machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  existing[name] = { ...(result as object), measuredAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(existing, null, 2)}\n`);
  return file;
}
