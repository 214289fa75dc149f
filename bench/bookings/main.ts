/**
 * bench/bookings (P1) — POST /bookings through the gateway, each over a distinct free slot,
 * 50 keep-alive connections in a closed loop (autocannon): throughput, p50, p99. Each request
 * is the whole production path: gateway (JWT, validation) → booking over TCP (hold the slot,
 * insert the booking, outbox) → gateway → payments over TCP → Checkout Session on the Stripe
 * stand-in (in this process) → 201.
 *
 * Baseline, same run, same PostgreSQL, after the system is stopped: bench/baseline/server.ts,
 * one Fastify + pg process doing the booking transaction on the same schema with no gateway,
 * no RPC, no outbox and no Checkout Session. Target (issue 19): throughput ≥ 0.3 × baseline, and
 * CPU per booking at least 3 × lower than the build of BENCH_BEFORE (bench/run.mjs), measured
 * the same way in the same run, CPU counted until the system has drained what the load caused.
 *
 * BENCH_SECONDS (15), BENCH_CONNECTIONS (50), BENCH_WARMUP_SECONDS (3).
 */
import 'reflect-metadata';
import { startBaseline } from '../baseline/start-baseline';
import {
  analyzeDatabases,
  availableSlotIds,
  beforeBuild,
  systemCpuTotal,
  waitUntilDrained,
  setUpShop,
  startBenchSystem,
  systemCpuGroups,
} from '../support/bench-system';
import { benchmark } from '../support/benchmark';
import { BookingLoadResult, runBookingLoad } from '../support/booking-load';
import { cpuMeter, postgresBackendPids } from '../support/process-stats';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BARBERS = 24;
const CUSTOMERS = 10;

function row(result: BookingLoadResult) {
  return {
    'req/s (2xx)': result.throughputPerSecond,
    requests: result.requests,
    p50: result.latencyMs.p50,
    p90: result.latencyMs.p90,
    p99: result.latencyMs.p99,
    max: result.latencyMs.max,
    statuses: JSON.stringify(result.statuses),
  };
}

/**
 * What went wrong in a run, in words (empty when every answer was a 201). Recorded with the
 * figures rather than thrown: on a busy machine a few 503s are a finding, not a reason to lose
 * the run. Running out of slots makes the figures meaningless, so that one throws.
 */
function problemsOf(what: string, result: BookingLoadResult): string[] {
  if (result.ranOutOfBodies)
    throw new Error(`${what}: ran out of free slots before the time was up; add barbers or days`);
  const non201 = result.requests - (result.statuses['201'] ?? 0);
  return non201 > 0 || result.errors > 0
    ? [
        `${what}: ${non201} answers were not 201 and ${result.errors} requests failed: ${JSON.stringify(result.statuses)}`,
      ]
    : [];
}

interface SystemRun {
  system: BookingLoadResult;
  checkoutSessions: number;
  cpuMsPerBooking: Record<string, number>;
}

/** P1 on the system spawned from `build` (default: this checkout's), problems appended to `problems`. */
async function measureSystem(label: string, problems: string[], build?: string): Promise<SystemRun> {
  const bench = await startBenchSystem({}, build === undefined ? {} : { build });
  try {
    const { service, tokens } = await setUpShop(bench, {
      barbers: BARBERS,
      customers: CUSTOMERS,
      label: 'p1',
    });
    const slots = await availableSlotIds(bench.system.databaseUrl('booking'), 100_000);
    await analyzeDatabases(bench.system);
    const bodies = slots.map((slotId) => JSON.stringify({ slotId, serviceId: service.id }));
    const headersFor = (connection: number) => ({
      authorization: `Bearer ${tokens[connection % tokens.length]}`,
    });
    console.log(
      `${label}: ${slots.length} free slots; warming up ${WARMUP_SECONDS} s, then ${SECONDS} s at ${CONNECTIONS} connections`,
    );
    const warmBodies = bodies.splice(0, Math.min(bodies.length / 4, 3000));
    problems.push(
      ...problemsOf(
        `${label} warm-up`,
        await runBookingLoad({
          url: bench.system.gatewayUrl,
          path: '/bookings',
          connections: CONNECTIONS,
          seconds: WARMUP_SECONDS,
          bodies: warmBodies,
          headersFor,
        }),
      ),
    );
    const sessionsBefore = bench.stripe.ledger().sessions.length;
    const meter = cpuMeter(await systemCpuGroups(bench.system));
    const system = await runBookingLoad({
      url: bench.system.gatewayUrl,
      path: '/bookings',
      connections: CONNECTIONS,
      seconds: SECONDS,
      bodies,
      headersFor,
    });
    // Until the consumers have applied what the measured bookings caused (appointments, links, live changes).
    await waitUntilDrained(bench.system);
    const cpuMsPerBooking = meter.done(system.requests);
    problems.push(...problemsOf(label, system));
    // A 201 without a Checkout Session is a booking the customer cannot pay yet: not a success.
    const checkoutSessions = bench.stripe.ledger().sessions.length - sessionsBefore;
    if (checkoutSessions < (system.statuses['201'] ?? 0)) {
      problems.push(
        `${label}: only ${checkoutSessions} Checkout Sessions for ${system.statuses['201']} bookings`,
      );
    }
    return { system, checkoutSessions, cpuMsPerBooking };
  } finally {
    await bench.stop();
  }
}

benchmark('bookings', async ({ record }) => {
  const problems: string[] = [];
  // --- the system, then the same on the build of the commit to compare with ------------------
  const { system, checkoutSessions, cpuMsPerBooking } = await measureSystem('system', problems);
  const before = beforeBuild();
  const beforeRun = before ? await measureSystem(`before (${before.ref.slice(0, 12)})`, problems, before.build) : null;

  // --- the baseline --------------------------------------------------------------------------
  const baselineServer = await startBaseline({ barbers: 60, days: 40 });
  let baseline: BookingLoadResult;
  let baselineCpuMsPerBooking: Record<string, number>;
  try {
    const bodies = baselineServer.slotIds.map((slotId) =>
      JSON.stringify({
        slotId,
        serviceId: baselineServer.serviceId,
        customerId: '00000000-0000-4000-8000-000000000001',
      }),
    );
    console.log(
      `baseline: ${bodies.length} free slots; warming up ${WARMUP_SECONDS} s, then ${SECONDS} s`,
    );
    const warmBodies = bodies.splice(0, Math.min(bodies.length / 4, 15_000));
    problems.push(
      ...problemsOf(
        'baseline warm-up',
        await runBookingLoad({
          url: baselineServer.url,
          path: '/bookings',
          connections: CONNECTIONS,
          seconds: WARMUP_SECONDS,
          bodies: warmBodies,
        }),
      ),
    );
    const meter = cpuMeter([
      { name: 'baseline', pids: [baselineServer.pid] },
      { name: 'postgres backends', pids: await postgresBackendPids([baselineServer.databaseUrl]) },
    ]);
    baseline = await runBookingLoad({
      url: baselineServer.url,
      path: '/bookings',
      connections: CONNECTIONS,
      seconds: SECONDS,
      bodies,
    });
    baselineCpuMsPerBooking = meter.done(baseline.requests);
    problems.push(...problemsOf('baseline', baseline));
  } finally {
    await baselineServer.stop();
  }

  const ratio =
    Math.round((system.throughputPerSecond / baseline.throughputPerSecond) * 1000) / 1000;
  const cpuTotal = systemCpuTotal(cpuMsPerBooking);
  const beforeCpuTotal = beforeRun ? systemCpuTotal(beforeRun.cpuMsPerBooking) : null;
  // Issue 19: CPU per booking (every process of the system, PostgreSQL and Redis included) ≥ 3 × lower than before.
  const cpuReduction = beforeCpuTotal === null ? null : Math.round((beforeCpuTotal / cpuTotal) * 100) / 100;
  const result = {
    connections: CONNECTIONS,
    seconds: SECONDS,
    system,
    checkoutSessions,
    cpuMsPerBooking,
    cpuMsPerBookingTotal: cpuTotal,
    before: beforeRun && before ? { ref: before.ref, ...beforeRun, cpuMsPerBookingTotal: beforeCpuTotal } : null,
    cpuReduction,
    baseline,
    baselineCpuMsPerBooking,
    throughputRatio: ratio,
    target: 'throughput >= 0.3 x baseline; CPU per booking >= 3 x lower than before (same run)',
    problems,
    meetsTarget: ratio >= 0.3 && (cpuReduction === null || cpuReduction >= 3) && problems.length === 0,
  };
  console.table({
    'POST /bookings via gateway (+ Checkout)': row(system),
    ...(beforeRun && before ? { [`same, before (${before.ref.slice(0, 12)})`]: row(beforeRun.system) } : {}),
    'baseline: Fastify + pg transaction': row(baseline),
  });
  console.log(`CPU ms per booking: system ${JSON.stringify(cpuMsPerBooking)} = ${cpuTotal} without the benchmark process`);
  if (beforeRun)
    console.log(
      `CPU ms per booking, before: ${JSON.stringify(beforeRun.cpuMsPerBooking)} = ${beforeCpuTotal}; ${cpuReduction} x less now (target ≥ 3)`,
    );
  console.log(`CPU ms per booking, baseline: ${JSON.stringify(baselineCpuMsPerBooking)}`);
  console.log(`throughput ratio ${ratio} (target ≥ 0.3); p99 ${system.latencyMs.p99} ms`);
  for (const problem of problems) console.log(`PROBLEM: ${problem}`);
  console.log(`results written to ${record(result)}`);
});
