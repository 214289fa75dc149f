import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startStripeStandIn, StripeStandIn } from '../../tools/stripe-standin/src/server';
import { ApiClient, Json } from '../../test/support/http-client';
import { redisOptions } from '../../test/support/queues';
import { RUNTIME_NODE_OPTIONS, ServiceName, TestSystem } from '../../test/support/system';
import { onShutdown } from './cleanup';
import { INBOX_QUEUES } from '@app/contracts';
import { Queue } from 'bullmq';
import { connect, withClient } from './postgres';
import { localRedisPid, postgresBackendPids } from './process-stats';

export const WEBHOOK_SECRET = 'whsec_bench';
export const ALL_SERVICES: ServiceName[] = ['booking', 'payments', 'appointments', 'gateway'];

/**
 * The environment every benchmark gives the system: production defaults (LOG_LEVEL info and
 * all) except what a load test must change — rate limits off (every request comes from one
 * address and a handful of customers) and Stripe pointed at the in-process stand-in.
 */
export function benchEnv(
  stripe: StripeStandIn,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_SECRET_KEY: 'sk_test_bench',
    RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
    RATE_LIMIT_AUTH_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    // BENCH_CPU_PROFILE_DIR=<dir>: every service writes a CPU profile there when it exits.
    ...(process.env.BENCH_CPU_PROFILE_DIR
      ? { NODE_OPTIONS: `${RUNTIME_NODE_OPTIONS} --require ${resolve(__dirname, 'cpu-profile-preload.js')}` }
      : {}),
    ...overrides,
    // BENCH_SYSTEM_ENV='{"LOG_LEVEL":"warn"}': try a setting without editing a benchmark.
    ...(JSON.parse(process.env.BENCH_SYSTEM_ENV ?? '{}') as Record<string, string>),
  };
}

export interface BenchSystem {
  system: TestSystem;
  stripe: StripeStandIn;
  api: ApiClient;
  admin: ApiClient;
  adminToken: string;
  /** From spawning the first process to the gateway's /health (which checks every service) answering 200. */
  startupMs: number;
  stop(): Promise<void>;
}

/** The Stripe stand-in in this process, its webhooks aimed at the payments process once it runs. */
export async function startBenchStripe(): Promise<StripeStandIn> {
  return startStripeStandIn({
    webhookSecret: WEBHOOK_SECRET,
    port: 0,
    webhookRetry: { attempts: 3, backoffMs: 200 },
  });
}

/**
 * Every service as a real process (TestSystem: own databases, queue prefix and ports), the
 * Stripe stand-in, and an admin client. `stop()` stops the processes and drops the databases
 * and queue keys; it is registered with `onShutdown` before the first process is spawned, so
 * the benchmark's end (however it ends) and SIGINT/SIGTERM run it too — call it to stop
 * sooner. `parallel`: spawn all four at once, as an orchestrator would (otherwise one after
 * another, each waiting for its own /health, like the e2e suites).
 */
export async function startBenchSystem(
  overrides: Record<string, string> = {},
  { parallel = false, build }: { parallel?: boolean; build?: string } = {},
): Promise<BenchSystem> {
  const stripe = await startBenchStripe();
  // No process yet: start() with an empty list only allocates names, databases-to-be and ports.
  const system = await TestSystem.start(
    [],
    { ...benchEnv(stripe, overrides), GATEWAY_HEALTH_SERVICES: 'booking,payments,appointments' },
    build === undefined ? {} : { build },
  );
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      await system
        .stop()
        .catch((error: unknown) => console.error('stopping the system failed:', error));
      await stripe.close().catch(() => undefined);
    })();
    return stopped;
  };
  const unregister = onShutdown(stop);
  try {
    const spawnedAt = performance.now();
    if (parallel) {
      await Promise.all(ALL_SERVICES.map((service) => system.startProcess(service)));
    } else {
      for (const service of ALL_SERVICES) await system.startProcess(service);
    }
    const startupMs = performance.now() - spawnedAt;
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    const api = new ApiClient(system.gatewayUrl);
    const login = await api.post('/auth/login', {
      email: system.env.ADMIN_EMAIL,
      password: system.env.ADMIN_PASSWORD,
    });
    if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
    const adminToken: string = login.body.accessToken;
    return {
      system,
      stripe,
      api,
      admin: api.as(adminToken),
      adminToken,
      startupMs,
      stop: async () => {
        unregister();
        await stop();
      },
    };
  } catch (error) {
    unregister();
    await stop();
    throw error;
  }
}

/**
 * ANALYZE every service database once the benchmark's data is in. A system that has been
 * running has statistics (autoanalyze); one created a minute ago and filled in seconds has
 * none yet, and the planner's guesses then pick plans no running system would use (a bitmap
 * scan for the outbox claim that reads every dead index entry on every claim). Measuring that
 * first minute would measure the benchmark's setup, not the system.
 */
export async function analyzeDatabases(system: TestSystem): Promise<void> {
  for (const service of ALL_SERVICES) {
    await withClient(system.databaseUrl(service), (client) => client.query('ANALYZE'));
  }
}

/** CPU groups for `cpuMeter`: each service process, and the PostgreSQL backends of their databases. */
export async function systemCpuGroups(
  system: TestSystem,
): Promise<Array<{ name: string; pids: number[] }>> {
  const services = system.processes.map((running) => ({
    name: running.service,
    pids: [running.child.pid!],
  }));
  const backends = await postgresBackendPids(
    ALL_SERVICES.map((service) => system.databaseUrl(service)),
  );
  const redisUrl = new URL(system.env.REDIS_URL);
  const redis = ['127.0.0.1', 'localhost'].includes(redisUrl.hostname)
    ? localRedisPid(Number(redisUrl.port || 6379))
    : null;
  return [
    ...services,
    { name: 'postgres backends', pids: backends },
    // Shared with anything else using that Redis at the time: an upper bound on a quiet machine.
    ...(redis === null ? [] : [{ name: 'redis-server (shared)', pids: [redis] }]),
  ];
}

/** Register and log in `count` customers through the gateway; their access tokens. */
export async function customerTokens(
  api: ApiClient,
  count: number,
  label: string,
): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const email = `${label}-${index}@bench.test`;
      const password = 'correct-horse-battery';
      const registered = await api.post('/auth/register', {
        email,
        password,
        name: `Bench customer ${index}`,
      });
      if (registered.status !== 201)
        throw new Error(
          `register answered ${registered.status}: ${JSON.stringify(registered.body)}`,
        );
      const login = await api.post('/auth/login', { email, password });
      if (login.status !== 200) throw new Error(`login answered ${login.status}`);
      return login.body.accessToken as string;
    }),
  );
}

export interface Shop {
  service: Json;
  barberIds: string[];
  /** The customers' access tokens. */
  tokens: string[];
}

/**
 * What the benchmarks book, set up through the gateway in this order: the service
 * (createService), `barbers` barbers open all day (createOpenBarbers) and `customers`
 * customers registered and logged in (customerTokens, e-mails `<label>-<n>@bench.test`).
 */
export async function setUpShop(
  { admin, api }: { admin: ApiClient; api: ApiClient },
  { barbers, customers, label }: { barbers: number; customers: number; label: string },
): Promise<Shop> {
  const service = await createService(admin);
  const barberIds = await createOpenBarbers(admin, barbers);
  const tokens = await customerTokens(api, customers, label);
  return { service, barberIds, tokens };
}

export async function createService(admin: ApiClient): Promise<Json> {
  const created = await admin.post('/services', {
    name: 'Haircut',
    durationMinutes: 30,
    priceCents: 2500,
    currency: 'gbp',
  });
  if (created.status !== 201) throw new Error(`POST /services answered ${created.status}`);
  return created.body;
}

/**
 * `barbers` barbers open 00:00–23:30 every day in 30-minute slots (the gateway refuses "24:00"), set up through the
 * gateway (the booking service generates their slots for SLOT_HORIZON_DAYS); their ids.
 */
export async function createOpenBarbers(admin: ApiClient, barbers: number): Promise<string[]> {
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: '00:00',
    end: '23:30',
  }));
  const ids: string[] = [];
  for (let b = 0; b < barbers; b += 1) {
    const barber = await admin.post('/barbers', { name: `Bench barber ${b + 1}`, timeZone: 'UTC' });
    if (barber.status !== 201) throw new Error(`POST /barbers answered ${barber.status}`);
    const availability = await admin.put(`/barbers/${barber.body.id}/availability`, {
      slotMinutes: 30,
      weekly,
    });
    if (availability.status !== 200)
      throw new Error(
        `PUT availability answered ${availability.status}: ${JSON.stringify(availability.body)}`,
      );
    ids.push(barber.body.id);
  }
  return ids;
}

/**
 * Ids of available slots starting at least a day ahead, shuffled so that consecutive
 * bookings hit different barbers and days. Read straight from the booking database:
 * setting up a benchmark, not part of what it measures.
 */
export async function availableSlotIds(databaseUrl: string, limit: number): Promise<string[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM slots WHERE status = 'available' AND starts_at > now() + interval '1 day' ORDER BY random() LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  });
}

/**
 * The build of the commit to compare with (bench/run.mjs: BENCH_BEFORE, by default the commit
 * issue 19 started from), or null when the comparison is off.
 */
export function beforeBuild(): { build: string; ref: string } | null {
  const build = process.env.BENCH_BEFORE_BUILD;
  return build ? { build, ref: process.env.BENCH_BEFORE_REF ?? 'before' } : null;
}

/** CPU ms per operation of the system itself: every group but the load generator, summed. */
export function systemCpuTotal(cpuMs: Record<string, number>): number {
  const total = Object.entries(cpuMs)
    .filter(([name]) => name !== 'benchmark process')
    .reduce((sum, [, ms]) => sum + ms, 0);
  return Math.round(total * 100) / 100;
}

/** The drain check's own query (bench/round-trips leaves it out of the system's statements). */
export const DRAIN_QUERY = 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL';

/**
 * Resolves once the system has done everything the load caused: no unpublished outbox row in
 * any service database and no waiting, delayed or active job on any inbox queue, seen twice in
 * a row 100 ms apart (a message applied can write the next one). Measuring CPU until then counts
 * the asynchronous work a booking causes (its appointment, links, live changes), not only what
 * was done while the load ran.
 */
export async function waitUntilDrained(system: TestSystem, timeoutMs = 120_000): Promise<void> {
  const queues = INBOX_QUEUES.map(
    (name) => new Queue(name, { connection: redisOptions(system.env.REDIS_URL), prefix: system.prefix }),
  );
  const services: ServiceName[] = ['booking', 'payments', 'appointments'];
  const clients = await Promise.all(services.map((service) => connect(system.databaseUrl(service))));
  try {
    const busy = async (): Promise<boolean> => {
      for (const client of clients) {
        const { rows } = await client.query<{ n: number }>(DRAIN_QUERY);
        if (rows[0].n > 0) return true;
      }
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return true;
      }
      return false;
    };
    const deadline = Date.now() + timeoutMs;
    let quietInARow = 0;
    while (quietInARow < 2) {
      if (Date.now() > deadline) throw new Error(`the system was still busy ${timeoutMs} ms after the load`);
      quietInARow = (await busy()) ? 0 : quietInARow + 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await Promise.all(clients.map((client) => client.end()));
    await Promise.all(queues.map((queue) => queue.close()));
  }
}
