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
 * → received on the same SSE feed (the last hop alone).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { ApiClient, Json } from '../../test/support/http-client';
import { SseStream } from '../../test/support/sse';
import { TestSystem } from '../../test/support/system';
import { REDIS_URL, eventually } from '../../test/support/test-infra';
import { recordResult } from '../support/results';
import { summarize } from '../support/stats';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Math.min(200, RATE);
const BARBERS = 5;
const WEBHOOK_SECRET = 'whsec_bench_live';

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
  const total = RATE * SECONDS + WARMUP;
  const stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, port: 0, webhookRetry: { attempts: 3, backoffMs: 200 } });
  const system = await TestSystem.start(['booking', 'payments', 'appointments', 'gateway'], {
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_SECRET_KEY: 'sk_test_bench',
    RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
    RATE_LIMIT_AUTH_PER_MINUTE: '0',
    LOG_LEVEL: 'error',
  });
  const streams: SseStream[] = [];
  try {
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    const api = new ApiClient(system.gatewayUrl);
    const adminToken = (await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD })).body.accessToken;
    const admin = api.as(adminToken);
    const service = (await admin.post('/services', { name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' })).body;
    await api.post('/auth/register', { email: 'bench@live.test', password: 'correct-horse-1', name: 'Bench' });
    const customer = api.as((await api.post('/auth/login', { email: 'bench@live.test', password: 'correct-horse-1' })).body.accessToken);

    // Enough free slots: BARBERS barbers open 08:00–20:00 every day of the horizon.
    const slotIds: string[] = [];
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' }));
    const barberIds: string[] = [];
    for (let b = 0; b < BARBERS; b += 1) {
      const barber = (await admin.post('/barbers', { name: `Barber ${b + 1}`, timeZone: 'UTC' })).body;
      barberIds.push(barber.id);
      await admin.put(`/barbers/${barber.id}/availability`, { slotMinutes: 30, weekly });
      for (let day = 2; day < 28 && slotIds.length < total; day += 1) {
        const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
        const slots: Json[] = (await api.get(`/barbers/${barber.id}/slots?date=${date}`)).body;
        slotIds.push(...slots.filter((slot) => slot.status === 'available').map((slot) => slot.id));
      }
    }
    if (slotIds.length < total) throw new Error(`only ${slotIds.length} free slots for ${total} payments`);

    const bookings: Array<{ id: string; sessionId: string }> = [];
    await inParallel(slotIds.slice(0, total), 32, async (slotId) => {
      const created = await customer.post('/bookings', { slotId, serviceId: service.id });
      if (created.status !== 201 || !created.body.checkout) throw new Error(`booking failed: ${created.status} ${JSON.stringify(created.body)}`);
      bookings.push({ id: created.body.id, sessionId: created.body.checkout.sessionId });
    });

    const paidAt = new Map<string, number>();
    for (const barberId of barberIds) {
      const stream = await SseStream.open(`${system.gatewayUrl}/barbers/${barberId}/appointments/live`, adminToken);
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
              n += ((await admin.get(`/appointments?barberId=${barberId}&date=${date}`)).body as Json[]).length;
            }
            return n;
          }),
        );
        return day.reduce((sum, n) => sum + n, 0) >= total;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const onPaid = (stream: SseStream) => {
      let index = 0;
      const scan = () => {
        for (; index < stream.messages.length; index += 1) {
          const message = stream.messages[index];
          if (message.event === 'appointment.updated' && message.data.status === 'paid' && !paidAt.has(message.data.bookingId)) {
            paidAt.set(message.data.bookingId, performance.now());
          }
        }
      };
      return setInterval(scan, 1);
    };
    const scanners = streams.map(onPaid);

    // Pay at RATE per second (open loop); the clock for each starts when its webhook was answered.
    const answeredAt = new Map<string, number>();
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < bookings.length; i += 1) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const booking = bookings[i];
      inFlight.push(
        stripe.pay(booking.sessionId, { deliver: ['checkout.session.completed'] }).then((outcome) => {
          const status = outcome.deliveries[0]?.attempts[0]?.status;
          if (status !== 200) throw new Error(`webhook answered ${status}`);
          answeredAt.set(booking.id, performance.now());
        }),
      );
    }
    await Promise.all(inFlight);
    await eventually('every paid appointment on a feed', () => paidAt.size >= bookings.length, { timeoutMs: 120_000, intervalMs: 100 });
    scanners.forEach(clearInterval);
    const pipeline = bookings.slice(WARMUP).map((booking) => paidAt.get(booking.id)! - answeredAt.get(booking.id)!);

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
        JSON.stringify({ id: `${randomUUID()}:0`, event: 'appointment.updated', barberId: barberIds[0], bookingId, customerId: null, data: { bookingId, status: 'paid', barberId: barberIds[0] } }),
      );
      await arrived;
      direct.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 1000 / RATE));
    }
    publisher.disconnect();

    const result = {
      ratePerSecond: RATE,
      payments: pipeline.length,
      webhookAnsweredToSseMs: summarize(pipeline),
      baselineRedisToSseMs: summarize(direct),
      target: 'p50 <= 20 ms, p99 <= 100 ms',
    };
    console.table({ 'webhook answered → SSE appointment paid': result.webhookAnsweredToSseMs, 'baseline: Redis live channel → SSE': result.baselineRedisToSseMs });
    console.log(`results written to ${recordResult('live-latency', result)}`);
  } finally {
    streams.forEach((stream) => stream.close());
    await system.stop();
    await stripe.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
