import { QUEUES } from '@app/contracts';
import { DeadLetter } from '@app/messaging';
import { Client } from 'pg';
import { POSTGRES_BASE, eventually } from '../../../test/support/test-infra';
import { signWebhookPayload } from '../../../tools/stripe-standin/src/server';
import { FlaggedPaymentsScheduler } from '../src/webhooks/schedule/flagged-payments.scheduler';
import { PaymentsTestWorld, WEBHOOK_SECRET, aCheckoutRequest } from './support/payments-test-app';

/** POST /webhooks/stripe with events the stand-in signs and sends (real PostgreSQL and Redis). */
describe('Stripe webhooks', () => {
  let world: PaymentsTestWorld;

  beforeAll(async () => {
    // No automatic retries unless a test asks: every delivery's outcome is the one the test made.
    world = await PaymentsTestWorld.start('payments_webhooks', { webhookRetry: { attempts: 1 } });
  });

  afterAll(async () => {
    await world?.close();
  });

  async function anOpenCheckout(overrides = {}) {
    const request = aCheckoutRequest(overrides);
    const checkout = await world.createCheckout(request);
    const [payment] = await world.paymentsOf(request.bookingId);
    return { bookingId: request.bookingId, sessionId: checkout.sessionId, paymentId: payment.id };
  }

  const storedEvents = (id: string) => world.count('SELECT count(*) AS n FROM stripe_events WHERE id = $1', [id]);

  it('records a payment and writes one payment.succeeded', async () => {
    const { bookingId, sessionId, paymentId } = await anOpenCheckout();

    const paid = await world.stripe.pay(sessionId);

    expect(paid.deliveries.map((delivery) => [delivery.type, delivery.attempts[0].status])).toEqual([
      ['checkout.session.completed', 200],
      ['payment_intent.succeeded', 200],
    ]);
    const payment = await world.paymentOf(bookingId);
    expect(payment).toMatchObject({ status: 'succeeded', payment_intent_id: paid.paymentIntent!.id, paid_amount_cents: 2500, paid_currency: 'gbp' });
    expect(await world.outbox('payment.succeeded', bookingId)).toEqual([
      { bookingId, paymentId, amountCents: 2500, currency: 'gbp', paymentIntentId: paid.paymentIntent!.id, checkoutSessionId: sessionId },
    ]);
    expect(await world.count('SELECT count(*) AS n FROM stripe_events WHERE id = ANY($1)', [paid.events.map((event) => event.id)])).toBe(2);
  });

  it('applies the same event POSTed 10 times at once exactly once', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    const paid = await world.stripe.pay(sessionId, { deliver: 'none' });
    const completed = paid.events.find((event) => event.type === 'checkout.session.completed')!;

    const deliveries = await Promise.all(Array.from({ length: 10 }, () => world.stripe.redeliver(completed.id)));

    expect(deliveries.map((delivery) => delivery.attempts[0].status)).toEqual(Array(10).fill(200));
    expect(await storedEvents(completed.id)).toBe(1);
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
  });

  it('takes payment_intent.succeeded first and checkout.session.completed after as one success', async () => {
    const { bookingId, sessionId, paymentId } = await anOpenCheckout();
    const paid = await world.stripe.pay(sessionId, { deliver: ['payment_intent.succeeded', 'checkout.session.completed'] });

    expect(paid.deliveries.map((delivery) => delivery.attempts[0].status)).toEqual([200, 200]);
    expect(await world.outbox('payment.succeeded', bookingId)).toEqual([
      expect.objectContaining({ paymentId, checkoutSessionId: sessionId, paymentIntentId: paid.paymentIntent!.id }),
    ]);
  });

  it('writes one payment.succeeded when both events of the payment race each other', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    const paid = await world.stripe.pay(sessionId, { deliver: 'none' });
    await Promise.all([...paid.events, ...paid.events].map((event) => world.stripe.redeliver(event.id)));
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
  });

  it('keeps a success when checkout.session.expired arrives after it', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    await world.stripe.pay(sessionId);
    const expired = world.stripe.newEvent('checkout.session.expired', { ...world.stripe.checkoutSession(sessionId), status: 'expired' });

    expect((await world.stripe.deliver(expired)).attempts[0].status).toBe(200);

    expect(await storedEvents(expired.id)).toBe(1);
    expect((await world.paymentOf(bookingId)).status).toBe('succeeded');
    expect(await world.outbox('payment.expired', bookingId)).toEqual([]);
  });

  it('writes payment.expired for an abandoned session and payment.failed once for a failed delayed payment', async () => {
    const abandoned = await anOpenCheckout();
    await world.stripe.abandon(abandoned.sessionId);
    expect((await world.paymentOf(abandoned.bookingId)).status).toBe('expired');
    expect(await world.outbox('payment.expired', abandoned.bookingId)).toEqual([
      { bookingId: abandoned.bookingId, paymentId: abandoned.paymentId, checkoutSessionId: abandoned.sessionId },
    ]);

    const failing = await anOpenCheckout();
    const failed = await world.stripe.asyncPaymentFails(failing.sessionId);
    expect(failed.deliveries.map((delivery) => [delivery.type, delivery.attempts[0].status])).toEqual([
      ['checkout.session.completed', 200],
      ['checkout.session.async_payment_failed', 200],
      ['payment_intent.payment_failed', 200],
    ]);
    expect((await world.paymentOf(failing.bookingId)).status).toBe('failed');
    expect(await world.outbox('payment.failed', failing.bookingId)).toEqual([
      { bookingId: failing.bookingId, paymentId: failing.paymentId, checkoutSessionId: failing.sessionId, reason: 'async_payment_failed' },
    ]);
  });

  it('records a delayed payment method only once it succeeded', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    const paid = await world.stripe.pay(sessionId, { async: true, deliver: ['checkout.session.completed'] });
    expect((await world.paymentOf(bookingId)).status).toBe('open');
    await world.stripe.redeliver(paid.events.find((event) => event.type === 'checkout.session.async_payment_succeeded')!.id);
    expect((await world.paymentOf(bookingId)).status).toBe('succeeded');
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
  });

  /** Each attempt is answered 400 in the API's one error shape (DESIGN §4): statusCode, code and a message saying what was wrong. */
  async function expectAllRefused(attempts: Array<[string, Record<string, string>, string | undefined, RegExp]>): Promise<void> {
    for (const [name, headers, payload, message] of attempts) {
      const response = await fetch(world.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
      expect({ name, status: response.status, body: await response.json() }).toEqual({
        name,
        status: 400,
        body: { statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringMatching(message) },
      });
    }
  }

  it('answers 400 to a missing, wrong, tampered, stale or garbage signature and stores nothing', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    const event = world.stripe.newEvent('checkout.session.completed', { ...world.stripe.checkoutSession(sessionId), status: 'complete', payment_status: 'paid' });
    const body = JSON.stringify(event, null, 2);
    const now = Math.floor(Date.now() / 1000);
    const attempts: Array<[string, Record<string, string>, string, RegExp]> = [
      ['missing header', {}, body, /^The Stripe-Signature header is missing\.$/],
      ['wrong secret', { 'stripe-signature': signWebhookPayload(body, 'whsec_wrong', now) }, body, /^Webhook signature verification failed: No signatures found matching/],
      ['tampered body', { 'stripe-signature': signWebhookPayload(body, WEBHOOK_SECRET, now) }, body.replace('"paid"', '"PAID"'), /^Webhook signature verification failed: No signatures found matching/],
      ['re-serialised body', { 'stripe-signature': signWebhookPayload(body, WEBHOOK_SECRET, now) }, JSON.stringify(event), /^Webhook signature verification failed: No signatures found matching/],
      ['older than 300 s', { 'stripe-signature': signWebhookPayload(body, WEBHOOK_SECRET, now - 301) }, body, /^Webhook signature verification failed: Timestamp outside the tolerance zone/],
      ['garbage header', { 'stripe-signature': 'nonsense' }, body, /^Webhook signature verification failed: Unable to extract timestamp and signatures from header/],
    ];
    await expectAllRefused(attempts);
    // The stand-in's own send with a stale timestamp, too.
    expect((await world.stripe.deliver(event, { timestamp: now - 600 })).attempts[0].status).toBe(400);

    expect(await storedEvents(event.id)).toBe(0);
    expect(await world.count(`SELECT count(*) AS n FROM outbox WHERE envelope->'payload'->>'bookingId' = $1`, [bookingId])).toBe(0);
    expect((await world.paymentOf(bookingId)).status).toBe('open');

    // The very same event, correctly signed, is then accepted.
    expect((await world.stripe.deliver(event)).attempts[0].status).toBe(200);
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
  });

  it('answers 400 in the API error shape, saying what is wrong, to a body that is empty, not JSON or not an event', async () => {
    const now = Math.floor(Date.now() / 1000);
    const signed = (payload: string) => ({ 'stripe-signature': signWebhookPayload(payload, WEBHOOK_SECRET, now) });
    const attempts: Array<[string, Record<string, string>, string | undefined, RegExp]> = [
      ['unparsable JSON', signed('{"id": "evt_1", '), '{"id": "evt_1", ', /^Body is not valid JSON/],
      ['empty JSON body', signed(''), '', /^Body cannot be empty/],
      ['no body at all', { 'content-type': 'text/plain', ...signed('') }, undefined, /^Expected the JSON body Stripe sent\.$/],
      ['signed JSON that is not an event', signed('{"hello":"world"}'), '{"hello":"world"}', /^The signed body is not a Stripe event\.$/],
    ];
    await expectAllRefused(attempts);
  });

  it('stores events it does not act on, and events for sessions it does not know, and answers 200', async () => {
    const other = world.stripe.newEvent('customer.created', { id: 'cus_123', object: 'customer' });
    const foreign = world.stripe.newEvent('checkout.session.completed', { id: 'cs_test_not_ours', amount_total: 100, currency: 'gbp', payment_status: 'paid' });
    expect((await world.stripe.deliver(other)).attempts[0].status).toBe(200);
    expect((await world.stripe.deliver(foreign)).attempts[0].status).toBe(200);
    expect(await storedEvents(other.id)).toBe(1);
    expect(await storedEvents(foreign.id)).toBe(1);
  });

  it('answers 5xx while its database refuses connections, and applies Stripe’s retry once it is back', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    const database = new URL(world.config.databaseUrl).pathname.slice(1);
    const admin = new Client({ connectionString: `${POSTGRES_BASE}/postgres` });
    await admin.connect();
    let completedId: string;
    try {
      await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      const paid = await world.stripe.pay(sessionId, { deliver: ['checkout.session.completed'] });
      completedId = paid.deliveries[0].eventId;
      expect(paid.deliveries[0].attempts[0].status).toBeGreaterThanOrEqual(500);
    } finally {
      await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect(await storedEvents(completedId)).toBe(0);

    const retry = await eventually('Stripe’s retry to be accepted', async () => {
      const delivery = await world.stripe.redeliver(completedId);
      return delivery.attempts[0].status === 200 ? delivery : undefined;
    });

    expect(retry.attempts[0].status).toBe(200);
    expect((await world.paymentOf(bookingId)).status).toBe('succeeded');
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
  });

  it('confirms nothing for a payment of the wrong amount: refunds it under refund:<paymentId> and dead-letters the event with the reason', async () => {
    const { bookingId, sessionId, paymentId } = await anOpenCheckout();

    const paid = await world.stripe.pay(sessionId, { amountCents: 100 });

    const refunded = await world.waitForStatus(bookingId, 'refunded');
    expect(refunded).toMatchObject({ paid_amount_cents: 100, paid_currency: 'gbp', flagged_reason: 'amount 100 gbp does not match the booking price 2500 gbp' });
    expect(await world.outbox('payment.succeeded', bookingId)).toEqual([]);
    expect(await world.outbox('payment.refunded', bookingId)).toEqual([]);
    const refundCalls = world.stripe.requests().filter((request) => request.method === 'POST' && request.path === '/v1/refunds' && request.idempotencyKey === `refund:${paymentId}`);
    expect(refundCalls.length).toBeGreaterThanOrEqual(1);
    expect(refundCalls.every((call) => call.idempotencyKeySource === 'caller')).toBe(true);
    expect(refundCalls[0].params).toMatchObject({ payment_intent: paid.paymentIntent!.id, metadata: { bookingId, paymentId } });
    const [refund] = await world.query<{ status: string; reason: string; stripe_refund_id: string; amount_cents: number }>(
      'SELECT * FROM refunds WHERE payment_id = $1',
      [paymentId],
    );
    expect(refund).toMatchObject({ status: 'succeeded', reason: 'amount_mismatch', amount_cents: 100, stripe_refund_id: expect.stringMatching(/^re_/) });
    expect(world.stripe.ledger().succeededPayments.find((payment) => payment.checkoutSessionId === sessionId)).toMatchObject({ amount: 100, amountRefunded: 100 });

    const completed = paid.events.find((event) => event.type === 'checkout.session.completed')!;
    const letter = await eventually('the dead letter', async () => (await world.queues.deadLetterQueue(QUEUES.paymentsInbox).getJob(completed.id))?.data as DeadLetter | undefined);
    expect(letter).toMatchObject({ queue: 'payments-inbox', jobId: completed.id, type: 'checkout.session.completed', envelope: { id: completed.id } });
    expect(letter.error).toContain('amount 100 gbp does not match the booking price 2500 gbp');
    expect(await world.count('SELECT count(*) AS n FROM payments WHERE id = $1 AND dead_lettered_at IS NOT NULL', [paymentId])).toBe(1);

    // The charge.refunded that follows changes nothing, and nothing asks Stripe for a second refund.
    await world.settle();
    const chargeRefunded = world.stripe.deliveries({ type: 'charge.refunded' }).filter((d) => d.attempts.at(-1)?.status === 200);
    expect(chargeRefunded.length).toBeGreaterThanOrEqual(1);
    expect((await world.paymentOf(bookingId)).status).toBe('refunded');
    expect(world.stripe.ledger().refunds.filter((r) => r.payment_intent === paid.paymentIntent!.id)).toHaveLength(1);
  });

  it('finishes a refused payment’s follow-up later when Stripe failed the refund and the dead letter was not written', async () => {
    const { bookingId, sessionId, paymentId } = await anOpenCheckout();
    // The refund call right after the webhook's commit (its try and both SDK retries) fails.
    world.stripe.setFailure('unavailable', { requests: 3 });
    const paid = await world.stripe.pay(sessionId, { amountCents: 100, deliver: ['checkout.session.completed'] });
    await world.settle();
    expect(await world.query('SELECT status, stripe_refund_id FROM refunds WHERE payment_id = $1', [paymentId])).toEqual([
      { status: 'pending', stripe_refund_id: null },
    ]);
    expect((await world.paymentOf(bookingId)).status).toBe('refund_pending');
    // As if Redis had been away: the dead letter is missing and the payment says so.
    const completed = paid.events.find((event) => event.type === 'checkout.session.completed')!;
    await (await world.queues.deadLetterQueue(QUEUES.paymentsInbox).getJob(completed.id))?.remove();
    await world.query('UPDATE payments SET dead_lettered_at = NULL WHERE id = $1', [paymentId]);
    // A refund asked for moments ago may still be on its way: the pass leaves it alone.
    const scheduler = world.app.get(FlaggedPaymentsScheduler);
    await scheduler.sweep();
    expect(world.stripe.requests().filter((request) => request.path === '/v1/refunds' && request.status === 200)).not.toContainEqual(
      expect.objectContaining({ idempotencyKey: `refund:${paymentId}` }),
    );

    await world.query(`UPDATE refunds SET updated_at = now() - interval '1 minute' WHERE payment_id = $1`, [paymentId]);
    await scheduler.sweep();

    expect((await world.paymentOf(bookingId)).status).toBe('refunded');
    expect(world.stripe.ledger().refunds.filter((refund) => refund.payment_intent === paid.paymentIntent!.id)).toHaveLength(1);
    expect(await world.queues.deadLetterQueue(QUEUES.paymentsInbox).getJob(completed.id)).toBeDefined();
    expect(await world.count('SELECT count(*) AS n FROM payments WHERE id = $1 AND dead_lettered_at IS NOT NULL', [paymentId])).toBe(1);
  });
});
