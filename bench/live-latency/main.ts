/**
 * bench/live-latency — webhook answered → `appointment.updated` (paid) received on the
 * barber's SSE feed, with payments paced at BENCH_RATE per second (default 200).
 *
 * The whole system runs as real processes (gateway, booking, payments, appointments) with
 * the Stripe stand-in in this process sending signed webhooks. Each payment's path:
 * webhook → payments (stripe_events + outbox) → relay → booking-inbox → booking confirms
 * (+ outbox) → relay → appointments-inbox → appointment paid (+ outbox) → relay →
 * gateway-live → Redis pub/sub → every gateway → SSE.
 *
 * Baseline, same run: a change published straight onto the gateways' Redis live channel
 * → received on the same SSE feed (the last hop alone). The time of each payment is also
 * split into stages from the outbox/inbox timestamps of the three databases (stages.ts).
 */
import 'reflect-metadata';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Json } from '../../test/support/http-client';
import { SseStream } from '../../test/support/sse';
import { REDIS_URL, eventually } from '../../test/support/test-infra';
import {
  analyzeDatabases,
  beforeBuild,
  systemCpuTotal,
  setUpShop,
  startBenchSystem,
  systemCpuGroups,
} from '../support/bench-system';
import { benchmark } from '../support/benchmark';
import { delay } from '../support/cleanup';
import { cpuMeter } from '../support/process-stats';
import { summarize } from '../support/stats';
import { stageBreakdown } from './stages';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Math.min(200, RATE);
const BARBERS = 5;

async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** P2 on the system spawned from `build` (default: this checkout's); prints its tables, returns its figures. */
async function measure(label: string, build?: string) {
  const total = RATE * SECONDS + WARMUP;
  const bench = await startBenchSystem({}, build === undefined ? {} : { build });
  const { system, stripe, api, admin, adminToken } = bench;
  const streams: SseStream[] = [];
  try {
    // barbers: 0 — this benchmark opens its own, below.
    const {
      service,
      tokens: [customerToken],
    } = await setUpShop(bench, { barbers: 0, customers: 1, label: 'p2' });
    const customer = api.as(customerToken);

    // Enough free slots: BARBERS barbers open 08:00–20:00 every day of the horizon.
    const slotIds: string[] = [];
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      start: '08:00',
      end: '20:00',
    }));
    const barberIds: string[] = [];
    for (let b = 0; b < BARBERS; b += 1) {
      const barber = (await admin.post('/barbers', { name: `Barber ${b + 1}`, timeZone: 'UTC' }))
        .body;
      barberIds.push(barber.id);
      await admin.put(`/barbers/${barber.id}/availability`, { slotMinutes: 30, weekly });
      for (let day = 2; day < 28 && slotIds.length < total; day += 1) {
        const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
        const slots: Json[] = (await api.get(`/barbers/${barber.id}/slots?date=${date}`)).body;
        slotIds.push(...slots.filter((slot) => slot.status === 'available').map((slot) => slot.id));
      }
    }
    if (slotIds.length < total)
      throw new Error(`only ${slotIds.length} free slots for ${total} payments`);

    const bookings: Array<{ id: string; sessionId: string }> = [];
    await inParallel(slotIds.slice(0, total), 32, async (slotId) => {
      const created = await customer.post('/bookings', { slotId, serviceId: service.id });
      if (created.status !== 201)
        throw new Error(`booking failed: ${created.status} ${JSON.stringify(created.body)}`);
      // Held without a Checkout Session when Stripe or payments did not answer in time (a busy
      // machine): ask again, as a customer's page would (POST /bookings/:id/checkout).
      let checkout = created.body.checkout;
      for (let attempt = 1; !checkout && attempt <= 5; attempt += 1) {
        await delay(200 * attempt);
        const retried = await customer.post(`/bookings/${created.body.id}/checkout`);
        checkout = retried.status === 201 || retried.status === 200 ? retried.body.checkout : null;
      }
      if (!checkout) throw new Error(`booking ${created.body.id} got no Checkout Session`);
      bookings.push({ id: created.body.id, sessionId: checkout.sessionId });
    });

    const paidAt = new Map<string, number>();
    for (const barberId of barberIds) {
      const stream = await SseStream.open(
        `${system.gatewayUrl}/barbers/${barberId}/appointments/live`,
        adminToken,
      );
      streams.push(stream);
    }
    // Every appointment exists (pending) before the clock starts: appointments has drained booking.created.
    await eventually(
      'every appointment to exist',
      async () => {
        const day = await Promise.all(
          barberIds.map(async (barberId) => {
            let n = 0;
            for (let d = 2; d < 28; d += 1) {
              const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
              n += (
                (await admin.get(`/appointments?barberId=${barberId}&date=${date}`)).body as Json[]
              ).length;
            }
            return n;
          }),
        );
        return day.reduce((sum, n) => sum + n, 0) >= total;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    await analyzeDatabases(system);
    // Timestamped as each message is parsed, not by polling the collected messages.
    for (const stream of streams) {
      stream.onMessage((message) => {
        if (
          message.event === 'appointment.updated' &&
          message.data.status === 'paid' &&
          !paidAt.has(message.data.bookingId)
        ) {
          paidAt.set(message.data.bookingId, performance.now());
        }
      });
    }

    // Pay at RATE per second (open loop); the clock for each starts when its webhook was answered.
    // A webhook answered other than 200 is counted (the stand-in retries it, as Stripe would) and
    // left out of the latencies.
    const answeredAt = new Map<string, number>();
    const webhookErrors: Array<{
      status: number | null | undefined;
      body: string | null | undefined;
    }> = [];
    const inFlight: Promise<void>[] = [];
    const meter = cpuMeter(await systemCpuGroups(system));
    const start = performance.now();
    for (let i = 0; i < bookings.length; i += 1) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await delay(wait);
      const booking = bookings[i];
      inFlight.push(
        stripe
          .pay(booking.sessionId, { deliver: ['checkout.session.completed'] })
          .then((outcome) => {
            const attempt = outcome.deliveries[0]?.attempts[0];
            if (attempt?.status === 200) answeredAt.set(booking.id, performance.now());
            else
              webhookErrors.push({
                status: attempt?.status,
                body: attempt?.responseBody?.slice(0, 300) ?? attempt?.error,
              });
          }),
      );
    }
    await Promise.all(inFlight);
    if (webhookErrors.length > 0) {
      console.log(
        `${webhookErrors.length} webhooks not answered 200 at once, e.g. ${JSON.stringify(webhookErrors.slice(0, 3))}`,
      );
      // What payments said about it (its last log lines that name an error).
      const said = system.processes
        .filter((running) => running.service === 'payments')
        .flatMap((running) => running.output.join('').split('\n'))
        .filter((line) => /error|exception|timeout/i.test(line));
      for (const line of said.slice(-5)) console.log(`  payments: ${line.slice(0, 400)}`);
    }
    await eventually(
      'every paid appointment on a feed',
      () => [...answeredAt.keys()].every((id) => paidAt.has(id)),
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    const cpuMsPerPayment = meter.done(bookings.length);
    const measured = bookings.slice(WARMUP).filter((booking) => answeredAt.has(booking.id));
    const pipeline = measured.map(
      (booking) => paidAt.get(booking.id)! - answeredAt.get(booking.id)!,
    );
    // Where the time went, from the outbox and inbox timestamps of the three databases.
    const stages = await stageBreakdown(
      {
        payments: system.databaseUrl('payments'),
        booking: system.databaseUrl('booking'),
        appointments: system.databaseUrl('appointments'),
      },
      measured.map((booking) => ({
        bookingId: booking.id,
        answeredAt: performance.timeOrigin + answeredAt.get(booking.id)!,
        receivedAt: performance.timeOrigin + paidAt.get(booking.id)!,
      })),
    );

    // Baseline: publish straight onto the live channel, time to the same feed.
    const publisher = new Redis(REDIS_URL);
    const direct: number[] = [];
    const stream = streams[0];
    for (let i = 0; i < 500; i += 1) {
      const bookingId = randomUUID();
      const sent = performance.now();
      const arrived = stream.next((m) => m.data.bookingId === bookingId, 'baseline change', 5000);
      await publisher.publish(
        `${system.prefix}:live`,
        JSON.stringify({
          id: `${randomUUID()}:0`,
          event: 'appointment.updated',
          barberId: barberIds[0],
          bookingId,
          customerId: null,
          data: { bookingId, status: 'paid', barberId: barberIds[0] },
        }),
      );
      await arrived;
      direct.push(performance.now() - sent);
      await delay(1000 / RATE);
    }
    publisher.disconnect();

    const result = {
      ratePerSecond: RATE,
      payments: pipeline.length,
      webhooksNotAnswered200: webhookErrors.length,
      webhookAnsweredToSseMs: summarize(pipeline),
      baselineRedisToSseMs: summarize(direct),
      stagesMs: stages,
      cpuMsPerPayment,
      cpuMsPerPaymentTotal: systemCpuTotal(cpuMsPerPayment),
      target: 'p99 <= 100 ms, none missing',
      meetsTarget: summarize(pipeline).p99 <= 100 && webhookErrors.length === 0,
    };
    console.log(`\n${label}:`);
    console.table({
      'webhook answered → SSE appointment paid': result.webhookAnsweredToSseMs,
      'baseline: Redis live channel → SSE': result.baselineRedisToSseMs,
    });
    console.table(stages);
    console.log(`CPU ms per payment: ${JSON.stringify(cpuMsPerPayment)} = ${result.cpuMsPerPaymentTotal} without the benchmark process`);
    return result;
  } finally {
    streams.forEach((stream) => stream.close());
    await bench.stop();
  }
}

benchmark('live-latency', async ({ record }) => {
  const result = await measure('system');
  const before = beforeBuild();
  const beforeResult = before ? await measure(`before (${before.ref.slice(0, 12)})`, before.build) : null;
  const cpuReduction =
    beforeResult === null ? null : Math.round((beforeResult.cpuMsPerPaymentTotal / result.cpuMsPerPaymentTotal) * 100) / 100;
  if (beforeResult)
    console.log(
      `CPU ms per payment ${result.cpuMsPerPaymentTotal} against ${beforeResult.cpuMsPerPaymentTotal} before: ${cpuReduction} x less (target ≥ 3)`,
    );
  console.log(
    `results written to ${record({
      ...result,
      before: before && beforeResult ? { ref: before.ref, ...beforeResult } : null,
      cpuReduction,
      target: 'p99 <= 100 ms, none missing; CPU per payment >= 3 x lower than before (same run)',
      meetsTarget: result.meetsTarget && (cpuReduction === null || cpuReduction >= 3),
    })}`,
  );
});
