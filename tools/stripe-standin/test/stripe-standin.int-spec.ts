import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { eventually } from '../../../test/support/test-infra';
import {
  ApiRequestRecord,
  FlowOutcome,
  StripeEvent,
  StripeLedger,
  StripeStandIn,
  WebhookDelivery,
  startStripeStandIn,
} from '../src/server';
import { WebhookReceiver } from './webhook-receiver';

const SECRET = 'whsec_standin_test';
const HOUR = 3600;

/** The SDK configured as payments will configure it: STRIPE_API_BASE split into host/port/protocol. */
function sdkFor(
  standIn: StripeStandIn,
  key = 'sk_test_local',
  config: Stripe.StripeConfig = {},
): Stripe {
  const base = new URL(standIn.url);
  return new Stripe(key, {
    host: base.hostname,
    port: Number(base.port),
    protocol: base.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 0,
    timeout: 2_000,
    ...config,
  });
}

function sessionParams(
  bookingId: string,
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'eur',
          unit_amount: 2500,
          product_data: { name: 'Haircut & beard trim' },
        },
      },
    ],
    metadata: { bookingId },
    payment_intent_data: { metadata: { bookingId } },
    client_reference_id: bookingId,
    customer_email: 'ana@example.com',
    expires_at: Math.floor(Date.now() / 1000) + HOUR,
    success_url: 'http://localhost:3000/bookings/success?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://localhost:3000/bookings/cancelled',
    ...overrides,
  };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('Local Stripe stand-in, driven by the real stripe SDK', () => {
  let standIn: StripeStandIn;
  let receiver: WebhookReceiver;
  let stripe: Stripe;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start(SECRET);
    standIn = await startStripeStandIn({
      webhookSecret: SECRET,
      webhookUrl: receiver.url,
      webhookRetry: { attempts: 1 },
    });
    stripe = sdkFor(standIn);
  });

  afterEach(async () => {
    await standIn.idle();
    receiver.reset();
    standIn.setFailure('none');
    standIn.setAutoDeliver('all');
    standIn.setWebhookRetry({ attempts: 1 });
  });

  afterAll(async () => {
    await standIn?.close();
    await receiver?.close();
  });

  const createSession = async (
    bookingId = randomUUID(),
    overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
  ) =>
    stripe.checkout.sessions.create(sessionParams(bookingId, overrides), {
      idempotencyKey: `checkout:${bookingId}:1`,
    });

  describe('Checkout Sessions', () => {
    it('creates a session in Stripe shape and returns it again on retrieve', async () => {
      const bookingId = randomUUID();
      const expiresAt = Math.floor(Date.now() / 1000) + HOUR;
      const session = await createSession(bookingId, { expires_at: expiresAt });

      expect(session).toMatchObject({
        object: 'checkout.session',
        mode: 'payment',
        amount_total: 2500,
        amount_subtotal: 2500,
        currency: 'eur',
        metadata: { bookingId },
        client_reference_id: bookingId,
        customer_email: 'ana@example.com',
        expires_at: expiresAt,
        livemode: false,
        payment_intent: null,
        payment_status: 'unpaid',
        status: 'open',
        url: `${standIn.url}/checkout/${session.id}`,
      });
      expect(session.id).toMatch(/^cs_test_/);
      expect(session.created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));

      const again = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
      expect(again.id).toBe(session.id);
      expect(again.line_items?.data).toEqual([
        expect.objectContaining({
          description: 'Haircut & beard trim',
          quantity: 1,
          amount_total: 2500,
          currency: 'eur',
        }),
      ]);
    });

    it('refuses an expires_at outside Stripe’s 30 minutes to 24 hours, naming the parameter', async () => {
      const now = Math.floor(Date.now() / 1000);
      const tooSoon = await caught(createSession(randomUUID(), { expires_at: now + 29 * 60 }));
      expect(tooSoon).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(tooSoon).toMatchObject({
        statusCode: 400,
        type: 'StripeInvalidRequestError',
        param: 'expires_at',
      });
      const tooLate = await caught(createSession(randomUUID(), { expires_at: now + 25 * HOUR }));
      expect(tooLate).toMatchObject({ statusCode: 400, param: 'expires_at' });
    });

    it('refuses unknown parameters and unknown ids like Stripe', async () => {
      const unknown = await caught(
        stripe.checkout.sessions.create({
          ...sessionParams('b'),
          expiresAt: 1,
        } as Stripe.Checkout.SessionCreateParams),
      );
      expect(unknown).toMatchObject({
        statusCode: 400,
        code: 'parameter_unknown',
        param: 'expiresAt',
      });

      const missing = await caught(stripe.checkout.sessions.retrieve('cs_test_nope'));
      expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
      expect((missing as Error).message).toContain("No such checkout.session: 'cs_test_nope'");
    });

    it('replays the stored answer for a repeated Idempotency-Key and logs both requests', async () => {
      const bookingId = randomUUID();
      const first = await createSession(bookingId);
      const second = await createSession(bookingId);

      expect(second.id).toBe(first.id);
      expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
      const logged = standIn
        .requests()
        .filter((request) => request.idempotencyKey === `checkout:${bookingId}:1`);
      expect(logged).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/v1/checkout/sessions',
          status: 200,
          idempotentReplayed: false,
          idempotencyKeySource: 'caller',
        }),
        expect.objectContaining({
          method: 'POST',
          path: '/v1/checkout/sessions',
          status: 200,
          idempotentReplayed: true,
          idempotencyKeySource: 'caller',
        }),
      ]);
      expect(logged[0].params).toMatchObject({
        metadata: { bookingId },
        payment_intent_data: { metadata: { bookingId } },
        line_items: [{ price_data: { unit_amount: '2500' } }],
      });
      expect(logged[0].stripeVersion).toBe(Stripe.API_VERSION);
    });

    it('answers idempotency_error when a key is reused with different parameters', async () => {
      const bookingId = randomUUID();
      await createSession(bookingId);
      const error = await caught(
        stripe.checkout.sessions.create(
          sessionParams(bookingId, { customer_email: 'someone-else@example.com' }),
          {
            idempotencyKey: `checkout:${bookingId}:1`,
          },
        ),
      );
      expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(error).toMatchObject({ statusCode: 400 });
    });

    it('does not store a validation error for the key, so a corrected retry with it succeeds', async () => {
      const bookingId = randomUUID();
      const key = `checkout:${bookingId}:1`;
      const now = Math.floor(Date.now() / 1000);
      const refused = await caught(
        stripe.checkout.sessions.create(sessionParams(bookingId, { expires_at: now + 60 }), {
          idempotencyKey: key,
        }),
      );
      expect(refused).toMatchObject({ statusCode: 400, param: 'expires_at' });
      const session = await stripe.checkout.sessions.create(sessionParams(bookingId), {
        idempotencyKey: key,
      });
      expect(session.status).toBe('open');
    });

    it('marks the keys the SDK invents itself, so a test can tell them from ours', async () => {
      const session = await stripe.checkout.sessions.create(sessionParams(randomUUID()));
      const request = standIn
        .requests()
        .find(
          (r) =>
            r.method === 'POST' && r.params.client_reference_id === session.client_reference_id,
        );
      expect(request?.idempotencyKey).toMatch(/^stripe-node-retry-/);
      expect(request?.idempotencyKeySource).toBe('sdk');
    });

    it('expires an open session with a webhook, and refuses to expire it twice', async () => {
      const bookingId = randomUUID();
      const session = await createSession(bookingId);
      const expired = await stripe.checkout.sessions.expire(
        session.id,
        {},
        { idempotencyKey: `expire:${bookingId}` },
      );
      expect(expired).toMatchObject({ status: 'expired', url: null, payment_status: 'unpaid' });

      await standIn.idle();
      expect(receiver.types()).toEqual(['checkout.session.expired']);
      const event = receiver.events()[0];
      expect(event.data.object).toMatchObject({
        id: session.id,
        status: 'expired',
        metadata: { bookingId },
      });
      expect(event.request).toEqual({
        id: expect.stringMatching(/^req_/),
        idempotency_key: `expire:${bookingId}`,
      });

      const again = await caught(stripe.checkout.sessions.expire(session.id));
      expect(again).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
      await expect(standIn.pay(session.id)).rejects.toThrow(/expired/);
    });
  });

  describe('paying', () => {
    it('sends checkout.session.completed then payment_intent.succeeded, both verifiable with constructEvent', async () => {
      const bookingId = randomUUID();
      const session = await createSession(bookingId);
      const outcome = await standIn.pay(session.id);

      expect(receiver.received.every((delivery) => delivery.verificationError === null)).toBe(true);
      expect(receiver.types()).toEqual(['checkout.session.completed', 'payment_intent.succeeded']);
      const [completed, succeeded] = receiver.events();
      expect(completed.data.object).toMatchObject({
        id: session.id,
        status: 'complete',
        payment_status: 'paid',
        payment_intent: outcome.paymentIntent?.id,
        amount_total: 2500,
        currency: 'eur',
        metadata: { bookingId },
        client_reference_id: bookingId,
      });
      expect(succeeded.data.object).toMatchObject({
        object: 'payment_intent',
        id: outcome.paymentIntent?.id,
        status: 'succeeded',
        amount: 2500,
        amount_received: 2500,
        currency: 'eur',
        metadata: { bookingId },
        latest_charge: outcome.charge?.id,
      });
      expect(completed).toMatchObject({
        object: 'event',
        livemode: false,
        api_version: Stripe.API_VERSION,
        pending_webhooks: 1,
      });
      expect(completed.id).toMatch(/^evt_/);
      expect(receiver.received[0].rawBody).toContain('\n  "id"'); // pretty-printed, as Stripe sends it

      const retrieved = await stripe.checkout.sessions.retrieve(session.id, {
        expand: ['payment_intent'],
      });
      expect(retrieved).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
      expect(retrieved.payment_intent).toMatchObject({
        id: outcome.paymentIntent?.id,
        status: 'succeeded',
      });
      const byIntent = await stripe.checkout.sessions.list({
        payment_intent: outcome.paymentIntent!.id,
      });
      expect(byIntent).toMatchObject({
        object: 'list',
        has_more: false,
        url: '/v1/checkout/sessions',
      });
      expect(byIntent.data.map((s) => s.id)).toEqual([session.id]);
      const paymentIntent = await stripe.paymentIntents.retrieve(outcome.paymentIntent!.id);
      expect(paymentIntent).toMatchObject({
        amount: 2500,
        amount_received: 2500,
        status: 'succeeded',
        metadata: { bookingId },
      });

      expect(standIn.deliveries({ eventId: completed.id })).toEqual([
        expect.objectContaining({
          state: 'succeeded',
          attempts: [expect.objectContaining({ status: 200 })],
        }),
      ]);
    });

    it('delivers in the order a test asks for, or not at all until redelivered', async () => {
      const reordered = await createSession();
      await standIn.pay(reordered.id, {
        deliver: ['payment_intent.succeeded', 'checkout.session.completed'],
      });
      expect(receiver.types()).toEqual(['payment_intent.succeeded', 'checkout.session.completed']);
      receiver.reset();

      const lost = await createSession();
      const outcome = await standIn.pay(lost.id, { deliver: ['payment_intent.succeeded'] });
      expect(receiver.types()).toEqual(['payment_intent.succeeded']);
      const completed = outcome.events.find(
        (event) => event.type === 'checkout.session.completed',
      )!;
      expect(standIn.deliveries({ eventId: completed.id })).toEqual([]);

      const dropped = await createSession();
      const silent = await standIn.pay(dropped.id, { deliver: 'none' });
      expect(receiver.types()).toEqual(['payment_intent.succeeded']);
      expect(standIn.events().map((event) => event.id)).toEqual(
        expect.arrayContaining(silent.events.map((event) => event.id)),
      );

      await standIn.redeliver(completed.id);
      expect(receiver.events().at(-1)).toMatchObject({
        id: completed.id,
        type: 'checkout.session.completed',
      });
      expect(standIn.deliveries({ eventId: completed.id })).toEqual([
        expect.objectContaining({ manual: true, state: 'succeeded' }),
      ]);
    });

    it('sends a duplicate when a type is listed twice', async () => {
      const session = await createSession();
      await standIn.pay(session.id, {
        deliver: ['checkout.session.completed', 'checkout.session.completed'],
      });
      const [a, b] = receiver.events();
      expect(b.id).toBe(a.id);
    });

    it('records a mismatched amount as what was actually paid', async () => {
      const session = await createSession();
      await standIn.pay(session.id, { amountCents: 1999 });
      const [completed, succeeded] = receiver.events();
      expect(completed.data.object).toMatchObject({ amount_total: 1999 });
      expect(succeeded.data.object).toMatchObject({ amount: 1999, amount_received: 1999 });
    });

    it('runs a delayed payment that succeeds: completed unpaid, then async_payment_succeeded', async () => {
      const bookingId = randomUUID();
      const session = await createSession(bookingId);
      await standIn.pay(session.id, { async: true });
      expect(receiver.types()).toEqual([
        'checkout.session.completed',
        'checkout.session.async_payment_succeeded',
        'payment_intent.succeeded',
      ]);
      const [completed, asyncSucceeded] = receiver.events();
      expect(completed.data.object).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
      expect(asyncSucceeded.data.object).toMatchObject({
        status: 'complete',
        payment_status: 'paid',
        metadata: { bookingId },
      });
    });

    it('runs a delayed payment that fails: completed unpaid, then async_payment_failed', async () => {
      const bookingId = randomUUID();
      const session = await createSession(bookingId);
      await standIn.asyncPaymentFails(session.id);
      expect(receiver.types()).toEqual([
        'checkout.session.completed',
        'checkout.session.async_payment_failed',
        'payment_intent.payment_failed',
      ]);
      expect(receiver.events()[1].data.object).toMatchObject({
        status: 'complete',
        payment_status: 'unpaid',
        metadata: { bookingId },
      });
      expect(receiver.events()[2].data.object).toMatchObject({
        status: 'requires_payment_method',
        metadata: { bookingId },
      });
      expect(
        standIn.ledger().succeededPayments.find((p) => p.checkoutSessionId === session.id),
      ).toBeUndefined();
    });

    it('abandons a session: expired, with its webhook', async () => {
      const session = await createSession();
      await standIn.abandon(session.id);
      expect(receiver.types()).toEqual(['checkout.session.expired']);
      expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    });
  });

  describe('webhook delivery', () => {
    it('retries a delivery the receiver refused until it is accepted', async () => {
      standIn.setWebhookRetry({ attempts: 3, backoffMs: 20 });
      receiver.respond = (_delivery, index) => (index === 0 ? 500 : 200);
      const session = await createSession();
      const outcome = await standIn.pay(session.id, { deliver: ['checkout.session.completed'] });
      expect(outcome.deliveries[0]).toMatchObject({
        state: 'pending',
        attempts: [expect.objectContaining({ status: 500 })],
      });

      await standIn.idle();
      const [delivery] = standIn.deliveries({ eventId: outcome.deliveries[0].eventId });
      expect(delivery.state).toBe('succeeded');
      expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
      expect(receiver.received.map((received) => received.status)).toEqual([500, 200]);
    });

    it('gives up after one attempt when retries are off, and a manual redelivery then succeeds', async () => {
      receiver.respond = () => 503;
      const session = await createSession();
      const outcome = await standIn.pay(session.id, { deliver: ['checkout.session.completed'] });
      expect(outcome.deliveries[0]).toMatchObject({
        state: 'failed',
        attempts: [expect.objectContaining({ status: 503 })],
      });

      receiver.respond = () => 200;
      const again = await standIn.redeliver(outcome.deliveries[0].eventId);
      expect(again).toMatchObject({ state: 'succeeded', manual: true });
    });

    it('records an unreachable endpoint as a failed attempt', async () => {
      standIn.setWebhookUrl('http://127.0.0.1:9/webhooks/stripe');
      try {
        const session = await createSession();
        const outcome = await standIn.pay(session.id, { deliver: ['checkout.session.completed'] });
        expect(outcome.deliveries[0]).toMatchObject({
          state: 'failed',
          attempts: [expect.objectContaining({ status: null, error: expect.any(String) })],
        });
      } finally {
        standIn.setWebhookUrl(receiver.url);
      }
    });

    it('signs with the secret, so a wrong one fails constructEvent', async () => {
      const session = await createSession();
      const outcome = await standIn.pay(session.id, { deliver: 'none' });
      const delivery = await standIn.redeliver(outcome.events[0].id, { secret: 'whsec_wrong' });
      expect(delivery).toMatchObject({
        state: 'failed',
        attempts: [expect.objectContaining({ status: 400 })],
      });
      expect(receiver.received[0].verificationError).toMatch(/signature/i);
    });

    it('delivers an event a test builds itself', async () => {
      const event = standIn.newEvent('charge.dispute.created', { id: 'dp_1', object: 'dispute' });
      await standIn.deliver(event);
      expect(receiver.events()).toEqual([
        expect.objectContaining({ id: event.id, type: 'charge.dispute.created' }),
      ]);
    });
  });

  describe('refunds', () => {
    it('refunds a payment: charge.refunded webhook and the ledger shows it', async () => {
      const bookingId = randomUUID();
      const session = await createSession(bookingId);
      const { paymentIntent } = await standIn.pay(session.id, { deliver: 'none' });
      const refund = await stripe.refunds.create(
        {
          payment_intent: paymentIntent!.id,
          metadata: { bookingId },
          reason: 'requested_by_customer',
        },
        { idempotencyKey: `refund:${bookingId}` },
      );
      expect(refund).toMatchObject({
        object: 'refund',
        amount: 2500,
        currency: 'eur',
        payment_intent: paymentIntent!.id,
        charge: expect.stringMatching(/^ch_/),
        status: 'succeeded',
        metadata: { bookingId },
        reason: 'requested_by_customer',
      });
      expect(refund.id).toMatch(/^re_/);

      await standIn.idle();
      expect(receiver.types()).toEqual(['charge.refunded', 'refund.created']);
      expect(receiver.events()[0].data.object).toMatchObject({
        object: 'charge',
        amount: 2500,
        amount_refunded: 2500,
        refunded: true,
        payment_intent: paymentIntent!.id,
        metadata: { bookingId },
      });
      expect(receiver.events()[0].request).toEqual({
        id: expect.any(String),
        idempotency_key: `refund:${bookingId}`,
      });

      expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({
        id: refund.id,
        amount: 2500,
      });
      const payment = standIn
        .ledger()
        .succeededPayments.find((p) => p.paymentIntentId === paymentIntent!.id);
      expect(payment).toMatchObject({
        amount: 2500,
        amountRefunded: 2500,
        refundIds: [refund.id],
        checkoutSessionId: session.id,
        metadata: { bookingId },
      });
      expect(standIn.ledger().refunds.map((r) => r.id)).toContain(refund.id);

      const twice = await caught(stripe.refunds.create({ payment_intent: paymentIntent!.id }));
      expect(twice).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(twice).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
    });

    it('refuses to refund more than remains after a partial refund', async () => {
      const session = await createSession();
      const { paymentIntent } = await standIn.pay(session.id, { deliver: 'none' });
      await stripe.refunds.create({ payment_intent: paymentIntent!.id, amount: 1000 });
      const tooMuch = await caught(
        stripe.refunds.create({ payment_intent: paymentIntent!.id, amount: 1501 }),
      );
      expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
      const rest = await stripe.refunds.create({ payment_intent: paymentIntent!.id });
      expect(rest.amount).toBe(1500);
      await standIn.idle();
      expect(
        receiver
          .events()
          .filter((e) => e.type === 'charge.refunded')
          .map((e) => e.data.object),
      ).toEqual([
        expect.objectContaining({ amount_refunded: 1000, refunded: false }),
        expect.objectContaining({ amount_refunded: 2500, refunded: true }),
      ]);
    });

    it('answers 404 for a refund of an unknown PaymentIntent', async () => {
      const error = await caught(stripe.refunds.create({ payment_intent: 'pi_unknown' }));
      expect(error).toMatchObject({
        statusCode: 404,
        code: 'resource_missing',
        param: 'payment_intent',
      });
    });

    it('can hold back the webhooks of API calls ("lost" charge.refunded)', async () => {
      standIn.setAutoDeliver(['refund.created']);
      const session = await createSession();
      const { paymentIntent } = await standIn.pay(session.id, { deliver: 'none' });
      await stripe.refunds.create({ payment_intent: paymentIntent!.id });
      await standIn.idle();
      expect(receiver.types()).toEqual(['refund.created']);
      expect(standIn.events({ type: 'charge.refunded' }).length).toBeGreaterThan(0);
    });
  });

  describe('failures', () => {
    it('answers 401 to a wrong API key when a secret key is configured', async () => {
      const strict = await startStripeStandIn({
        webhookSecret: SECRET,
        secretKey: 'sk_test_right',
      });
      try {
        const wrong = await caught(
          sdkFor(strict, 'sk_test_wrong').checkout.sessions.create(sessionParams('b')),
        );
        expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
        expect(wrong).toMatchObject({ statusCode: 401 });
        const right = await sdkFor(strict, 'sk_test_right').checkout.sessions.create(
          sessionParams('b'),
        );
        expect(right.status).toBe('open');
      } finally {
        await strict.close();
      }
    });

    it('simulates Stripe being unavailable: the SDK fails fast, then works again', async () => {
      standIn.setFailure('unavailable');
      const started = Date.now();
      const error = await caught(createSession());
      expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(error).toMatchObject({ statusCode: 503 });
      expect(Date.now() - started).toBeLessThan(1_000);

      standIn.setFailure('reset');
      const reset = await caught(createSession());
      expect(reset).toBeInstanceOf(Stripe.errors.StripeConnectionError);

      standIn.setFailure('none');
      expect((await createSession()).status).toBe('open');
    });

    it('times out against a hanging Stripe, per the SDK timeout', async () => {
      standIn.setFailure('hang');
      const quick = sdkFor(standIn, 'sk_test_local', { timeout: 200 });
      const error = await caught(quick.checkout.sessions.create(sessionParams(randomUUID())));
      expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
      expect((error as Error).message).toMatch(/timeout/i);
    });

    it('lets an SDK retry with the same key succeed after a transient failure, creating one session', async () => {
      standIn.setFailure('unavailable', { requests: 1 });
      const retrying = sdkFor(standIn, 'sk_test_local', { maxNetworkRetries: 2 });
      const bookingId = randomUUID();
      const session = await retrying.checkout.sessions.create(sessionParams(bookingId), {
        idempotencyKey: `checkout:${bookingId}:1`,
      });
      const attempts = standIn
        .requests()
        .filter((r) => r.idempotencyKey === `checkout:${bookingId}:1`);
      expect(attempts.map((r) => r.status)).toEqual([503, 200]);
      expect(
        standIn
          .ledger()
          .sessions.filter((s) => s.client_reference_id === bookingId)
          .map((s) => s.id),
      ).toEqual([session.id]);
    });
  });

  describe('checkout page', () => {
    it('shows the item with Pay, Abandon and "Async payment fails", and Pay redirects to success_url', async () => {
      const bookingId = randomUUID();
      const session = await createSession(bookingId);
      const page = await fetch(session.url!);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Local Stripe stand-in — test mode, no real money');
      expect(html).toContain('Haircut &#38; beard trim');
      expect(html).toContain('€25.00');
      expect(html).toMatch(/<button[^>]*>Pay /);
      expect(html).toMatch(/<button[^>]*>Abandon</);
      expect(html).toMatch(/<button[^>]*>Async payment fails</);
      expect(html).toContain(`action="/checkout/${session.id}/pay"`);

      const paid = await fetch(`${standIn.url}/checkout/${session.id}/pay`, {
        method: 'POST',
        redirect: 'manual',
      });
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location')).toBe(
        `http://localhost:3000/bookings/success?session=${session.id}`,
      );
      expect(receiver.types()).toEqual(['checkout.session.completed', 'payment_intent.succeeded']);

      const after = await (await fetch(`${standIn.url}/checkout/${session.id}`)).text();
      expect(after).toContain('complete (paid)');
      expect(after).not.toContain('<button');
      const replay = await fetch(`${standIn.url}/checkout/${session.id}/pay`, {
        method: 'POST',
        redirect: 'manual',
      });
      expect(replay.status).toBe(409);
    });

    it('redirects Abandon and "Async payment fails" to cancel_url', async () => {
      const abandoned = await createSession();
      const abandon = await fetch(`${standIn.url}/checkout/${abandoned.id}/abandon`, {
        method: 'POST',
        redirect: 'manual',
      });
      expect(abandon.status).toBe(303);
      expect(abandon.headers.get('location')).toBe('http://localhost:3000/bookings/cancelled');

      const failing = await createSession();
      const failed = await fetch(`${standIn.url}/checkout/${failing.id}/async-payment-fails`, {
        method: 'POST',
        redirect: 'manual',
      });
      expect(failed.status).toBe(303);
      expect(failed.headers.get('location')).toBe('http://localhost:3000/bookings/cancelled');
      expect(receiver.types()).toEqual([
        'checkout.session.expired',
        'checkout.session.completed',
        'checkout.session.async_payment_failed',
        'payment_intent.payment_failed',
      ]);
    });

    it('escapes what it shows', async () => {
      const session = await createSession(randomUUID(), {
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'eur',
              unit_amount: 100,
              product_data: { name: '<script>alert(1)</script>' },
            },
          },
        ],
      });
      const html = await (await fetch(session.url!)).text();
      expect(html).not.toContain('<script>');
    });
  });

  describe('control endpoints for other processes', () => {
    it('pays, lists events and shows the ledger over HTTP', async () => {
      const bookingId = randomUUID();
      const session = await createSession(bookingId);
      const paid = await fetch(`${standIn.url}/_standin/checkout/sessions/${session.id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deliver: ['checkout.session.completed'] }),
      });
      expect(paid.status).toBe(200);
      const outcome = (await paid.json()) as FlowOutcome;
      expect(outcome.session).toMatchObject({
        id: session.id,
        status: 'complete',
        payment_status: 'paid',
      });
      expect(receiver.types()).toEqual(['checkout.session.completed']);

      const ledger = (await (await fetch(`${standIn.url}/_standin/ledger`)).json()) as StripeLedger;
      expect(ledger.succeededPayments).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            checkoutSessionId: session.id,
            amount: 2500,
            metadata: { bookingId },
          }),
        ]),
      );
      const events = (await (
        await fetch(`${standIn.url}/_standin/events?type=payment_intent.succeeded`)
      ).json()) as StripeEvent[];
      expect(events.map((event) => event.id)).toContain(outcome.events[1].id);

      const redelivered = await fetch(
        `${standIn.url}/_standin/events/${outcome.events[1].id}/redeliver`,
        { method: 'POST' },
      );
      expect((await redelivered.json()) as WebhookDelivery).toMatchObject({ state: 'succeeded' });
      expect(receiver.types()).toEqual(['checkout.session.completed', 'payment_intent.succeeded']);

      const failure = await fetch(`${standIn.url}/_standin/failure`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'unavailable', requests: 1 }),
      });
      expect(failure.status).toBe(200);
      await expect(createSession()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect((await createSession()).status).toBe('open');

      const requests = (await (
        await fetch(`${standIn.url}/_standin/requests`)
      ).json()) as ApiRequestRecord[];
      expect(requests.length).toBeGreaterThan(0);
    });

    it('answers 400 with the reason for a bad control request', async () => {
      const session = await createSession();
      const response = await fetch(`${standIn.url}/_standin/checkout/sessions/${session.id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deliver: ['no.such.event'] }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        'no.such.event',
      );
    });
  });

  describe('money after the payment (issue 14)', () => {
    const post = (path: string, body: unknown = {}) =>
      fetch(`${standIn.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('takes the pinned SDK’s SessionCreateParams: allowed_payment_method_types yes, the removed payment_method_types no', async () => {
      const session = await createSession(randomUUID(), { allowed_payment_method_types: ['card'] });
      expect(session).toMatchObject({
        allowed_payment_method_types: ['card'],
        payment_method_types: ['card'],
      });
      const removed = await caught(
        stripe.checkout.sessions.create({
          ...sessionParams('b'),
          payment_method_types: ['card'],
        } as Stripe.Checkout.SessionCreateParams),
      );
      expect(removed).toMatchObject({
        statusCode: 400,
        code: 'parameter_unknown',
        param: 'payment_method_types',
      });
    });

    it('declines a card on the open session (its page keeps it open), and paying after reuses the PaymentIntent', async () => {
      const session = await createSession();
      const page = await fetch(`${standIn.url}/checkout/${session.id}/decline`, { method: 'POST' });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Your card was declined.');
      const [declined] = receiver.events();
      expect(declined.type).toBe('payment_intent.payment_failed');
      const intent = declined.data.object as Stripe.PaymentIntent;
      expect(intent).toMatchObject({
        status: 'requires_payment_method',
        metadata: { bookingId: expect.any(String) },
        last_payment_error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
        },
      });
      expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

      const paid = await standIn.pay(session.id);
      expect(paid.paymentIntent).toMatchObject({
        id: intent.id,
        status: 'succeeded',
        last_payment_error: null,
      });
    });

    it('“Back” returns to cancel_url and leaves the session open', async () => {
      const session = await createSession();
      const back = await fetch(`${standIn.url}/checkout/${session.id}/back`, {
        method: 'POST',
        redirect: 'manual',
      });
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe('http://localhost:3000/bookings/cancelled');
      expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
      expect(receiver.types()).toEqual([]);
    });

    it('leaves refunds pending when asked, then fails one over /_standin: refund.failed, refund.updated, charge.refund.updated', async () => {
      const session = await createSession();
      const { paymentIntent } = await standIn.pay(session.id, { deliver: 'none' });
      expect((await post('/_standin/refunds/start', { start: 'pending' })).status).toBe(200);
      try {
        const refund = await stripe.refunds.create({ payment_intent: paymentIntent!.id });
        expect(refund.status).toBe('pending');
        await standIn.idle();
        expect(receiver.types()).toEqual(['refund.created']);
        receiver.reset();

        const failed = await post(`/_standin/refunds/${refund.id}/fail`);
        expect(failed.status).toBe(200);
        expect(receiver.types()).toEqual([
          'refund.failed',
          'refund.updated',
          'charge.refund.updated',
        ]);
        expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({
          status: 'failed',
          failure_reason: 'expired_or_canceled_card',
        });
        expect(
          (await stripe.charges.retrieve(paymentIntent!.latest_charge as string)).amount_refunded,
        ).toBe(0);
      } finally {
        standIn.setRefundStart('succeeded');
      }
    });

    it('refunds from the “Dashboard” without our metadata, and opens and closes a dispute', async () => {
      const session = await createSession();
      const { paymentIntent } = await standIn.pay(session.id, { deliver: 'none' });

      expect(
        (
          await post(`/_standin/payment_intents/${paymentIntent!.id}/dashboard-refund`, {
            amountCents: 1000,
          })
        ).status,
      ).toBe(200);
      expect(receiver.types()).toEqual(['charge.refunded', 'refund.created']);
      expect(receiver.events()[0].data.object).toMatchObject({
        amount_refunded: 1000,
        refunded: false,
      });
      receiver.reset();

      const opened = (await (
        await post(`/_standin/payment_intents/${paymentIntent!.id}/dispute`)
      ).json()) as { dispute: { id: string } };
      const created = receiver.events()[0];
      expect(created.type).toBe('charge.dispute.created');
      expect(created.data.object).toMatchObject({
        id: opened.dispute.id,
        object: 'dispute',
        charge: paymentIntent!.latest_charge,
        payment_intent: paymentIntent!.id,
        status: 'needs_response',
        evidence_details: { due_by: expect.any(Number) },
      });
      expect(
        (await post(`/_standin/disputes/${opened.dispute.id}/close`, { outcome: 'lost' })).status,
      ).toBe(200);
      expect(receiver.types()).toEqual(['charge.dispute.created', 'charge.dispute.closed']);
      expect(
        (await post(`/_standin/disputes/${opened.dispute.id}/close`, { outcome: 'won' })).status,
      ).toBe(400);
    });

    it('lists events by types[], created[...] and with ending_before, as Stripe pages them', async () => {
      const session = await createSession();
      await standIn.pay(session.id, { deliver: 'none' });
      const all = await stripe.events.list({ limit: 100 });
      const [newest, second, third] = all.data;

      const byTypes = await stripe.events.list({ types: ['payment_intent.succeeded'], limit: 100 });
      expect(byTypes.data.length).toBeGreaterThan(0);
      expect(new Set(byTypes.data.map((event) => event.type))).toEqual(
        new Set(['payment_intent.succeeded']),
      );

      const future = await stripe.events.list({ created: { gt: newest.created } });
      expect(future.data).toEqual([]);
      const recent = await stripe.events.list({ created: { gte: newest.created }, limit: 100 });
      expect(recent.data.map((event) => event.id)).toContain(newest.id);

      const before = await stripe.events.list({ ending_before: third.id, limit: 1 });
      expect(before.data.map((event) => event.id)).toEqual([second.id]);
      expect(before.has_more).toBe(true);
    });
  });

  it('expires a session when its expires_at passes, with the webhook, as Stripe does in time', async () => {
    let now = Math.floor(Date.now() / 1000);
    const clocked = await startStripeStandIn({
      webhookSecret: SECRET,
      webhookUrl: receiver.url,
      clock: () => now,
      expirySweepMs: 10,
    });
    try {
      const session = await sdkFor(clocked).checkout.sessions.create(
        sessionParams(randomUUID(), { expires_at: now + HOUR }),
      );
      now += HOUR;
      await eventually('checkout.session.expired to arrive', () =>
        receiver.types().includes('checkout.session.expired'),
      );
      expect(receiver.events()[0].data.object).toMatchObject({ id: session.id, status: 'expired' });
      await expect(clocked.pay(session.id)).rejects.toThrow(/expired/);
    } finally {
      await clocked.close();
    }
  });
});
