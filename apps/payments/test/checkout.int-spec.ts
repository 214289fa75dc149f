import { PAYMENTS_RPC } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { ApiRequestRecord } from '../../../tools/stripe-standin/src/server';
import { PaymentsTestWorld, PUBLIC_URL, aCheckoutRequest } from './support/payments-test-app';

/** payments.checkout.create / get-many over TCP, against the Stripe stand-in (real PostgreSQL and Redis). */
describe('Checkout sessions (RPC, Stripe stand-in)', () => {
  let world: PaymentsTestWorld;

  beforeAll(async () => {
    world = await PaymentsTestWorld.start('payments_checkout');
  });

  afterAll(async () => {
    await world?.close();
  });

  afterEach(() => {
    world.stripe.setFailure('none');
  });

  const sessionCreates = (bookingId?: string): ApiRequestRecord[] =>
    world.stripe
      .requests()
      .filter((request) => request.method === 'POST' && request.path === '/v1/checkout/sessions')
      .filter((request) => bookingId === undefined || (request.params.metadata as Record<string, string> | undefined)?.bookingId === bookingId);

  it('opens a Checkout Session for the booking’s price with its metadata, expiry and our idempotency key', async () => {
    const holdExpiresAt = new Date(Date.now() + 45 * 60_000);
    const request = aCheckoutRequest({ holdExpiresAt: holdExpiresAt.toISOString(), amountCents: 3150, serviceName: 'Beard trim' });

    const checkout = await world.createCheckout(request);

    const [payment] = await world.paymentsOf(request.bookingId);
    expect(checkout).toEqual({
      sessionId: payment.checkout_session_id,
      url: payment.checkout_url,
      expiresAt: payment.expires_at.toISOString(),
      lastPaymentError: null,
    });
    expect(payment).toMatchObject({ id: expect.any(String), attempt: 1, status: 'open', amount_cents: 3150, currency: 'gbp' });
    const session = world.stripe.checkoutSession(checkout.sessionId);
    expect(session).toMatchObject({
      status: 'open',
      mode: 'payment',
      amount_total: 3150,
      currency: 'gbp',
      client_reference_id: request.bookingId,
      customer_email: 'customer@example.com',
      metadata: { bookingId: request.bookingId, paymentId: payment.id },
      expires_at: Math.ceil(holdExpiresAt.getTime() / 1000),
      success_url: `${PUBLIC_URL}/app/bookings/${request.bookingId}?checkout=success`,
      cancel_url: `${PUBLIC_URL}/app/bookings/${request.bookingId}?checkout=cancelled`,
    });
    const [create] = sessionCreates(request.bookingId);
    expect(create).toMatchObject({ idempotencyKey: `checkout:${request.bookingId}:1`, idempotencyKeySource: 'caller', status: 200 });
    expect(create.params).toMatchObject({
      line_items: [{ quantity: '1', price_data: { currency: 'gbp', unit_amount: '3150', product_data: { name: 'Beard trim' } } }],
      payment_intent_data: { metadata: { bookingId: request.bookingId, paymentId: payment.id } },
    });
  });

  it('gives the session Stripe’s minimum life when the hold ends sooner', async () => {
    const request = aCheckoutRequest({ holdExpiresAt: new Date(Date.now() + 29 * 60_000).toISOString() });
    const before = Math.floor(Date.now() / 1000);
    const checkout = await world.createCheckout(request);
    const expiresAt = new Date(checkout.expiresAt).getTime() / 1000;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60 + 30);
    expect(expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 30 * 60 + 30);
  });

  it('returns the same open session when asked again, without asking Stripe', async () => {
    const request = aCheckoutRequest();
    const first = await world.createCheckout(request);
    const again = await world.createCheckout(request);
    expect(again).toEqual(first);
    expect(sessionCreates(request.bookingId)).toHaveLength(1);
  });

  it('opens one session for concurrent first requests of one booking', async () => {
    const request = aCheckoutRequest();
    const answers = await Promise.all(Array.from({ length: 5 }, () => world.createCheckout(request)));
    expect(new Set(answers.map((answer) => answer.sessionId)).size).toBe(1);
    expect(await world.paymentsOf(request.bookingId)).toHaveLength(1);
    expect(new Set(world.stripe.ledger().sessions.filter((session) => session.client_reference_id === request.bookingId).map((s) => s.id)).size).toBe(1);
  });

  it('uses checkout:<bookingId>:2 only once the first session expired', async () => {
    const request = aCheckoutRequest();
    const first = await world.createCheckout(request);
    await world.stripe.abandon(first.sessionId);
    await world.waitForStatus(request.bookingId, 'expired');

    const second = await world.createCheckout(request);

    expect(second.sessionId).not.toBe(first.sessionId);
    expect(sessionCreates(request.bookingId).map((create) => create.idempotencyKey)).toEqual([
      `checkout:${request.bookingId}:1`,
      `checkout:${request.bookingId}:2`,
    ]);
    expect((await world.paymentsOf(request.bookingId)).map((payment) => [payment.attempt, payment.status])).toEqual([
      [1, 'expired'],
      [2, 'open'],
    ]);
  });

  it('opens a new session when the open one has less than a minute left, and does not tell booking when the old one then expires', async () => {
    const request = aCheckoutRequest();
    const first = await world.createCheckout(request);
    await world.query(`UPDATE payments SET expires_at = now() + interval '30 seconds' WHERE checkout_session_id = $1`, [first.sessionId]);

    const second = await world.createCheckout(request);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(sessionCreates(request.bookingId).map((create) => create.idempotencyKey)).toEqual([
      `checkout:${request.bookingId}:1`,
      `checkout:${request.bookingId}:2`,
    ]);

    await world.stripe.abandon(first.sessionId);
    expect((await world.paymentsOf(request.bookingId)).map((payment) => payment.status)).toEqual(['expired', 'open']);
    expect(await world.outbox('payment.expired', request.bookingId)).toEqual([]);
    expect(await world.send(PAYMENTS_RPC.getCheckouts, { bookingIds: [request.bookingId] })).toEqual({ [request.bookingId]: second });
  });

  it('answers PAYMENT_PROVIDER_UNAVAILABLE quickly while Stripe is down, stores nothing, and succeeds later under the same key', async () => {
    const request = aCheckoutRequest();
    world.stripe.setFailure('unavailable');
    const started = Date.now();
    const error = await world.errorOf(PAYMENTS_RPC.createCheckout, request);
    expect(error).toEqual({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', message: expect.any(String) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await world.paymentsOf(request.bookingId)).toEqual([]);
    world.stripe.setFailure('none');

    const checkout = await world.createCheckout(request);

    expect(checkout.sessionId).toMatch(/^cs_test_/);
    const creates = sessionCreates();
    const forBooking = creates.filter((create) => create.idempotencyKey === `checkout:${request.bookingId}:1`);
    // The SDK's own retries and our later call: all under our key, the last one answered.
    expect(forBooking.length).toBeGreaterThanOrEqual(2);
    expect(forBooking.every((create) => create.idempotencyKeySource === 'caller')).toBe(true);
    expect(forBooking.at(-1)?.status).toBe(200);
  });

  it('sends a retry the parameters reserved for its key, and takes a new expiry only when Stripe refused the old one as too soon', async () => {
    const request = aCheckoutRequest();
    // A reservation left by a call that failed long ago: its expiry is now inside Stripe's 30 minutes.
    await world.query(`INSERT INTO checkout_attempts (booking_id, attempt, payment_id, expires_at) VALUES ($1, 1, $2, now() + interval '10 minutes')`, [
      request.bookingId,
      randomUUID(),
    ]);

    const checkout = await world.createCheckout(request);

    const creates = sessionCreates(request.bookingId);
    expect(creates.map((create) => [create.idempotencyKey, create.status, create.error?.param ?? null])).toEqual([
      [`checkout:${request.bookingId}:1`, 400, 'expires_at'],
      [`checkout:${request.bookingId}:1`, 200, null],
    ]);
    expect(new Date(checkout.expiresAt).getTime()).toBeGreaterThanOrEqual(Date.now() + 29 * 60_000);
  });

  it('refuses a new session once the booking’s payment succeeded', async () => {
    const request = aCheckoutRequest();
    const checkout = await world.createCheckout(request);
    await world.stripe.pay(checkout.sessionId);
    await world.waitForStatus(request.bookingId, 'succeeded');
    expect(await world.errorOf(PAYMENTS_RPC.createCheckout, request)).toMatchObject({ code: 'CHECKOUT_NOT_AVAILABLE' });
  });

  it('lists each booking’s open session, or null', async () => {
    const open = aCheckoutRequest();
    const paid = aCheckoutRequest();
    const openCheckout = await world.createCheckout(open);
    const paidCheckout = await world.createCheckout(paid);
    await world.stripe.pay(paidCheckout.sessionId);
    await world.waitForStatus(paid.bookingId, 'succeeded');
    const unknown = randomUUID();

    const sessions = await world.send(PAYMENTS_RPC.getCheckouts, { bookingIds: [open.bookingId, paid.bookingId, unknown] });

    expect(sessions).toEqual({ [open.bookingId]: openCheckout, [paid.bookingId]: null, [unknown]: null });
    expect(await world.send(PAYMENTS_RPC.getCheckouts, { bookingIds: [] })).toEqual({});
  });

  it('answers bad input with VALIDATION_FAILED naming the field, and never asks Stripe', async () => {
    const before = sessionCreates().length;
    expect(await world.errorOf(PAYMENTS_RPC.createCheckout, aCheckoutRequest({ bookingId: 'nope' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'bookingId' }],
    });
    expect(await world.errorOf(PAYMENTS_RPC.createCheckout, aCheckoutRequest({ amountCents: -1 }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await world.errorOf(PAYMENTS_RPC.createCheckout, aCheckoutRequest({ currency: 'GBP' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await world.errorOf(PAYMENTS_RPC.createCheckout, 'not even an object')).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      await world.errorOf(PAYMENTS_RPC.getCheckouts, { bookingIds: Array.from({ length: 501 }, () => randomUUID()) }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(sessionCreates()).toHaveLength(before);
  });

  it('answers health', async () => {
    expect(await world.send(PAYMENTS_RPC.health, {})).toEqual({ status: 'ok' });
  });
});
