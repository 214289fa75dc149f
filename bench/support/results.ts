import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

/** Merge one benchmark's figures into bench/results/<date>.json (one file per day, one key per benchmark). */
export function recordResult(name: string, result: unknown): string {
  const dir = resolve(__dirname, '../../../bench/results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${new Date().toISOString().slice(0, 10)}.json`);
  let existing: Record<string, unknown>;
  try {
    existing = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    existing = {};
  }
  existing.machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  existing[name] = { ...(result as object), measuredAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(existing, null, 2)}\n`);
  return file;
}
