import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { ApiClient, Json } from '../support/http-client';
import { SseStream } from '../support/sse';
import { TestSystem } from '../support/system';
import { eventually } from '../support/test-infra';

const WEBHOOK_SECRET = 'whsec_e2e_money_owed';
const ZONE = 'Europe/London';
/** Opening hours on weekdays, in the barber's zone. */
const TIMES = Array.from({ length: 16 }, (_, index) =>
  DateTime.fromObject({ hour: 9 })
    .plus({ minutes: 30 * index })
    .toFormat('HH:mm'),
);

/**
 * Money after the payment (DESIGN §5, §10 promise 7), end to end: real gateway, booking and
 * payments processes, real PostgreSQL and Redis, the Stripe stand-in as the only outsider. A
 * declined card is one failed attempt; refunds that fail (by webhook, or found by the reconciler
 * when the webhook was lost), disputes and Dashboard refunds show on the booking and in
 * GET /admin/attention until they resolve, and the booking's own status never changes.
 */
describe('Money owed (gateway, booking, payments and the Stripe stand-in)', () => {
  let stripe: StripeStandIn;
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let paymentsDb: Client;
  let barberId: string;
  let haircutId: string;
  let day: string;
  const streams: SseStream[] = [];
  const times = [...TIMES];

  async function customer(): Promise<{ client: ApiClient; token: string }> {
    const email = `owed-${randomUUID().slice(0, 8)}@test.local`;
    expect(
      (
        await api.post('/auth/register', {
          email,
          password: 'correct-horse-1',
          name: 'Owed Customer',
        })
      ).status,
    ).toBe(201);
    const token: string = (await api.post('/auth/login', { email, password: 'correct-horse-1' }))
      .body.accessToken;
    return { client: api.as(token), token };
  }

  /** The next free time of the suite's day: its slot, found by its UTC instant computed in the barber's zone. */
  async function nextSlot(): Promise<{ id: string; status: string }> {
    const time = times.shift();
    if (!time) throw new Error('the suite ran out of times');
    const startsAt = DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toUTC().toISO();
    const slots: Array<{ id: string; startsAt: string; status: string }> = (
      await api.get(`/barbers/${barberId}/slots?date=${day}`)
    ).body;
    const slot = slots.find((candidate) => candidate.startsAt === startsAt);
    if (!slot) throw new Error(`no slot at ${day} ${time} ${ZONE}`);
    return slot;
  }

  const slotStatus = async (slotId: string): Promise<string> => {
    const slots: Array<{ id: string; status: string }> = (
      await api.get(`/barbers/${barberId}/slots?date=${day}`)
    ).body;
    return slots.find((slot) => slot.id === slotId)!.status;
  };

  async function book(client: ApiClient): Promise<Json> {
    const response = await client.post('/bookings', {
      slotId: (await nextSlot()).id,
      serviceId: haircutId,
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  const bookingOf = async (client: ApiClient, id: string): Promise<Json> =>
    (await client.get(`/bookings/${id}`)).body;
  const waitForBooking = (
    client: ApiClient,
    id: string,
    check: (booking: Json) => boolean,
    what: string,
  ) =>
    eventually(what, async () => {
      const current = await bookingOf(client, id);
      return check(current) ? current : undefined;
    });
  const attentionOf = async (bookingId: string): Promise<Json[]> => {
    const response = await admin.get('/admin/attention');
    expect(response.status).toBe(200);
    return (response.body as Json[]).filter((item) => item.bookingId === bookingId);
  };
  const waitForAttention = (bookingId: string, check: (items: Json[]) => boolean, what: string) =>
    eventually(what, async () => {
      const items = await attentionOf(bookingId);
      return check(items) ? items : undefined;
    });

  /** A booking paid in full through the stand-in's Checkout, confirmed; with its PaymentIntent. */
  async function aPaidBooking(): Promise<{
    client: ApiClient;
    booking: Json;
    paymentIntentId: string;
  }> {
    const { client } = await customer();
    const booking = await book(client);
    const paid = await stripe.pay(booking.checkout.sessionId);
    await waitForBooking(
      client,
      booking.id,
      (b) => b.status === 'confirmed' && b.paymentStatus === 'paid',
      'confirmation',
    );
    return { client, booking, paymentIntentId: paid.paymentIntent!.id };
  }

  /** The admin cancels a paid booking; Stripe leaves its refund pending. */
  async function aPendingRefund(): Promise<{ client: ApiClient; booking: Json; refundId: string }> {
    const { client, booking, paymentIntentId } = await aPaidBooking();
    stripe.setRefundStart('pending');
    try {
      expect(
        (await admin.post(`/bookings/${booking.id}/cancel`, { reason: 'barber is ill' })).status,
      ).toBe(200);
      const refund = await eventually('the refund at Stripe', async () =>
        stripe.ledger().refunds.find((candidate) => candidate.payment_intent === paymentIntentId),
      );
      await eventually('the pending refund recorded', async () => {
        const { rows } = await paymentsDb.query<{ stripe_refund_id: string | null }>(
          'SELECT r.stripe_refund_id FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.booking_id = $1',
          [booking.id],
        );
        return rows[0]?.stripe_refund_id === refund.id;
      });
      return { client, booking, refundId: refund.id };
    } finally {
      stripe.setRefundStart('succeeded');
    }
  }

  beforeAll(async () => {
    stripe = await startStripeStandIn({
      webhookSecret: WEBHOOK_SECRET,
      port: 0,
      webhookRetry: { attempts: 1 },
    });
    system = await TestSystem.start(['booking', 'payments', 'gateway'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      // The scheduled reconciler stays out of the way: the lost-webhook test runs it through the API.
      RECONCILE_INTERVAL_SECONDS: '3600',
    });
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    api = new ApiClient(system.gatewayUrl);
    admin = api.as(
      (
        await api.post('/auth/login', {
          email: system.env.ADMIN_EMAIL,
          password: system.env.ADMIN_PASSWORD,
        })
      ).body.accessToken,
    );
    paymentsDb = new Client({ connectionString: system.databaseUrl('payments') });
    await paymentsDb.connect();
    barberId = (await admin.post('/barbers', { name: 'Sam', timeZone: ZONE })).body.id;
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    expect(
      (await admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly })).status,
    ).toBe(200);
    haircutId = (
      await admin.post('/services', {
        name: 'Haircut',
        durationMinutes: 30,
        priceCents: 2500,
        currency: 'gbp',
      })
    ).body.id;
    // The Monday at least three days ahead in the barber's zone: far enough for every cancellation to be refunded.
    day = DateTime.now()
      .setZone(ZONE)
      .plus({ days: 3 })
      .startOf('week')
      .plus({ weeks: 1 })
      .toISODate()!;
  }, 120_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await paymentsDb?.end();
    await system?.stop();
    await stripe?.close();
  });

  it('a declined card then a payment on the same session: the sentence shows, the slot stays held, then confirmed with no refund', async () => {
    const { client, token } = await customer();
    const booking = await book(client);
    const feed = await SseStream.open(`${system.gatewayUrl}/bookings/${booking.id}/live`, token);
    streams.push(feed);
    expect(feed.status).toBe(200);

    await stripe.declineCard(booking.checkout.sessionId);

    const declined = await feed.next(
      (message) =>
        message.event === 'booking.updated' &&
        message.data.checkout?.lastPaymentError !== undefined,
      'the declined attempt on the live feed',
    );
    expect(declined.data).toMatchObject({
      id: booking.id,
      status: 'pending_payment',
      paymentStatus: 'unpaid',
      checkout: {
        sessionId: booking.checkout.sessionId,
        lastPaymentError: 'Your card was declined. Try another card.',
      },
    });
    expect(await bookingOf(client, booking.id)).toMatchObject({
      status: 'pending_payment',
      checkout: {
        sessionId: booking.checkout.sessionId,
        lastPaymentError: 'Your card was declined. Try another card.',
      },
    });
    expect(await slotStatus(booking.slotIds[0])).toBe('held');

    await stripe.pay(booking.checkout.sessionId);

    await feed.next(
      (message) => message.event === 'booking.updated' && message.data.status === 'confirmed',
      'the confirmation on the live feed',
    );
    expect(await bookingOf(client, booking.id)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'paid',
    });
    expect(await slotStatus(booking.slotIds[0])).toBe('booked');
    expect(
      stripe.ledger().refunds.filter((refund) => refund.metadata.bookingId === booking.id),
    ).toEqual([]);
    expect(await attentionOf(booking.id)).toEqual([]);
  });

  it('a refund that fails by webhook: refund_failed on the booking (still cancelled) and an attention item', async () => {
    const { client, booking, refundId } = await aPendingRefund();

    await stripe.settleRefund(refundId, 'failed');

    await waitForBooking(
      client,
      booking.id,
      (b) => b.paymentStatus === 'refund_failed',
      'refund_failed on the booking',
    );
    expect(await bookingOf(client, booking.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'refund_failed',
    });
    const [item] = await waitForAttention(
      booking.id,
      (items) => items.length > 0,
      'the attention item',
    );
    expect(item).toMatchObject({
      kind: 'refund_failed',
      bookingId: booking.id,
      paymentId: expect.any(String),
      since: expect.any(String),
      dueBy: null,
    });
    expect(item.detail).toContain('still owed 25.00 GBP');
  });

  it('a refund that fails with its webhooks lost: POST /admin/reconcile looks it up and records the failure', async () => {
    const { client, booking, refundId } = await aPendingRefund();
    await stripe.settleRefund(refundId, 'failed', { deliver: 'none' });
    expect((await bookingOf(client, booking.id)).paymentStatus).toBe('refund_pending');

    const report = await admin.post('/admin/reconcile');

    expect(report.status).toBe(200);
    expect(report.body.payments.lost_refund_outcome).toBeGreaterThanOrEqual(1);
    await waitForBooking(
      client,
      booking.id,
      (b) => b.paymentStatus === 'refund_failed',
      'refund_failed on the booking',
    );
    expect(await attentionOf(booking.id)).toEqual([
      expect.objectContaining({ kind: 'refund_failed' }),
    ]);
  });

  it('a dispute: disputed with an attention item carrying the evidence due date; lost → dispute_lost and the item closes; the booking stays confirmed', async () => {
    const { client, booking, paymentIntentId } = await aPaidBooking();

    const opened = await stripe.openDispute(paymentIntentId);

    await waitForBooking(
      client,
      booking.id,
      (b) => b.paymentStatus === 'disputed',
      'disputed on the booking',
    );
    const dueBy = new Date(opened.dispute.evidence_details.due_by! * 1000).toISOString();
    expect(await attentionOf(booking.id)).toEqual([
      expect.objectContaining({
        kind: 'dispute_open',
        dueBy,
        detail: expect.stringContaining(dueBy),
      }),
    ]);

    await stripe.closeDispute(opened.dispute.id, 'lost');

    await waitForBooking(
      client,
      booking.id,
      (b) => b.paymentStatus === 'dispute_lost',
      'dispute_lost on the booking',
    );
    expect(await bookingOf(client, booking.id)).toMatchObject({ status: 'confirmed' });
    expect(await attentionOf(booking.id)).toEqual([]);
  });

  it('a dispute won: paid again, nothing left to attend to', async () => {
    const { client, booking, paymentIntentId } = await aPaidBooking();
    const opened = await stripe.openDispute(paymentIntentId);
    await waitForBooking(
      client,
      booking.id,
      (b) => b.paymentStatus === 'disputed',
      'disputed on the booking',
    );

    await stripe.closeDispute(opened.dispute.id, 'won');

    await waitForBooking(client, booking.id, (b) => b.paymentStatus === 'paid', 'paid again');
    expect(await bookingOf(client, booking.id)).toMatchObject({ status: 'confirmed' });
    expect(await attentionOf(booking.id)).toEqual([]);
  });

  it('a refund made in the Stripe Dashboard: refunded, the booking unchanged, an attention item refunded_outside', async () => {
    const { client, booking, paymentIntentId } = await aPaidBooking();

    await stripe.dashboardRefund(paymentIntentId);

    await waitForBooking(
      client,
      booking.id,
      (b) => b.paymentStatus === 'refunded',
      'refunded on the booking',
    );
    expect(await bookingOf(client, booking.id)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'refunded',
    });
    expect(await attentionOf(booking.id)).toEqual([
      expect.objectContaining({
        kind: 'refunded_outside',
        detail: expect.stringContaining('25.00 GBP was refunded outside'),
      }),
    ]);
  });

  it('a partial Dashboard refund, then the admin cancels: the rest is refunded, the booking refunded and the item closed', async () => {
    const { client, booking, paymentIntentId } = await aPaidBooking();
    await stripe.dashboardRefund(paymentIntentId, { amountCents: 1000 });
    await waitForBooking(
      client,
      booking.id,
      (b) => b.paymentStatus === 'partially_refunded',
      'partially_refunded on the booking',
    );
    expect(await attentionOf(booking.id)).toEqual([
      expect.objectContaining({ kind: 'refunded_outside' }),
    ]);

    expect(
      (await admin.post(`/bookings/${booking.id}/cancel`, { reason: 'refunded by phone' })).status,
    ).toBe(200);

    await waitForBooking(
      client,
      booking.id,
      (b) => b.paymentStatus === 'refunded',
      'the rest refunded',
    );
    expect(await bookingOf(client, booking.id)).toMatchObject({
      status: 'cancelled',
      paymentStatus: 'refunded',
    });
    const refunds = stripe
      .ledger()
      .refunds.filter((refund) => refund.payment_intent === paymentIntentId);
    expect(refunds.map((refund) => refund.amount).sort((a, b) => a - b)).toEqual([1000, 1500]);
    await waitForAttention(
      booking.id,
      (items) => items.length === 0,
      'the attention item to close',
    );
  });

  it('GET /admin/attention is refused to customers and barbers (403) and to anonymous callers (401)', async () => {
    const { client } = await customer();
    expect((await client.get('/admin/attention')).status).toBe(403);
    const email = `barber-${randomUUID().slice(0, 8)}@test.local`;
    expect(
      (
        await admin.post('/admin/users', {
          email,
          password: 'barber-password-1',
          name: 'Barber',
          role: 'barber',
          barberId,
        })
      ).status,
    ).toBe(201);
    const barber = api.as(
      (await api.post('/auth/login', { email, password: 'barber-password-1' })).body.accessToken,
    );
    expect((await barber.get('/admin/attention')).status).toBe(403);
    expect((await api.get('/admin/attention')).status).toBe(401);
  });
});
