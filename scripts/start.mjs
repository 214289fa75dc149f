#!/usr/bin/env node
// `node scripts/start.mjs [app ...]` (npm start / npm run start:<app>): make sure PostgreSQL and
// Redis answer, build dist/, then run each service as its own process with its output prefixed by
// its name; Ctrl-C / SIGTERM stops them all together, and one dying stops the rest (docs/design.md §11).
// If this process itself is killed outright (kill -9, the OOM killer), each child stops by itself
// (scripts/exit-with-launcher.cjs).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureInfra, InfraError } from './ensure-infra.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['gateway', 'booking', 'payments', 'appointments'];
const EXIT_WITH_LAUNCHER = resolve(root, 'scripts/exit-with-launcher.cjs');
const HTTP_PORTS = {
  gateway: ['GATEWAY_PORT', 3000],
  payments: ['PAYMENTS_HTTP_PORT', 3001],
  booking: ['BOOKING_HTTP_PORT', 3002],
  appointments: ['APPOINTMENTS_HTTP_PORT', 3003],
};
/** How long services get to finish the jobs in hand after the stop signal before SIGKILL. */
const STOP_GRACE_MS = 15_000;
/** npm forwards the terminal's Ctrl-C, so one keypress can arrive twice: only a later one forces. */
const REPEAT_SIGNAL_FORCES_AFTER_MS = 1_000;
const READY_WAIT_MS = 60_000;

const useColor = process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const COLORS = [36, 35, 33, 32, 34, 31];
const say = (line) => process.stdout.write(`${paint('start', 90)} ${line}\n`);
const warn = (line) => process.stderr.write(`${paint('start', 90)} ${line}\n`);

function paint(name, color) {
  return useColor ? `\u001b[${color}m[${name}]\u001b[0m` : `[${name}]`;
}

function parseApps(argv) {
  const unknown = argv.filter((name) => !APPS.includes(name));
  if (unknown.length > 0) {
    warn(`unknown service ${unknown.join(', ')}: choose from ${APPS.join(', ')}.`);
    process.exit(2);
  }
  return argv.length > 0 ? [...new Set(argv)] : APPS;
}

const STRIPE_STANDIN_DEFAULT_PORT = '12111';
const STRIPE_STANDIN_DEFAULT_WEBHOOK_SECRET = 'whsec_local';

/**
 * Stripe without Stripe (docs/design.md §11): when STRIPE_SECRET_KEY is not set and payments is among the
 * services, `npm start` also runs the local Stripe stand-in (tools/stripe-standin) and points
 * payments at it. An explicit STRIPE_API_BASE (e.g. stripe-mock) is respected: no stand-in then.
 */
function stripeStandIn(env, apps) {
  if (env.STRIPE_SECRET_KEY || !apps.includes('payments') || env.STRIPE_API_BASE) return null;
  const port = env.STRIPE_STANDIN_PORT || STRIPE_STANDIN_DEFAULT_PORT;
  return {
    port,
    apiBase: `http://127.0.0.1:${port}`,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET || STRIPE_STANDIN_DEFAULT_WEBHOOK_SECRET,
  };
}

/** Dev-only processes started next to the services. */
function extraProcesses(env, standIn) {
  if (!standIn) return [];
  return [
    {
      name: 'stripe-standin',
      args: ['dist/tools/stripe-standin/src/main.js'],
      env: { ...env, STRIPE_STANDIN_PORT: standIn.port },
    },
  ];
}

/**
 * How every service runs (the Dockerfile and the tests' TestSystem set the same); an explicit
 * value in the environment wins.
 * - MALLOC_ARENA_MAX: glibc gives every thread its own malloc arena and keeps what they held: the
 *   password hashes (libuv's threads) left the gateway ~50 MB above its working set. Two arenas
 *   are plenty for a single-threaded event loop.
 * - NODE_OPTIONS: V8 otherwise lets the heap grow lazily under sustained load — a service at
 *   ~150 MB idle reached 230–280 MB after 45 s of bookings at 50 connections, most of it garbage
 *   not yet collected. A 4 MB young generation and a 160 MB old-generation ceiling keep each
 *   under 140–180 MB at no measurable CPU cost (BENCHMARKS.md, P6); each holds 55–75 MB live.
 */
const RUNTIME_DEFAULTS = {
  MALLOC_ARENA_MAX: '2',
  NODE_OPTIONS: '--max-semi-space-size=4 --max-old-space-size=160',
};

function serviceEnv(env, standIn) {
  const base = { ...RUNTIME_DEFAULTS, ...env };
  if (!standIn) return base;
  return {
    ...base,
    STRIPE_API_BASE: standIn.apiBase,
    STRIPE_WEBHOOK_SECRET: standIn.webhookSecret,
  };
}

/** Starts one child and prefixes every line it prints; resolves its exit through `onExit`. */
function launch({ name, args, env }, color, onExit) {
  // Own process group: the terminal's Ctrl-C reaches only us, and we send each child exactly one
  // stop signal (a second SIGINT/SIGTERM makes a Nest app exit at once, skipping its shutdown).
  // An IPC channel only the kernel uses: when this process dies, even by SIGKILL, the channel
  // closes and the preloaded exit-with-launcher.cjs stops the child (no orphans holding ports).
  const child = spawn(process.execPath, ['--require', EXIT_WITH_LAUNCHER, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  const prefix = paint(name, color);
  const ownPrefix = `[${name}] `; // a service's own fatal messages already carry its name
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
      out.write(`${prefix} ${line.startsWith(ownPrefix) ? line.slice(ownPrefix.length) : line}\n`),
    );
  }
  const done = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit({ code, signal }));
    child.on('error', (error) => {
      warn(`${name} could not be started: ${error.message}`);
      resolveExit({ code: 1, signal: null });
    });
  });
  const proc = { name, child, done, exited: false, exit: undefined };
  void done.then((exit) => {
    proc.exited = true;
    proc.exit = exit;
    onExit(proc);
  });
  return proc;
}

function signalGroup(proc, signal) {
  if (proc.exited || proc.child.pid === undefined) return;
  try {
    process.kill(-proc.child.pid, signal);
  } catch {
    try {
      proc.child.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function waitUntilReady(apps, env, isStopping) {
  const urls = apps.map((app) => {
    const [variable, fallback] = HTTP_PORTS[app];
    return [app, `http://127.0.0.1:${env[variable] || fallback}/health`];
  });
  const pending = new Map(urls);
  const deadline = Date.now() + READY_WAIT_MS;
  while (pending.size > 0 && Date.now() < deadline && !isStopping()) {
    for (const [app, url] of pending) {
      const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) pending.delete(app);
    }
    if (pending.size > 0) await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  if (isStopping()) return;
  if (pending.size > 0) {
    warn(
      `still not healthy after ${READY_WAIT_MS / 1000} s: ${[...pending.keys()].join(', ')} (see their logs above)`,
    );
    return;
  }
  const [gatewayVariable, gatewayFallback] = HTTP_PORTS.gateway;
  const where = apps.includes('gateway')
    ? `; API at http://localhost:${env[gatewayVariable] || gatewayFallback}`
    : '';
  say(`all started services are healthy: ${apps.join(', ')}${where}`);
}

async function main() {
  const apps = parseApps(process.argv.slice(2));
  // A local .env, if any, fills in what the environment does not already set.
  if (existsSync(resolve(root, '.env'))) process.loadEnvFile(resolve(root, '.env'));

  try {
    await ensureInfra({ log: say });
  } catch (error) {
    warn(
      error instanceof InfraError
        ? error.message
        : `infrastructure check failed: ${error?.stack ?? error}`,
    );
    process.exit(1);
  }
  // START_SKIP_BUILD=1 is for the test suite: jest's globalSetup has built dist/ already, and a
  // rebuild deletes dist/ under suites running in parallel that spawn processes from it.
  if (process.env.START_SKIP_BUILD === '1') {
    say('START_SKIP_BUILD=1: using the existing dist/');
  } else {
    execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs')], {
      cwd: root,
      stdio: 'inherit',
    });
  }

  const standIn = stripeStandIn(process.env, apps);
  if (standIn) {
    say(
      `STRIPE_SECRET_KEY is not set: payments uses the local Stripe stand-in at ${standIn.apiBase} (dev only, no real money)`,
    );
  }
  const env = serviceEnv(process.env, standIn);
  const specs = [
    ...apps.map((app) => ({ name: app, args: [`dist/apps/${app}/src/main.js`], env })),
    ...extraProcesses(env, standIn),
  ];

  let stopping = false;
  let firstSignalAt = 0;
  let exitCode = 0;
  let forceTimer;
  const procs = [];

  const stopAll = (signal) => {
    if (stopping) return;
    stopping = true;
    firstSignalAt = Date.now();
    for (const proc of procs) signalGroup(proc, signal);
    forceTimer = setTimeout(() => {
      warn(`services still running ${STOP_GRACE_MS / 1000} s after ${signal}; killing them`);
      exitCode = 1;
      for (const proc of procs) signalGroup(proc, 'SIGKILL');
    }, STOP_GRACE_MS);
  };

  const onExit = (proc) => {
    const { code, signal } = proc.exit;
    const clean = code === 0 || (stopping && (signal === 'SIGTERM' || signal === 'SIGINT'));
    if (!stopping) {
      warn(`${proc.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the others`);
      exitCode = 1;
      stopAll('SIGTERM');
    } else if (!clean) {
      warn(`${proc.name} stopped with ${signal ?? `code ${code}`}`);
      exitCode = 1;
    }
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (!stopping) {
        say(`${signal}: stopping ${procs.map((p) => p.name).join(', ')}`);
        stopAll(signal === 'SIGHUP' ? 'SIGTERM' : signal);
      } else if (Date.now() - firstSignalAt > REPEAT_SIGNAL_FORCES_AFTER_MS) {
        warn(`${signal} again: killing the services now`);
        exitCode = 1;
        for (const proc of procs) signalGroup(proc, 'SIGKILL');
      }
    });
  }
  // Whatever happens to this process, do not leave services running without it.
  process.on('exit', () => {
    for (const proc of procs) signalGroup(proc, 'SIGKILL');
  });

  specs.forEach((spec, index) => {
    const proc = launch(spec, COLORS[index % COLORS.length], onExit);
    procs.push(proc);
    say(`${spec.name} started (pid ${proc.child.pid})`);
  });

  void waitUntilReady(apps, env, () => stopping);

  await Promise.all(procs.map((proc) => proc.done));
  clearTimeout(forceTimer);
  say(exitCode === 0 ? 'all services stopped' : 'all services stopped (with errors)');
  process.exit(exitCode);
}

main().catch((error) => {
  warn(`failed: ${error?.stack ?? error}`);
  process.exit(1);
});
