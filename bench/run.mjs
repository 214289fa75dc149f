#!/usr/bin/env node
// npm run bench [name ...]: build, then run each benchmark under bench/<name>/main.ts (default: all,
// P1–P6 in order), each as its own process with a time limit; print the day's results table.
//
// The build goes to .bench-dist/, not dist/: a test run rebuilding dist/ meanwhile would delete
// the code the benchmark's services are running. A benchmark that fails or runs out of time
// (SIGTERM: it stops its processes and drops its databases) does not stop the others; the exit
// code says whether all of them finished.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = '.bench-dist';
/** The issue's order (P1–P6) and each one's time limit in seconds; others run after, with the default. */
const ORDER = [
  ['bookings', 420], // P1 (twice with the before build)
  ['live-latency', 540], // P2 (twice with the before build)
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

/**
 * The commit issue 19 (CPU per booking and per payment) started from. P1 and P2 measure its
 * build too, in the same run and the same way, so "N times less CPU" compares figures taken
 * minutes apart on the same machine (this VM's speed drifts by 2x over a day). BENCH_BEFORE=<ref>
 * compares with another commit; BENCH_BEFORE=none skips it.
 */
const BEFORE_DEFAULT = '78d42bd4eb943a52ee2eae943f8cc70cddc2498c';
const beforeRef = process.env.BENCH_BEFORE ?? BEFORE_DEFAULT;
const beforeBuild = beforeRef === 'none' ? null : buildBefore(beforeRef);

/**
 * `ref`'s tree, exported with `git archive` into .bench-before/<sha>/ with this checkout's
 * node_modules linked in (the packages must be the same: compare only with a commit whose
 * package-lock.json matches, or expect its build to fail), and built there once; later runs reuse it.
 * Returns the build directory, or null (with a warning) when the ref is not in this clone.
 */
function buildBefore(ref) {
  let sha;
  try {
    sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    console.warn(`BENCH_BEFORE: ${ref} is not a commit of this clone; the before/after comparison is skipped`);
    return null;
  }
  const tree = resolve(root, '.bench-before', sha.slice(0, 12));
  const build = resolve(tree, OUT);
  if (!existsSync(resolve(build, 'apps/gateway/src/main.js'))) {
    console.log(`building ${sha.slice(0, 12)} (BENCH_BEFORE) into ${build}`);
    rmSync(tree, { recursive: true, force: true });
    mkdirSync(tree, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${tree}"`], { cwd: root, stdio: 'inherit' });
    // This checkout's packages (its build scripts look in <root>/node_modules).
    symlinkSync(resolve(root, 'node_modules'), resolve(tree, 'node_modules'), 'dir');
    execFileSync(process.execPath, [resolve(tree, 'scripts/build.mjs'), OUT], { cwd: tree, stdio: 'inherit' });
  }
  return build;
}

// One results file for the whole run, even if it crosses midnight (UTC).
const runStartedAt = new Date().toISOString();
const date = runStartedAt.slice(0, 10);
const env = {
  ...process.env,
  BENCH_RESULTS_DATE: date,
  ...(beforeBuild ? { BENCH_BEFORE_BUILD: beforeBuild, BENCH_BEFORE_REF: beforeRef } : {}),
};

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
