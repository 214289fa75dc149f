/**
 * bench/round-trips — what a booking and a payment ask of PostgreSQL and Redis, counted rather
 * than timed: statements each service database receives (PostgreSQL's own statement log) and
 * Redis commands the system sends (MONITOR, scripts counted once), per booking and per payment,
 * everything they cause included (the system is drained before counting stops). Counts do not
 * drift with the machine's speed or with other work on it, so they show the cost of a change
 * when timings cannot; CPU per booking follows them (each round trip costs both sides tens of
 * microseconds on loopback, see BENCHMARKS.md).
 *
 * Runs this checkout's build and, in the same run, the build of BENCH_BEFORE (bench/run.mjs).
 * Needs to be the database superuser on a local PostgreSQL whose log it can read
 * (BENCH_POSTGRES_LOG, default /var/log/postgresql/postgresql-15-main.log): it sets
 * `log_statement = all` with ALTER SYSTEM for the counted window and resets it afterwards.
 *
 * BENCH_OPERATIONS (40): bookings counted, then as many payments.
 */
import 'reflect-metadata';
import { Redis } from 'ioredis';
import { openSync, readSync, statSync, closeSync } from 'node:fs';
import { Json } from '../../test/support/http-client';
import { POSTGRES_BASE, REDIS_URL, eventually } from '../../test/support/test-infra';
import {
  ALL_SERVICES,
  BenchSystem,
  DRAIN_QUERY,
  analyzeDatabases,
  availableSlotIds,
  beforeBuild,
  setUpShop,
  startBenchSystem,
  waitUntilDrained,
} from '../support/bench-system';
import { benchmark } from '../support/benchmark';
import { withClient } from '../support/postgres';
import { SEND_WITH_NEXT } from '@app/platform';

const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 40);
const POSTGRES_LOG = process.env.BENCH_POSTGRES_LOG ?? '/var/log/postgresql/postgresql-15-main.log';

type Counts = Record<string, number>;

async function setLogStatement(value: 'all' | null): Promise<void> {
  await withClient(`${POSTGRES_BASE}/postgres`, async (client) => {
    await client.query(value === null ? 'ALTER SYSTEM RESET log_statement' : `ALTER SYSTEM SET log_statement = '${value}'`);
    await client.query('SELECT pg_reload_conf()');
  });
}

function logSize(): number {
  return statSync(POSTGRES_LOG).size;
}

function readLogFrom(offset: number): string {
  const size = logSize();
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(POSTGRES_LOG, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/**
 * Round trips per service database in a slice of the log (`%u@%d` in log_line_prefix): one per
 * statement logged, but for those the services' pg client sends ahead of the next statement in
 * the same write (libs/platform/src/database/service-client.ts): a transaction's BEGIN, which
 * PostgreSQL logs as `execute <unnamed>: BEGIN`, and statements marked SEND_WITH_NEXT (the
 * outbox rows). Those are counted apart, as `sent with the next`.
 */
function roundTripsByService(log: string, system: BenchSystem['system']): { roundTrips: Counts; sentWithNext: number } {
  const databases = new Map(ALL_SERVICES.map((service) => [new URL(system.databaseUrl(service)).pathname.slice(1), service]));
  const roundTrips: Counts = Object.fromEntries(ALL_SERVICES.map((service) => [service, 0]));
  let sentWithNext = 0;
  for (const line of log.split('\n')) {
    const match = /@(\S+) LOG:\s+(statement|execute [^:]*):(.*)$/.exec(line);
    // The benchmark's own "is the system drained yet" queries are not the system's.
    if (!match || line.includes(DRAIN_QUERY)) continue;
    const service = databases.get(match[1]);
    if (!service) continue;
    const text = match[3].trim();
    if (match[2].startsWith('execute') && (text === 'BEGIN' || text.startsWith(SEND_WITH_NEXT.trim()))) sentWithNext += 1;
    else roundTrips[service] += 1;
  }
  return { roundTrips, sentWithNext };
}

/** Counts Redis commands that name this system's keys or channels (MONITOR; commands run inside a script are not counted). */
async function monitorRedis(prefix: string): Promise<{ stop(): Promise<Counts> }> {
  const monitor = new Redis(REDIS_URL);
  const counts: Counts = {};
  const session = await monitor.monitor();
  session.on('monitor', (_time: string, args: string[], source: string) => {
    if (source.includes('lua')) return;
    if (!args.some((arg) => arg.includes(prefix))) return;
    const command = args[0].toLowerCase();
    counts[command] = (counts[command] ?? 0) + 1;
  });
  return {
    async stop() {
      session.disconnect();
      monitor.disconnect();
      return counts;
    },
  };
}

function perOperation(counts: Counts, operations: number): Counts {
  return Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, Math.round((n / operations) * 10) / 10]));
}

function total(counts: Counts): number {
  return Math.round(Object.values(counts).reduce((sum, n) => sum + n, 0) * 10) / 10;
}

interface Counted {
  /** Per service. */
  postgresRoundTrips: Counts;
  /** Statements that went with the statement after them (no round trip of their own). */
  postgresSentWithNext: number;
  redisCommands: Counts;
}

async function counted(bench: BenchSystem, operations: number, work: () => Promise<void>): Promise<Counted> {
  await waitUntilDrained(bench.system);
  const redis = await monitorRedis(bench.system.prefix);
  await setLogStatement('all');
  const offset = logSize();
  try {
    await work();
    await waitUntilDrained(bench.system);
  } finally {
    await setLogStatement(null);
  }
  const redisCounts = await redis.stop();
  const { roundTrips, sentWithNext } = roundTripsByService(readLogFrom(offset), bench.system);
  return {
    postgresRoundTrips: perOperation(roundTrips, operations),
    postgresSentWithNext: Math.round((sentWithNext / operations) * 10) / 10,
    redisCommands: perOperation(redisCounts, operations),
  };
}

async function measure(label: string, build?: string) {
  const bench = await startBenchSystem({}, build === undefined ? {} : { build });
  try {
    const {
      service,
      tokens: [token],
    } = await setUpShop(bench, { barbers: 2, customers: 1, label: 'rt' });
    const customer = bench.api.as(token);
    const slots = await availableSlotIds(bench.system.databaseUrl('booking'), OPERATIONS + 5);
    await analyzeDatabases(bench.system);
    const book = async (slotId: string) => {
      const created = await customer.post('/bookings', { slotId, serviceId: service.id });
      if (created.status !== 201 || !created.body.checkout) throw new Error(`booking answered ${created.status}: ${JSON.stringify(created.body)}`);
      return created.body;
    };
    // Warm: pools open, statements planned once.
    for (const slotId of slots.splice(0, 5)) await book(slotId);
    const booked: Json[] = [];
    const booking = await counted(bench, OPERATIONS, async () => {
      for (const slotId of slots) booked.push(await book(slotId));
    });
    const payment = await counted(bench, OPERATIONS, async () => {
      for (const made of booked) {
        const outcome = await bench.stripe.pay(made.checkout.sessionId, { deliver: ['checkout.session.completed'] });
        if (outcome.deliveries[0]?.attempts[0]?.status !== 200) throw new Error(`webhook not answered 200: ${JSON.stringify(outcome.deliveries[0])}`);
      }
      await eventually(
        'every booking confirmed',
        async () => {
          const { body } = await customer.get(`/bookings/${booked[booked.length - 1].id}`);
          return body.status === 'confirmed';
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
    });
    const figures = {
      perBooking: { ...booking, postgresTotal: total(booking.postgresRoundTrips), redisTotal: total(booking.redisCommands) },
      perPayment: { ...payment, postgresTotal: total(payment.postgresRoundTrips), redisTotal: total(payment.redisCommands) },
    };
    console.log(`\n${label}:`);
    console.table({
      'per booking: PostgreSQL round trips': {
        ...booking.postgresRoundTrips,
        total: figures.perBooking.postgresTotal,
        'sent with the next': booking.postgresSentWithNext,
      },
      'per payment: PostgreSQL round trips': {
        ...payment.postgresRoundTrips,
        total: figures.perPayment.postgresTotal,
        'sent with the next': payment.postgresSentWithNext,
      },
    });
    console.log(`Redis commands per booking: ${JSON.stringify(booking.redisCommands)} = ${figures.perBooking.redisTotal}`);
    console.log(`Redis commands per payment: ${JSON.stringify(payment.redisCommands)} = ${figures.perPayment.redisTotal}`);
    return figures;
  } finally {
    await bench.stop();
  }
}

benchmark('round-trips', async ({ record }) => {
  const now = await measure('system');
  const before = beforeBuild();
  const then = before ? await measure(`before (${before.ref.slice(0, 12)})`, before.build) : null;
  console.log(`results written to ${record({ operations: OPERATIONS, system: now, before: then && before ? { ref: before.ref, ...then } : null })}`);
});
