/**
 * bench/contention (P3) — 1,000 concurrent POST /bookings of ONE slot through the gateway, from
 * 20 customers, all in flight at once (fetch opens a connection per request in flight: undici
 * sets no per-origin limit):
 * how many 201 / 409 / 5xx, and the latency of every answer. Target: exactly one 201,
 * 999 × 409, no 5xx, p99 ≤ 1 s. Repeated on BENCH_ROUNDS (3) different slots of a warm system;
 * the database is then asked whether any slot is in two active bookings.
 *
 * BENCH_CONCURRENT (1000), BENCH_ROUNDS (3).
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  analyzeDatabases,
  availableSlotIds,
  createOpenBarbers,
  createService,
  customerTokens,
  startBenchSystem,
} from '../support/bench-system';
import { runBookingLoad } from '../support/booking-load';
import { runBench } from '../support/cleanup';
import { withClient } from '../support/postgres';
import { recordResult } from '../support/results';
import { summarize } from '../support/stats';

const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CUSTOMERS = 20;

interface Round {
  slotId: string;
  statuses: Record<string, number>;
  fivexx: number;
  /** Requests that got no HTTP answer at all (socket error, timeout). */
  failed: number;
  latencyMs: ReturnType<typeof summarize>;
  meetsTarget: boolean;
}

async function race(
  url: string,
  slotId: string,
  serviceId: string,
  tokens: string[],
): Promise<Round> {
  const body = JSON.stringify({ slotId, serviceId });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failed = 0;
  // Every request is built before the first is sent, so they leave as close together as one
  // event loop allows.
  const requests = Array.from({ length: CONCURRENT }, (_, index) => ({
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${tokens[index % tokens.length]}`,
    },
    body,
  }));
  await Promise.all(
    requests.map(async (init) => {
      const started = performance.now();
      try {
        const response = await fetch(`${url}/bookings`, {
          ...init,
          signal: AbortSignal.timeout(30_000),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      } catch {
        failed += 1;
      }
    }),
  );
  const fivexx = Object.entries(statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  const latencyMs = summarize(latencies);
  return {
    slotId,
    statuses,
    fivexx,
    failed,
    latencyMs,
    meetsTarget:
      statuses['201'] === 1 &&
      statuses['409'] === CONCURRENT - 1 &&
      fivexx === 0 &&
      failed === 0 &&
      latencyMs.p99 <= 1000,
  };
}

runBench(async () => {
  const loadAtStart = loadavg()[0];
  const bench = await startBenchSystem();
  try {
    const service = await createService(bench.admin);
    await createOpenBarbers(bench.admin, 2);
    const tokens = await customerTokens(bench.api, CUSTOMERS, 'p3');
    const slots = await availableSlotIds(bench.system.databaseUrl('booking'), 1000 + ROUNDS);
    await analyzeDatabases(bench.system);
    // Warm the system up on distinct slots first: the race should meet warm code and pools.
    const warm = slots
      .splice(0, 1000)
      .map((slotId) => JSON.stringify({ slotId, serviceId: service.id }));
    await runBookingLoad({
      url: bench.system.gatewayUrl,
      path: '/bookings',
      connections: 20,
      seconds: 5,
      bodies: warm,
      headersFor: (connection) => ({
        authorization: `Bearer ${tokens[connection % tokens.length]}`,
      }),
    });

    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const result = await race(bench.system.gatewayUrl, slots[round], service.id, tokens);
      rounds.push(result);
      console.log(
        `round ${round + 1}: ${JSON.stringify(result.statuses)} failed ${result.failed}, latency ${JSON.stringify(result.latencyMs)}`,
      );
    }

    // Promise 1, asked of the database itself after the races.
    const doubleBooked = await withClient(bench.system.databaseUrl('booking'), async (client) => {
      const { rows } = await client.query<{ count: string }>(
        `SELECT count(*) FROM (SELECT slot_id FROM booking_slots WHERE active GROUP BY slot_id HAVING count(*) > 1) AS twice`,
      );
      return Number(rows[0].count);
    });

    const result = {
      concurrent: CONCURRENT,
      customers: CUSTOMERS,
      rounds,
      slotsInTwoActiveBookings: doubleBooked,
      target: `exactly one 201, ${CONCURRENT - 1} x 409, no 5xx, p99 <= 1 s`,
      meetsTarget: rounds.every((round) => round.meetsTarget) && doubleBooked === 0,
      loadAverage1mAtStart: Math.round(loadAtStart * 100) / 100,
    };
    console.table(
      Object.fromEntries(
        rounds.map((round, index) => [
          `round ${index + 1}`,
          {
            '201': round.statuses['201'] ?? 0,
            '409': round.statuses['409'] ?? 0,
            '5xx': round.fivexx,
            failed: round.failed,
            p50: round.latencyMs.p50,
            p99: round.latencyMs.p99,
            max: round.latencyMs.max,
          },
        ]),
      ),
    );
    console.log(
      `slots in two active bookings: ${doubleBooked}; results written to ${recordResult('contention', result)}`,
    );
  } finally {
    await bench.stop();
  }
});
