#!/usr/bin/env node
// npm run bench [name ...]: build, then run each benchmark under bench/<name>/main.ts (default: all,
// P1–P6 in order), each as its own process with a time limit; print the day's results table.
//
// The build goes to .bench-dist/, not dist/: a test run rebuilding dist/ meanwhile would delete
// the code the benchmark's services are running. A benchmark that fails or runs out of time
// (SIGTERM: it stops its processes and drops its databases) does not stop the others; the exit
// code says whether all of them finished.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = '.bench-dist';
/** The issue's order (P1–P6) and each one's time limit in seconds; others run after, with the default. */
const ORDER = [
  ['bookings', 240], // P1
  ['live-latency', 300], // P2
  ['contention', 180], // P3
  ['lost-webhook', 300], // P4
  ['relay-lag', 120], // P5
  ['footprint', 180], // P6
];
const DEFAULT_LIMIT_SECONDS = 300;

const available = readdirSync(resolve(root, 'bench'), { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && existsSync(resolve(root, 'bench', entry.name, 'main.ts')),
  )
  .map((entry) => entry.name);
const ordered = [
  ...ORDER.map(([name]) => name).filter((name) => available.includes(name)),
  ...available.filter((name) => !ORDER.some(([known]) => known === name)).sort(),
];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${ordered.join(', ')}`);
  process.exit(2);
}

execFileSync(process.execPath, [resolve(root, 'scripts/ensure-infra.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs'), OUT], {
  stdio: 'inherit',
  cwd: root,
});

// One results file for the whole run, even if it crosses midnight (UTC).
const runStartedAt = new Date().toISOString();
const date = runStartedAt.slice(0, 10);
const env = { ...process.env, BENCH_RESULTS_DATE: date };

let current = null;
let interrupted = false;
// Ctrl-C reaches the benchmark too (same process group): let it clean up, then stop.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill(signal);
  });
}

function runOne(name, limitSeconds) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [resolve(root, OUT, 'bench', name, 'main.js')], {
      stdio: 'inherit',
      cwd: root,
      env,
    });
    current = child;
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      console.error(`\nbench/${name}: over its ${limitSeconds} s limit, stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 45_000).unref();
    }, limitSeconds * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      current = null;
      const seconds = Math.round((Date.now() - started) / 1000);
      done({ name, ok: code === 0 && !timedOut, code, signal, timedOut, seconds });
    });
  });
}

const outcomes = [];
for (const name of wanted.length > 0 ? ordered.filter((n) => wanted.includes(n)) : ordered) {
  if (interrupted) break;
  console.log(`\n=== bench/${name}`);
  const limit = ORDER.find(([known]) => known === name)?.[1] ?? DEFAULT_LIMIT_SECONDS;
  const outcome = await runOne(name, limit);
  outcomes.push(outcome);
  console.log(
    `=== bench/${name}: ${outcome.ok ? 'done' : outcome.timedOut ? 'TIMED OUT' : `FAILED (${outcome.signal ?? outcome.code})`} in ${outcome.seconds} s`,
  );
}

execFileSync(
  process.execPath,
  [resolve(root, OUT, 'bench/support/print-summary.js'), date, runStartedAt],
  { stdio: 'inherit', cwd: root, env },
);
const failed = outcomes.filter((outcome) => !outcome.ok);
if (failed.length > 0 || interrupted) {
  console.error(
    `\nNot finished: ${failed.map((outcome) => outcome.name).join(', ') || '(interrupted)'}`,
  );
  process.exit(1);
}
