import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StripeStandIn, signWebhookPayload, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { ApiClient, Json } from '../support/http-client';
import { redisOptions } from '../support/queues';
import { LONDON } from '../support/calendar';
import { TestSystem } from '../support/system';
import { REDIS_URL, eventually } from '../support/test-infra';

const WEBHOOK_SECRET = 'whsec_e2e_payments';

/**
 * Issue 4 acceptance, end to end: real gateway, booking and payments processes, real
 * PostgreSQL and Redis, and the local Stripe stand-in (the only thing outside the system).
 */
describe('Paying for a booking (gateway, booking, payments and the Stripe stand-in)', () => {
  let stripe: StripeStandIn;
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let bookingDb: Client;
  let paymentsDb: Client;
  let barberId: string;
  let haircutId: string;
  let webhookUrl: string;
  let customers = 0;
  // Working days derived from today in the barber's zone; farDay lies beyond the 30-day cancellation window.
  const [dayA, dayB, dayC, dayD] = LONDON.weekdays(4);
  const farDay = LONDON.weekday(40);

  async function customer(): Promise<ApiClient> {
    customers += 1;
    const email = `payer${customers}-${randomUUID().slice(0, 8)}@test.local`;
    expect((await api.post('/auth/register', { email, password: 'correct-horse-1', name: `Payer ${customers}` })).status).toBe(201);
    return api.as((await api.post('/auth/login', { email, password: 'correct-horse-1' })).body.accessToken);
  }

  /** The slot starting at `localTime` London time on `date`. */
  async function slotAt(date: string, localTime: string): Promise<{ id: string; status: string }> {
    const slots: Array<{ id: string; startsAt: string; status: string }> = (await api.get(`/barbers/${barberId}/slots?date=${date}`)).body;
    const slot = slots.find((candidate) => candidate.startsAt === LONDON.at(date, localTime));
    if (!slot) throw new Error(`no slot at ${date} ${localTime} London time`);
    return slot;
  }

  async function book(client: ApiClient, date: string, time: string): Promise<Json> {
    const response = await client.post('/bookings', { slotId: (await slotAt(date, time)).id, serviceId: haircutId });
    expect(response.status).toBe(201);
    return response.body;
  }

  const bookingOf = async (client: ApiClient, id: string): Promise<Json> => (await client.get(`/bookings/${id}`)).body;
  const waitForBooking = (client: ApiClient, id: string, check: (booking: Json) => boolean, what: string) =>
    eventually(what, async () => {
      const current = await bookingOf(client, id);
      return check(current) ? current : undefined;
    });
  const count = async (db: Client, sql: string, params: unknown[]): Promise<number> =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
  const paymentIdOf = async (bookingId: string): Promise<string> =>
    (await paymentsDb.query<{ id: string }>('SELECT id FROM payments WHERE booking_id = $1 ORDER BY attempt DESC LIMIT 1', [bookingId])).rows[0].id;

  beforeAll(async () => {
    stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, port: 0, webhookRetry: { attempts: 1 } });
    system = await TestSystem.start(['booking', 'payments', 'gateway'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      SLOT_HORIZON_DAYS: '130',
      CANCELLATION_WINDOW_HOURS: '720',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      HOLD_EXPIRY_INTERVAL_SECONDS: '1',
      BOOKING_HOLD_GRACE_SECONDS: '0',
    });
    const payments = system.processes.find((running) => running.service === 'payments')!;
    webhookUrl = `http://127.0.0.1:${payments.httpPort}/webhooks/stripe`;
    stripe.setWebhookUrl(webhookUrl);
    api = new ApiClient(system.gatewayUrl);
    admin = api.as((await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD })).body.accessToken);
    bookingDb = new Client({ connectionString: system.databaseUrl('booking') });
    paymentsDb = new Client({ connectionString: system.databaseUrl('payments') });
    await Promise.all([bookingDb.connect(), paymentsDb.connect()]);
    barberId = (await admin.post('/barbers', { name: 'Robin', timeZone: 'Europe/London' })).body.id;
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    expect((await admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly })).status).toBe(200);
    haircutId = (await admin.post('/services', { name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' })).body.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([bookingDb?.end(), paymentsDb?.end()]);
    await system?.stop();
    await stripe?.close();
  });

  it('confirms a paid booking and books its slot; the same event 10 times at once has one effect', async () => {
    const client = await customer();
    const booking = await book(client, dayA, '09:00');
    expect(booking.checkout).toMatchObject({ sessionId: expect.stringMatching(/^cs_/), url: expect.stringContaining('/checkout/') });

    const paid = await stripe.pay(booking.checkout.sessionId, { deliver: ['checkout.session.completed'] });
    const confirmed = await waitForBooking(client, booking.id, (b) => b.status === 'confirmed', 'confirmation');
    expect(confirmed).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', checkout: null });
    expect((await slotAt(dayA, '09:00')).status).toBe('booked');

    const completed = paid.events.find((event) => event.type === 'checkout.session.completed')!;
    const answers = await Promise.all(Array.from({ length: 10 }, () => stripe.redeliver(completed.id)));
    expect(answers.map((delivery) => delivery.attempts.at(-1)?.status)).toEqual(Array(10).fill(200));
    await stripe.redeliver(paid.events.find((event) => event.type === 'payment_intent.succeeded')!.id);
    expect(await count(paymentsDb, `SELECT count(*) AS n FROM stripe_events WHERE id = $1`, [completed.id])).toBe(1);
    expect(await count(paymentsDb, `SELECT count(*) AS n FROM outbox WHERE type = 'payment.succeeded' AND envelope->'payload'->>'bookingId' = $1`, [booking.id])).toBe(1);
    await eventually('the relay to drain', async () => (await count(bookingDb, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL', [])) === 0);
    expect(await count(bookingDb, `SELECT count(*) AS n FROM outbox WHERE type = 'booking.confirmed' AND envelope->'payload'->>'bookingId' = $1`, [booking.id])).toBe(1);
  });

  it('ends the same when payment_intent.succeeded comes first, and keeps the slot when expiry arrives after payment', async () => {
    const client = await customer();
    const booking = await book(client, dayA, '10:00');
    await stripe.pay(booking.checkout.sessionId, { deliver: ['payment_intent.succeeded', 'checkout.session.completed'] });
    await waitForBooking(client, booking.id, (b) => b.status === 'confirmed' && b.paymentStatus === 'paid', 'confirmation');

    const expired = stripe.newEvent('checkout.session.expired', { ...stripe.checkoutSession(booking.checkout.sessionId), status: 'expired' });
    expect((await stripe.deliver(expired)).attempts[0].status).toBe(200);
    await eventually('the expired event to be processed', async () => (await count(paymentsDb, 'SELECT count(*) AS n FROM stripe_events WHERE id = $1', [expired.id])) === 1);
    expect(await bookingOf(client, booking.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    expect((await slotAt(dayA, '10:00')).status).toBe('booked');
  });

  it('answers 400 to a missing, bad, tampered or stale signature and records nothing', async () => {
    const client = await customer();
    const booking = await book(client, dayA, '11:00');
    const event = stripe.newEvent('checkout.session.completed', { ...stripe.checkoutSession(booking.checkout.sessionId), payment_status: 'paid', status: 'complete' });
    const body = JSON.stringify(event, null, 2);
    const now = Math.floor(Date.now() / 1000);
    const attempts: Array<[string, Record<string, string>, string]> = [
      ['missing header', {}, body],
      ['wrong secret', { 'stripe-signature': signWebhookPayload(body, 'whsec_wrong', now) }, body],
      ['tampered body', { 'stripe-signature': signWebhookPayload(body, WEBHOOK_SECRET, now) }, body.replace('"paid"', '"PAID"')],
      ['older than 300 s', { 'stripe-signature': signWebhookPayload(body, WEBHOOK_SECRET, now - 301) }, body],
      ['garbage header', { 'stripe-signature': 'nonsense' }, body],
    ];
    for (const [name, headers, payload] of attempts) {
      const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
    }
    expect(await count(paymentsDb, 'SELECT count(*) AS n FROM stripe_events WHERE id = $1', [event.id])).toBe(0);
    expect(await count(paymentsDb, `SELECT count(*) AS n FROM outbox WHERE envelope->'payload'->>'bookingId' = $1`, [booking.id])).toBe(0);
    expect(await bookingOf(client, booking.id)).toMatchObject({ status: 'pending_payment', paymentStatus: 'unpaid' });
  });

  it('expires the booking and frees its slot when the Checkout Session expires', async () => {
    const client = await customer();
    const booking = await book(client, dayA, '12:00');
    await stripe.abandon(booking.checkout.sessionId);
    await waitForBooking(client, booking.id, (b) => b.status === 'expired', 'expiry');
    expect((await slotAt(dayA, '12:00')).status).toBe('available');
  });

  /** The customer pays at Stripe, but the webhooks are lost until after the hold lapsed. */
  async function paidTooLate(client: ApiClient, date: string, time: string) {
    const booking = await book(client, date, time);
    const paid = await stripe.pay(booking.checkout.sessionId, { deliver: 'none' });
    await bookingDb.query(`UPDATE bookings SET hold_expires_at = $2 WHERE id = $1`, [booking.id, new Date(Date.now() - 60_000)]);
    await waitForBooking(client, booking.id, (b) => b.status === 'expired', 'the hold to lapse');
    return { booking, completed: paid.events.find((event) => event.type === 'checkout.session.completed')! };
  }

  it('honours a late payment when the slots are still free', async () => {
    const client = await customer();
    const { booking, completed } = await paidTooLate(client, dayB, '09:00');
    await stripe.redeliver(completed.id);
    await waitForBooking(client, booking.id, (b) => b.status === 'confirmed', 'the late payment to confirm');
    expect((await bookingOf(client, booking.id)).paymentStatus).toBe('paid');
    expect((await slotAt(dayB, '09:00')).status).toBe('booked');
  });

  it('refunds a late payment in full when someone else took the slot', async () => {
    const client = await customer();
    const { booking, completed } = await paidTooLate(client, dayB, '10:00');
    await book(await customer(), dayB, '10:00');
    await stripe.redeliver(completed.id);
    const refunded = await waitForBooking(client, booking.id, (b) => b.paymentStatus === 'refunded', 'the refund');
    expect(refunded.status).toBe('expired');
    const paymentId = await paymentIdOf(booking.id);
    const refundCalls = stripe.requests().filter((request) => request.method === 'POST' && request.path === '/v1/refunds' && request.idempotencyKey === `refund:${paymentId}`);
    expect(refundCalls.length).toBeGreaterThanOrEqual(1);
    expect(refundCalls[0].idempotencyKeySource).toBe('caller');
  });

  it('confirms nothing for a payment of the wrong amount, refunds it, and dead-letters it with the reason', async () => {
    const client = await customer();
    const booking = await book(client, dayB, '11:00');
    await stripe.pay(booking.checkout.sessionId, { amountCents: 100 });
    const paymentId = await paymentIdOf(booking.id);
    await eventually('the refund of the mismatched payment', () =>
      stripe.requests().some((request) => request.path === '/v1/refunds' && request.idempotencyKey === `refund:${paymentId}`),
    );
    const dlq = new Queue('payments-inbox-dlq', { connection: redisOptions(REDIS_URL), prefix: system.prefix });
    try {
      const letters = await eventually('the dead letter', async () => {
        const jobs = await dlq.getWaiting(0, 100);
        return jobs.find((job) => JSON.stringify(job.data).includes(booking.checkout.sessionId));
      });
      expect(String(letters.data.error)).toMatch(/100.*2500|does not match/);
    } finally {
      await dlq.close();
    }
    expect(await bookingOf(client, booking.id)).toMatchObject({ status: 'pending_payment', paymentStatus: 'unpaid' });
    expect(await count(paymentsDb, `SELECT count(*) AS n FROM outbox WHERE type = 'payment.succeeded' AND envelope->'payload'->>'bookingId' = $1`, [booking.id])).toBe(0);
  });

  it('answers 5xx while its database is unreachable, and applies Stripe’s retry once it is back', async () => {
    const client = await customer();
    const booking = await book(client, dayB, '12:00');
    const database = new URL(system.databaseUrl('payments')).pathname.slice(1);
    const superuser = new Client({ connectionString: system.databaseUrl('payments').replace(/\/[^/]+$/, '/postgres') });
    await superuser.connect();
    let paid;
    try {
      await paymentsDb.end();
      await superuser.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
      await superuser.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
      paid = await stripe.pay(booking.checkout.sessionId, { deliver: ['checkout.session.completed'] });
      expect(paid.deliveries[0].attempts[0].status).toBeGreaterThanOrEqual(500);
    } finally {
      await superuser.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
      await superuser.end();
      paymentsDb = new Client({ connectionString: system.databaseUrl('payments') });
      await paymentsDb.connect();
    }
    const retry = await eventually('Stripe’s retry to be accepted', async () => {
      const delivery = await stripe.redeliver(paid.deliveries[0].eventId);
      return delivery.attempts.at(-1)?.status === 200 ? delivery : undefined;
    });
    expect(retry).toBeDefined();
    await waitForBooking(client, booking.id, (b) => b.status === 'confirmed', 'confirmation after the outage');
  });

  it('refunds in full when the customer cancels early or the barber cancels, and not when the customer cancels late', async () => {
    const barberEmail = `barber-${randomUUID().slice(0, 8)}@test.local`;
    expect((await admin.post('/admin/users', { email: barberEmail, password: 'barber-password-1', name: 'Robin', role: 'barber', barberId })).status).toBe(201);
    const barber = api.as((await api.post('/auth/login', { email: barberEmail, password: 'barber-password-1' })).body.accessToken);
    const cases: Array<{ who: string; date: string; time: string; expect: string }> = [
      { who: 'customer', date: farDay, time: '09:00', expect: 'refunded' }, // 40+ days ahead: outside the 30-day window
      { who: 'customer', date: dayC, time: '09:00', expect: 'paid' }, // a few days ahead, inside the window: no refund
      { who: 'barber', date: dayC, time: '10:00', expect: 'refunded' },
    ];
    const bookingIds: string[] = [];
    for (const testCase of cases) {
      const client = await customer();
      const booking = await book(client, testCase.date, testCase.time);
      bookingIds.push(booking.id);
      await stripe.pay(booking.checkout.sessionId);
      await waitForBooking(client, booking.id, (b) => b.status === 'confirmed', 'confirmation');
      const canceller = testCase.who === 'barber' ? barber : client;
      const cancelled = await canceller.post(`/bookings/${booking.id}/cancel`, { reason: 'plans changed' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      const settled = await waitForBooking(client, booking.id, (b) => b.paymentStatus === testCase.expect, `${testCase.who} cancellation to settle as ${testCase.expect}`);
      expect(settled.status).toBe('cancelled');
      expect((await slotAt(testCase.date, testCase.time)).status).toBe('available');
    }
    const refunds = await count(
      paymentsDb,
      `SELECT count(*) AS n FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.booking_id = ANY($1::uuid[])`,
      [bookingIds],
    );
    expect(refunds).toBe(2);
  });

  it('holds the slot with checkout null while Stripe is unreachable, and opens the session on retry', async () => {
    const client = await customer();
    stripe.setFailure('unavailable');
    let booking;
    try {
      booking = await book(client, dayD, '09:00');
      expect(booking.checkout).toBeNull();
      expect((await slotAt(dayD, '09:00')).status).toBe('held');
      const stillDown = await client.post(`/bookings/${booking.id}/checkout`);
      expect(stillDown.status).toBe(503);
      expect(stillDown.body.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    } finally {
      stripe.setFailure('none');
    }
    const retried = await client.post(`/bookings/${booking.id}/checkout`);
    expect(retried.status).toBe(201);
    expect(retried.body.checkout.sessionId).toMatch(/^cs_/);
    expect((await client.get(`/bookings/${booking.id}`)).body.checkout.sessionId).toBe(retried.body.checkout.sessionId);
    const mutating = stripe.requests().filter((request) => request.method === 'POST');
    expect(mutating.length).toBeGreaterThan(0);
    expect(mutating.filter((request) => request.idempotencyKeySource !== 'caller')).toEqual([]);
  });

  it('charges what booking says is due, even after the service’s price changes, and only its customer, only while pending', async () => {
    const shave = (await admin.post('/services', { name: 'Hot towel shave', durationMinutes: 30, priceCents: 1800, currency: 'gbp' })).body;
    const client = await customer();
    stripe.setFailure('unavailable');
    let booking;
    try {
      const response = await client.post('/bookings', { slotId: (await slotAt(dayD, '15:00')).id, serviceId: shave.id });
      expect(response.status).toBe(201);
      booking = response.body;
      expect(booking.checkout).toBeNull();
    } finally {
      stripe.setFailure('none');
    }
    expect((await admin.patch(`/services/${shave.id}`, { priceCents: 9900 })).status).toBe(200);

    const someoneElse = await (await customer()).post(`/bookings/${booking.id}/checkout`);
    expect(someoneElse.status).toBe(403);
    expect(someoneElse.body.code).toBe('FORBIDDEN');
    const retried = await client.post(`/bookings/${booking.id}/checkout`);
    expect(retried.status).toBe(201);
    expect(stripe.checkoutSession(retried.body.checkout.sessionId)).toMatchObject({ amount_total: 1800, currency: 'gbp' });

    expect((await client.post(`/bookings/${booking.id}/cancel`, {})).status).toBe(200);
    const afterCancel = await client.post(`/bookings/${booking.id}/checkout`);
    expect(afterCancel.status).toBe(409);
    expect(afterCancel.body).toMatchObject({ code: 'CHECKOUT_NOT_AVAILABLE', message: 'This booking is cancelled: there is nothing to pay.' });
  });
});
