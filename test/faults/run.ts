import { INBOX_QUEUES, QUEUES, deadLetterQueueOf } from '@app/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Json } from '../support/http-client';
import { redisOptions } from '../support/queues';
import {
  CheckerInputs,
  PromiseResult,
  checkPromises,
  connectPostgres,
  totalViolations,
} from './checker';
import { ClusterSettings, FaultCluster } from './cluster';
import { FaultInjector, FaultStats } from './injector';
import { LoadGenerator, LoadWorld } from './load';
import { Random } from './random';
import { formatReport } from './report';

export interface FaultRunOptions {
  /** How long load and faults run. */
  minutes: number;
  seed: number;
  /** Customers acting at once (default 8). */
  workers?: number;
  /** Convergence must come within this after the faults stop (default 60). */
  convergeBoundSeconds?: number;
  /** Where the JSON and text report go (default `<repo>/.faults/results`); null: nowhere. */
  resultsDir?: string | null;
  log?: (line: string) => void;
  /** Called once the cluster runs, with what stops it (for a CLI's SIGINT/SIGTERM). */
  onStarted?: (stop: () => Promise<void>) => void;
}

export interface FaultRunReport {
  seed: number;
  minutes: number;
  workers: number;
  startedAt: string;
  settings: ClusterSettings;
  timings: { setupMs: number; loadMs: number; convergeMs: number | null; convergeBoundMs: number };
  operations: {
    total: number;
    byKind: Record<string, { count: number; outcomes: Record<string, number> }>;
    anomalies: string[];
  };
  faults: FaultStats;
  converged: boolean;
  /** What was still under way when convergence was given up on (empty when it converged). */
  notConverged: string[];
  promises: PromiseResult[];
  violations: number;
  deadLetters: Array<{ queue: string; count: number }>;
  /** Each dead letter other than the refused payments' flags (which are dead letters by design), for diagnosis. */
  unexpectedDeadLetters: Array<{
    queue: string;
    jobId: string;
    type: string;
    attemptsMade: number;
    error: string;
    failedAt: string;
    /** What BullMQ's event stream of the inbox queue still says about the job: `<time> <event>`. */
    history: string[];
  }>;
  /** Every fault with the time it began. */
  faultTimeline: string[];
  /** Processes that died without being killed (each one counts as a violation). */
  crashes: string[];
  /** What the run left behind, by status: evidence of which paths the load went down. */
  state: StateCensus;
  passed: boolean;
  /** When it did not pass: the last lines each process wrote (LOG_LEVEL=error), for diagnosis. */
  processOutput?: Record<string, string>;
  files: { json: string; text: string } | null;
}

export interface StateCensus {
  /** `<status>/<paymentStatus>` → count. */
  bookings: Record<string, number>;
  /** Late or second payments booking refused (booking.payment_rejected). */
  rejectedPayments: number;
  payments: Record<string, number>;
  appointments: Record<string, number>;
  stripe: { sessions: number; succeededPayments: number; refundedInFull: number };
}

const SLOT_HORIZON_DAYS = 60;

export const FAULT_SETTINGS: ClusterSettings = {
  holdMinutes: 1,
  holdGraceSeconds: 5,
  holdExpiryIntervalSeconds: 2,
  reconcileIntervalSeconds: 2,
  reconcileStripeAfterSeconds: 3,
};

/**
 * The whole fault-injection run (issue 7): start the cluster, set up barbers, services and
 * customers, run the load and the faults together for `minutes`, stop both, wait (bounded) for
 * the system to converge, check every promise, and report. The cluster is stopped and its
 * databases dropped whatever happens.
 */
export async function runFaultSuite(options: FaultRunOptions): Promise<FaultRunReport> {
  const log = options.log ?? (() => undefined);
  const workers = options.workers ?? 8;
  const convergeBoundMs = (options.convergeBoundSeconds ?? 60) * 1000;
  const random = new Random(options.seed);
  const startedAt = new Date();
  log(
    `fault suite: seed ${options.seed}, ${options.minutes} min of load and faults, ${workers} workers`,
  );

  const resultsDir =
    options.resultsDir === null
      ? null
      : (options.resultsDir ?? resolve(repositoryRoot(), '.faults/results'));
  const runName = `${startedAt.toISOString().replace(/[:.]/g, '-')}-seed${options.seed}`;
  const logDir = resultsDir === null ? null : resolve(resultsDir, `${runName}-logs`);
  if (logDir) log(`process logs (LOG_LEVEL=error) in ${logDir}`);
  const cluster = await FaultCluster.start(
    FAULT_SETTINGS,
    log,
    { SLOT_HORIZON_DAYS: String(SLOT_HORIZON_DAYS) },
    logDir,
  );
  options.onStarted?.(() => cluster.stop());
  try {
    const world = await setUpWorld(cluster, options.minutes);
    const setupMs = Date.now() - startedAt.getTime();
    log(`cluster up and world set up in ${(setupMs / 1000).toFixed(1)} s; load and faults start`);

    const load = new LoadGenerator(world, cluster.stripe, random.fork(1000), log);
    const injector = new FaultInjector(cluster, random.fork(2000), log);
    const loadStarted = Date.now();
    const deadline = loadStarted + options.minutes * 60_000;
    const progress = setInterval(() => {
      const booked =
        load.stats.count('book_one_slot', 201) + load.stats.count('book_two_slots', 201);
      log(
        `… ${load.stats.total} operations (${booked} bookings made), ${injector.stats.kills} kills`,
      );
    }, 15_000);
    try {
      // If either fails, the other stops too, and the failure is reported once both have.
      const results = await Promise.allSettled([
        load.run(workers, deadline).catch((error: unknown) => {
          injector.abort();
          throw error;
        }),
        injector.run(deadline).catch((error: unknown) => {
          load.abort();
          throw error;
        }),
      ]);
      for (const result of results) if (result.status === 'rejected') throw result.reason;
    } finally {
      clearInterval(progress);
    }
    await cluster.restartCrashed();
    const stoppedAt = Date.now();
    log(
      `load and faults stopped: ${load.stats.total} operations, ${injector.stats.kills} kills; waiting for convergence`,
    );

    const inputs = checkerInputs(cluster, world);
    const convergence = await converge(cluster, inputs, convergeBoundMs, log);
    const deadLetters = await adminDeadLetterCounts(world);
    const state = await stateCensus(cluster);
    const unexpectedDeadLetters = await readUnexpectedDeadLetters(cluster);
    // A message dead-lettered during the run (other than a refused payment's flag, a dead letter by
    // design) is an effect that waits for a human to replay it: promise 5 says nobody has to.
    const violations =
      totalViolations(convergence.results) +
      load.stats.anomalies.length +
      cluster.crashes.length +
      unexpectedDeadLetters.length;
    const report: FaultRunReport = {
      seed: options.seed,
      minutes: options.minutes,
      workers,
      startedAt: startedAt.toISOString(),
      settings: FAULT_SETTINGS,
      timings: {
        setupMs,
        loadMs: stoppedAt - loadStarted,
        convergeMs: convergence.converged ? convergence.ms : null,
        convergeBoundMs,
      },
      operations: {
        total: load.stats.total,
        byKind: load.stats.summary(),
        anomalies: load.stats.anomalies,
      },
      faults: injector.stats,
      converged: convergence.converged,
      notConverged: convergence.waitingOn,
      promises: convergence.results,
      violations,
      deadLetters: [...deadLetters],
      unexpectedDeadLetters,
      faultTimeline: injector.timeline,
      crashes: cluster.crashes,
      state,
      passed: convergence.converged && violations === 0,
      files: null,
    };
    if (!report.passed)
      report.processOutput = Object.fromEntries(
        cluster.nodes.map((node) => [node.name, cluster.output(node)]),
      );
    if (resultsDir !== null) report.files = writeReport(report, resultsDir, runName);
    return report;
  } finally {
    await cluster.stop();
  }
}

async function setUpWorld(cluster: FaultCluster, minutes: number): Promise<LoadWorld> {
  const api = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${cluster.gatewayUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const expectStatus = async (
    what: string,
    answer: Promise<{ status: number; body: Json }>,
    status: number,
  ) => {
    const { status: got, body } = await answer;
    if (got !== status)
      throw new Error(`${what}: expected ${status}, got ${got} ${JSON.stringify(body)}`);
    return body;
  };
  const env = cluster.system.env;
  const adminToken: string = (
    await expectStatus(
      'admin login',
      api('POST', '/auth/login', { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
      200,
    )
  ).accessToken;
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: '09:00',
    end: '17:00',
  }));
  const barbers: string[] = [];
  for (const name of ['Ash', 'Blake', 'Casey', 'Drew', 'Eli', 'Finn']) {
    const barber = await expectStatus(
      'create barber',
      api('POST', '/barbers', { name, timeZone: 'UTC' }, adminToken),
      201,
    );
    await expectStatus(
      'availability',
      api('PUT', `/barbers/${barber.id}/availability`, { slotMinutes: 30, weekly }, adminToken),
      200,
    );
    barbers.push(barber.id);
  }
  const single = await expectStatus(
    'service',
    api(
      'POST',
      '/services',
      { name: 'Cut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' },
      adminToken,
    ),
    201,
  );
  const double = await expectStatus(
    'service',
    api(
      'POST',
      '/services',
      { name: 'Cut and beard', durationMinutes: 60, priceCents: 4000, currency: 'gbp' },
      adminToken,
    ),
    201,
  );
  const customers: LoadWorld['customers'] = [];
  for (let n = 0; n < 16; n += 1) {
    const email = `faults-${n}-${cluster.prefix}@test.local`;
    const user = await expectStatus(
      'register',
      api('POST', '/auth/register', { email, password: 'correct-horse-1', name: `Customer ${n}` }),
      201,
    );
    const login = await expectStatus(
      'login',
      api('POST', '/auth/login', { email, password: 'correct-horse-1' }),
      200,
    );
    customers.push({ id: user.id, token: login.accessToken });
  }
  // Tomorrow onwards (a customer cancelling tomorrow's slot may be inside the 24-hour window);
  // enough days that paid bookings never use up every slot (then only 409s would be left).
  const days = Math.min(SLOT_HORIZON_DAYS - 1, 3 + Math.ceil(minutes * 5.5));
  const dates = Array.from({ length: days }, (_, index) =>
    new Date(Date.now() + (index + 1) * 86_400_000).toISOString().slice(0, 10),
  );
  return {
    gatewayUrl: cluster.gatewayUrl,
    adminToken,
    customers,
    barbers,
    services: { single: single.id, double: double.id },
    dates,
    holdGraceSeconds: cluster.settings.holdGraceSeconds,
  };
}

/** The entries of a queue's BullMQ event stream about one job (the stream keeps the latest ~10,000). */
async function jobHistory(cluster: FaultCluster, queue: string, jobId: string): Promise<string[]> {
  const redis = new Redis(cluster.redis.url, { maxRetriesPerRequest: 1 });
  try {
    const entries = (await redis.xrange(`${cluster.prefix}:${queue}:events`, '-', '+')) as Array<
      [string, string[]]
    >;
    return entries
      .filter(([, fields]) => fields.includes(jobId))
      .map(
        ([id, fields]) => `${new Date(Number(id.split('-')[0])).toISOString()} ${fields.join(' ')}`,
      );
  } finally {
    redis.disconnect();
  }
}

async function readUnexpectedDeadLetters(
  cluster: FaultCluster,
): Promise<FaultRunReport['unexpectedDeadLetters']> {
  const letters: FaultRunReport['unexpectedDeadLetters'] = [];
  for (const inbox of INBOX_QUEUES) {
    const queue = new Queue(deadLetterQueueOf(inbox), {
      connection: redisOptions(cluster.redis.url),
      prefix: cluster.prefix,
    });
    try {
      for (const job of (await queue.getWaiting()).filter(Boolean)) {
        const letter = job.data as {
          jobId?: string;
          type?: string;
          attemptsMade?: number;
          error?: string;
          failedAt?: string;
        };
        // A refused payment's flag: the Stripe event as the envelope, attemptsMade 0 (DeadLetterFlaggedPaymentsUseCase).
        if (
          inbox === QUEUES.paymentsInbox &&
          letter.attemptsMade === 0 &&
          /refunded in full/.test(letter.error ?? '')
        )
          continue;
        const jobId = String(letter.jobId ?? job.id);
        letters.push({
          queue: deadLetterQueueOf(inbox),
          jobId,
          type: String(letter.type ?? job.name),
          attemptsMade: Number(letter.attemptsMade ?? 0),
          error: String(letter.error ?? '').slice(0, 500),
          failedAt: String(letter.failedAt ?? ''),
          history: await jobHistory(cluster, inbox, jobId),
        });
      }
    } finally {
      await queue.close();
    }
  }
  return letters;
}

async function stateCensus(cluster: FaultCluster): Promise<StateCensus> {
  const countBy = async (
    service: 'booking' | 'payments' | 'appointments',
    sql: string,
  ): Promise<Record<string, number>> => {
    const client = await connectPostgres(cluster.databaseUrl(service));
    try {
      const rows = (await client.query<{ key: string; n: number }>(sql)).rows;
      return Object.fromEntries(rows.map((row) => [row.key, row.n]));
    } finally {
      await client.end();
    }
  };
  const ledger = cluster.stripe.ledger();
  return {
    bookings: await countBy(
      'booking',
      `SELECT status || '/' || payment_status AS key, count(*)::int AS n FROM bookings GROUP BY 1 ORDER BY 1`,
    ),
    rejectedPayments:
      (await countBy('booking', `SELECT 'all' AS key, count(*)::int AS n FROM rejected_payments`))
        .all ?? 0,
    payments: await countBy(
      'payments',
      `SELECT status AS key, count(*)::int AS n FROM payments GROUP BY 1 ORDER BY 1`,
    ),
    appointments: await countBy(
      'appointments',
      `SELECT status AS key, count(*)::int AS n FROM appointments GROUP BY 1 ORDER BY 1`,
    ),
    stripe: {
      sessions: ledger.sessions.length,
      succeededPayments: ledger.succeededPayments.length,
      refundedInFull: ledger.succeededPayments.filter(
        (payment) => payment.amountRefunded === payment.amount,
      ).length,
    },
  };
}

function checkerInputs(cluster: FaultCluster, world: LoadWorld): Omit<CheckerInputs, 'ledger'> {
  return {
    databases: {
      booking: cluster.databaseUrl('booking'),
      payments: cluster.databaseUrl('payments'),
      appointments: cluster.databaseUrl('appointments'),
    },
    redis: { url: cluster.redis.url, prefix: cluster.prefix },
    holdGraceSeconds: cluster.settings.holdGraceSeconds,
    // The expiry sweep and the reconciler run on intervals: a hold that lapsed a moment ago is still due.
    holdSweepSlackSeconds:
      cluster.settings.holdExpiryIntervalSeconds + cluster.settings.reconcileIntervalSeconds + 3,
    deadLetterListing: {
      counts: () => adminDeadLetterCounts(world),
      list: async (queue) => {
        const letters: Array<{ jobId: string; error: string }> = [];
        for (let offset = 0; ; offset += 200) {
          const response = await fetch(
            `${world.gatewayUrl}/admin/dlq/${queue}?offset=${offset}&limit=200`,
            {
              headers: { authorization: `Bearer ${world.adminToken}` },
            },
          );
          if (response.status !== 200)
            throw new Error(`GET /admin/dlq/${queue} answered ${response.status}`);
          const page = (await response.json()) as Array<{ jobId: string; error: string }>;
          letters.push(...page);
          if (page.length < 200) return letters;
        }
      },
    },
  };
}

async function adminDeadLetterCounts(
  world: LoadWorld,
): Promise<ReadonlyArray<{ queue: string; count: number }>> {
  const response = await fetch(`${world.gatewayUrl}/admin/dlq`, {
    headers: { authorization: `Bearer ${world.adminToken}` },
  });
  if (response.status !== 200) throw new Error(`GET /admin/dlq answered ${response.status}`);
  return (await response.json()) as Array<{ queue: string; count: number }>;
}

/**
 * Poll until nothing is under way any more — the stand-in has no webhook left to (re)try, every
 * inbox queue is empty — and every promise holds; or give up after `boundMs`.
 */
async function converge(
  cluster: FaultCluster,
  inputs: Omit<CheckerInputs, 'ledger'>,
  boundMs: number,
  log: (line: string) => void,
): Promise<{ converged: boolean; ms: number; results: PromiseResult[]; waitingOn: string[] }> {
  const started = Date.now();
  for (;;) {
    const waitingOn: string[] = [];
    const idle = await Promise.race([
      cluster.stripe.idle().then(() => true),
      pause(500).then(() => false),
    ]);
    if (!idle) waitingOn.push('Stripe stand-in webhook deliveries');
    const backlog = await queueBacklog(cluster);
    if (backlog.length > 0) waitingOn.push(`queued messages: ${backlog.join(', ')}`);
    let results: PromiseResult[];
    try {
      results = await checkPromises({ ...inputs, ledger: cluster.stripe.ledger() });
    } catch (error) {
      results = [];
      waitingOn.push(`the checker: ${String(error)}`);
    }
    const violated = results.filter((row) => row.violations > 0);
    if (violated.length > 0)
      waitingOn.push(
        `promises: ${violated.map((row) => `${row.promise}=${row.violations}`).join(', ')}`,
      );
    const ms = Date.now() - started;
    if (waitingOn.length === 0) {
      log(`converged after ${(ms / 1000).toFixed(1)} s`);
      return { converged: true, ms, results, waitingOn };
    }
    if (ms > boundMs) {
      log(`not converged after ${(ms / 1000).toFixed(1)} s: ${waitingOn.join('; ')}`);
      return { converged: false, ms, results, waitingOn };
    }
    await pause(1000);
  }
}

/** Jobs not yet done in the inbox queues, as `<queue>:<state>=<n>`. */
async function queueBacklog(cluster: FaultCluster): Promise<string[]> {
  const backlog: string[] = [];
  for (const name of INBOX_QUEUES) {
    const queue = new Queue(name, {
      connection: redisOptions(cluster.redis.url),
      prefix: cluster.prefix,
    });
    try {
      const counts = await queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'waiting-children',
        'failed',
      );
      for (const [state, n] of Object.entries(counts))
        if (n > 0) backlog.push(`${name}:${state}=${n}`);
    } finally {
      await queue.close();
    }
  }
  return backlog;
}

function writeReport(
  report: FaultRunReport,
  dir: string,
  runName: string,
): { json: string; text: string } {
  mkdirSync(dir, { recursive: true });
  const base = resolve(dir, runName);
  const files = { json: `${base}.json`, text: `${base}.txt` };
  writeFileSync(files.json, `${JSON.stringify({ ...report, files }, null, 2)}\n`);
  writeFileSync(files.text, `${formatReport(report)}\n`);
  return files;
}

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(resolve(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
