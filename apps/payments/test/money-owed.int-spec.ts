import {
  Actor,
  AttentionItemResource,
  CheckoutResource,
  PAYMENTS_RPC,
  PayloadOf,
  RECONCILE_RPC,
  ReconcileReport,
} from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { eventually } from '../../../test/support/test-infra';
import { STRIPE_API_VERSION } from '../src/stripe/stripe-client';
import { PaymentsTestWorld, aCheckoutRequest } from './support/payments-test-app';

const admin: Actor = {
  userId: randomUUID(),
  role: 'admin',
  barberId: null,
  name: 'Admin',
  email: 'admin@example.com',
};
const customer: Actor = {
  userId: randomUUID(),
  role: 'customer',
  barberId: null,
  name: 'Customer',
  email: 'customer@example.com',
};

/**
 * Money after the payment (DESIGN §5, §10 promise 7) through the real webhook endpoint, with
 * events the Stripe stand-in signs and sends: declined attempts, refunds that fail (by webhook
 * and, when that is lost, by reconciliation), disputes, refunds made in the Dashboard, and the
 * attention list that shows what is owed until it resolves.
 */
describe('Money owed: declines, failed refunds, disputes, Dashboard refunds', () => {
  let world: PaymentsTestWorld;

  beforeAll(async () => {
    world = await PaymentsTestWorld.start(
      'payments_money_owed',
      { webhookRetry: { attempts: 1 } },
      { reconcileIntervalSeconds: 3600 },
    );
  });

  afterEach(async () => {
    world.stripe.setRefundStart('succeeded');
    await world.settle();
  });

  afterAll(async () => {
    await world?.close();
  });

  const attention = () =>
    world.send<AttentionItemResource[]>(PAYMENTS_RPC.listAttention, { actor: admin });
  const attentionOf = async (paymentId: string) =>
    (await attention()).filter((item) => item.paymentId === paymentId);
  const checkoutOf = async (bookingId: string) =>
    (
      await world.send<Record<string, CheckoutResource | null>>(PAYMENTS_RPC.getCheckouts, {
        bookingIds: [bookingId],
      })
    )[bookingId];

  async function anOpenCheckout() {
    const request = aCheckoutRequest();
    const checkout = await world.createCheckout(request);
    const payment = await world.paymentOf(request.bookingId);
    return { bookingId: request.bookingId, sessionId: checkout.sessionId, paymentId: payment.id };
  }

  async function aPaidBooking() {
    const open = await anOpenCheckout();
    const paid = await world.stripe.pay(open.sessionId);
    await world.waitForStatus(open.bookingId, 'succeeded');
    return { ...open, paymentIntentId: paid.paymentIntent!.id };
  }

  function cancelledWithRefund(bookingId: string): PayloadOf<'booking.cancelled'> {
    const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);
    return {
      bookingId,
      customerId: randomUUID(),
      barberId: randomUUID(),
      slotIds: [randomUUID()],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
      status: 'cancelled',
      paymentStatus: 'refund_pending',
      cancelledBy: 'barber',
      refund: 'full',
      wasPaid: true,
      reason: 'barber is ill',
    };
  }

  /** A paid booking cancelled by its barber, whose refund Stripe leaves pending. */
  async function aPendingRefund() {
    const paid = await aPaidBooking();
    world.stripe.setRefundStart('pending');
    const message = await world.deliver('booking.cancelled', cancelledWithRefund(paid.bookingId));
    await world.waitForJob(message.jobId);
    const [refund] = await world.query<{ stripe_refund_id: string; status: string }>(
      'SELECT * FROM refunds WHERE payment_id = $1',
      [paid.paymentId],
    );
    expect(refund).toMatchObject({
      status: 'pending',
      stripe_refund_id: expect.stringMatching(/^re_/),
    });
    expect((await world.paymentOf(paid.bookingId)).status).toBe('refund_pending');
    return { ...paid, stripeRefundId: refund.stripe_refund_id };
  }

  describe('a declined card', () => {
    it('is one failed attempt: recorded with a sentence for the customer, the session stays open, and a payment on it succeeds', async () => {
      const { bookingId, sessionId, paymentId } = await anOpenCheckout();

      const declined = await world.stripe.declineCard(sessionId);

      expect(
        declined.deliveries.map((delivery) => [delivery.type, delivery.attempts[0].status]),
      ).toEqual([['payment_intent.payment_failed', 200]]);
      expect(await world.paymentOf(bookingId)).toMatchObject({
        status: 'open',
        last_payment_error: 'Your card was declined. Try another card.',
      });
      expect(await world.outbox('payment.attempt_failed', bookingId)).toEqual([
        {
          bookingId,
          paymentId,
          checkoutSessionId: sessionId,
          message: 'Your card was declined. Try another card.',
          declineCode: 'generic_decline',
        },
      ]);
      expect(await world.outbox('payment.failed', bookingId)).toEqual([]);
      expect(await checkoutOf(bookingId)).toMatchObject({
        sessionId,
        lastPaymentError: 'Your card was declined. Try another card.',
      });
      expect(world.stripe.checkoutSession(sessionId).status).toBe('open');

      const paid = await world.stripe.pay(sessionId);

      expect(paid.paymentIntent!.id).toBe(declined.paymentIntent!.id);
      await world.waitForStatus(bookingId, 'succeeded');
      expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
      expect(await world.outbox('payment.failed', bookingId)).toEqual([]);
      expect(
        await world.count('SELECT count(*) AS n FROM refunds WHERE payment_id = $1', [paymentId]),
      ).toBe(0);
    });

    it('says what to do for an insufficient balance, and a decline after the payment ended changes nothing', async () => {
      const { bookingId, sessionId } = await anOpenCheckout();
      await world.stripe.declineCard(sessionId, {
        code: 'card_declined',
        declineCode: 'insufficient_funds',
      });
      expect((await world.paymentOf(bookingId)).last_payment_error).toBe(
        'Your card has insufficient funds. Try another card.',
      );

      await world.stripe.abandon(sessionId);
      await world.waitForStatus(bookingId, 'expired');
      const late = world.stripe.newEvent('payment_intent.payment_failed', {
        id: (await world.paymentOf(bookingId)).payment_intent_id,
        object: 'payment_intent',
        metadata: { bookingId },
        last_payment_error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'expired_card',
        },
      });
      expect((await world.stripe.deliver(late)).attempts[0].status).toBe(200);
      expect(await world.paymentOf(bookingId)).toMatchObject({
        status: 'expired',
        last_payment_error: 'Your card has insufficient funds. Try another card.',
      });
      expect(await world.outbox('payment.attempt_failed', bookingId)).toHaveLength(1);
    });
  });

  it('a delayed payment that fails ends only with checkout.session.async_payment_failed, even when payment_intent.payment_failed comes first', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();

    const failed = await world.stripe.asyncPaymentFails(sessionId, {
      deliver: ['payment_intent.payment_failed'],
    });

    expect((await world.paymentOf(bookingId)).status).toBe('open');
    expect(await world.outbox('payment.failed', bookingId)).toEqual([]);
    await world.stripe.redeliver(
      failed.events.find((event) => event.type === 'checkout.session.async_payment_failed')!.id,
    );
    expect((await world.paymentOf(bookingId)).status).toBe('failed');
    expect(await world.outbox('payment.failed', bookingId)).toEqual([
      expect.objectContaining({ reason: 'async_payment_failed' }),
    ]);
  });

  describe('a refund that fails', () => {
    it('by webhook: refund_failed, payment.status_changed and an attention item; the failure sent twice counts once', async () => {
      const { bookingId, paymentId, stripeRefundId } = await aPendingRefund();

      const failed = await world.stripe.settleRefund(stripeRefundId, 'failed');

      expect(
        failed.deliveries.map((delivery) => [delivery.type, delivery.attempts[0].status]),
      ).toEqual([
        ['refund.failed', 200],
        ['refund.updated', 200],
        ['charge.refund.updated', 200],
      ]);
      expect((await world.paymentOf(bookingId)).status).toBe('refund_failed');
      expect(
        await world.query('SELECT status, failure_reason FROM refunds WHERE payment_id = $1', [
          paymentId,
        ]),
      ).toEqual([{ status: 'failed', failure_reason: 'expired_or_canceled_card' }]);
      expect(await world.outbox('payment.status_changed', bookingId)).toEqual([
        {
          bookingId,
          paymentId,
          paymentStatus: 'refund_failed',
          revision: 1,
          detail: 'refund failed: expired_or_canceled_card',
        },
      ]);
      expect(await world.outbox('payment.refunded', bookingId)).toEqual([]);
      expect(await attentionOf(paymentId)).toEqual([
        {
          kind: 'refund_failed',
          bookingId,
          paymentId,
          since: expect.any(String),
          detail: expect.stringContaining('still owed 25.00 GBP'),
          dueBy: null,
        },
      ]);

      await world.stripe.redeliver(failed.events[0].id);
      expect(await world.outbox('payment.status_changed', bookingId)).toHaveLength(1);
      expect(await attentionOf(paymentId)).toHaveLength(1);
    });

    it('when its webhooks were lost: the reconciler looks the pending refund up and records the failure', async () => {
      const { bookingId, paymentId, stripeRefundId } = await aPendingRefund();
      await world.stripe.settleRefund(stripeRefundId, 'canceled', { deliver: 'none' });
      expect((await world.paymentOf(bookingId)).status).toBe('refund_pending');

      const report = await world.send<ReconcileReport>(RECONCILE_RPC.payments, { actor: admin });

      expect(report.lost_refund_outcome).toBeGreaterThanOrEqual(1);
      expect((await world.paymentOf(bookingId)).status).toBe('refund_failed');
      expect(await attentionOf(paymentId)).toEqual([
        expect.objectContaining({
          kind: 'refund_failed',
          detail: expect.stringContaining('canceled'),
        }),
      ]);
      expect(await world.outbox('payment.status_changed', bookingId)).toEqual([
        expect.objectContaining({ paymentStatus: 'refund_failed' }),
      ]);
    });

    it('a pending refund that succeeded while its webhooks were lost is completed by the reconciler, once', async () => {
      const { bookingId, paymentId, stripeRefundId } = await aPendingRefund();
      await world.stripe.settleRefund(stripeRefundId, 'succeeded', { deliver: 'none' });

      const report = await world.send<ReconcileReport>(RECONCILE_RPC.payments, { actor: admin });

      expect(report.lost_refund_outcome).toBeGreaterThanOrEqual(1);
      expect((await world.paymentOf(bookingId)).status).toBe('refunded');
      expect(await world.outbox('payment.refunded', bookingId)).toEqual([
        expect.objectContaining({ paymentId, refundId: stripeRefundId }),
      ]);
      expect(
        await world.send<ReconcileReport>(RECONCILE_RPC.payments, { actor: admin }),
      ).toMatchObject({ lost_refund_outcome: 0 });
      expect(await attentionOf(paymentId)).toEqual([]);
    });

    it('a pending refund that then succeeds completes by its webhooks, with nothing left to attend to', async () => {
      const { bookingId, paymentId, stripeRefundId } = await aPendingRefund();
      await world.stripe.settleRefund(stripeRefundId, 'succeeded');
      expect((await world.paymentOf(bookingId)).status).toBe('refunded');
      expect(await world.outbox('payment.refunded', bookingId)).toEqual([
        expect.objectContaining({ paymentId, refundId: stripeRefundId, amountCents: 2500 }),
      ]);
      expect(await attentionOf(paymentId)).toEqual([]);
    });
  });

  describe('a dispute', () => {
    it('opened: disputed with an attention item carrying the evidence due date; lost: dispute_lost and the item closes', async () => {
      const { bookingId, paymentId, paymentIntentId } = await aPaidBooking();

      const opened = await world.stripe.openDispute(paymentIntentId);

      expect(opened.deliveries.map((delivery) => delivery.attempts[0].status)).toEqual([200]);
      const dueBy = new Date(opened.dispute.evidence_details.due_by! * 1000).toISOString();
      expect(await world.paymentOf(bookingId)).toMatchObject({
        status: 'disputed',
        dispute_id: opened.dispute.id,
        dispute_status: 'needs_response',
      });
      expect(await attentionOf(paymentId)).toEqual([
        {
          kind: 'dispute_open',
          bookingId,
          paymentId,
          since: expect.any(String),
          detail: expect.stringContaining(dueBy),
          dueBy,
        },
      ]);
      expect(await world.outbox('payment.status_changed', bookingId)).toEqual([
        expect.objectContaining({ paymentStatus: 'disputed', revision: 1 }),
      ]);

      await world.stripe.closeDispute(opened.dispute.id, 'lost');

      expect((await world.paymentOf(bookingId)).status).toBe('dispute_lost');
      expect(await attentionOf(paymentId)).toEqual([]);
      expect(
        (await world.outbox('payment.status_changed', bookingId)).map((change) => [
          change.paymentStatus,
          change.revision,
        ]),
      ).toEqual([
        ['disputed', 1],
        ['dispute_lost', 2],
      ]);
    });

    it('won: paid again; a late `created` after the close does not reopen it', async () => {
      const { bookingId, paymentId, paymentIntentId } = await aPaidBooking();
      const opened = await world.stripe.openDispute(paymentIntentId, { deliver: 'none' });
      const closed = await world.stripe.closeDispute(opened.dispute.id, 'won');
      expect((await world.paymentOf(bookingId)).status).toBe('succeeded');

      await world.stripe.redeliver(opened.events[0].id);

      expect((await world.paymentOf(bookingId)).status).toBe('succeeded');
      expect(await attentionOf(paymentId)).toEqual([]);
      expect(await world.outbox('payment.status_changed', bookingId)).toEqual([
        expect.objectContaining({ paymentStatus: 'paid', revision: 1 }),
      ]);
      expect(closed.dispute.status).toBe('won');
    });
  });

  describe('a refund made in the Stripe Dashboard', () => {
    it('in full: refunded and an attention item refunded_outside, closed when the booking is cancelled', async () => {
      const { bookingId, paymentId, paymentIntentId } = await aPaidBooking();

      await world.stripe.dashboardRefund(paymentIntentId);

      expect(await world.paymentOf(bookingId)).toMatchObject({
        status: 'refunded',
        amount_refunded_cents: 2500,
      });
      expect(await attentionOf(paymentId)).toEqual([
        expect.objectContaining({
          kind: 'refunded_outside',
          detail: expect.stringContaining('25.00 GBP was refunded outside'),
        }),
      ]);
      expect(await world.outbox('payment.status_changed', bookingId)).toEqual([
        expect.objectContaining({ paymentStatus: 'refunded' }),
      ]);
      expect(
        await world.count('SELECT count(*) AS n FROM refunds WHERE payment_id = $1', [paymentId]),
      ).toBe(0);

      const message = await world.deliver('booking.cancelled', {
        ...cancelledWithRefund(bookingId),
        cancelledBy: 'admin',
      });
      await world.waitForJob(message.jobId);
      expect(await attentionOf(paymentId)).toEqual([]);
    });

    it('in part: partially_refunded', async () => {
      const { bookingId, paymentId, paymentIntentId } = await aPaidBooking();
      await world.stripe.dashboardRefund(paymentIntentId, { amountCents: 1000 });
      expect(await world.paymentOf(bookingId)).toMatchObject({
        status: 'partially_refunded',
        amount_refunded_cents: 1000,
      });
      expect(await attentionOf(paymentId)).toEqual([
        expect.objectContaining({
          kind: 'refunded_outside',
          detail: expect.stringContaining('10.00 GBP'),
        }),
      ]);
    });
  });

  it('calls Stripe with the API version pinned in code (the webhook endpoint’s)', async () => {
    await aPaidBooking();
    const versions = new Set(world.stripe.requests().map((request) => request.stripeVersion));
    expect(versions).toEqual(new Set([STRIPE_API_VERSION]));
  });

  it('a booking partly refunded in the Dashboard and then cancelled gets the rest back, with nothing left to attend to', async () => {
    const { bookingId, paymentId, paymentIntentId } = await aPaidBooking();
    await world.stripe.dashboardRefund(paymentIntentId, { amountCents: 1000 });
    expect((await world.paymentOf(bookingId)).status).toBe('partially_refunded');

    const message = await world.deliver('booking.cancelled', {
      ...cancelledWithRefund(bookingId),
      cancelledBy: 'admin',
    });
    await world.waitForJob(message.jobId);

    expect((await world.paymentOf(bookingId)).status).toBe('refunded');
    expect(await world.outbox('payment.refunded', bookingId)).toEqual([
      expect.objectContaining({ paymentId, amountCents: 1500 }),
    ]);
    await world.settle();
    expect(await world.outbox('payment.status_changed', bookingId)).toEqual([
      expect.objectContaining({ paymentStatus: 'partially_refunded' }),
    ]);
    expect(await attentionOf(paymentId)).toEqual([]);
  });

  describe('the attention list', () => {
    it('is refused to anyone but an admin', async () => {
      expect(await world.errorOf(PAYMENTS_RPC.listAttention, { actor: customer })).toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('lists oldest first and counts what is open in payments_attention_open{kind}', async () => {
      const first = await aPaidBooking();
      await world.stripe.openDispute(first.paymentIntentId);
      const second = await aPaidBooking();
      await world.stripe.dashboardRefund(second.paymentIntentId);

      const items = await attention();
      const since = items.map((item) => item.since);
      expect([...since].sort()).toEqual(since);
      const ours = items
        .filter((item) => item.paymentId === first.paymentId || item.paymentId === second.paymentId)
        .map((item) => item.kind);
      expect(ours).toEqual(['dispute_open', 'refunded_outside']);

      const open = await eventually('the gauge to count the open items', async () => {
        const metric = await register.getSingleMetric('payments_attention_open')?.get();
        const value = (kind: string) =>
          metric?.values.find((sample) => sample.labels.kind === kind)?.value ?? 0;
        return value('dispute_open') >= 1 && value('refunded_outside') >= 1 ? metric : undefined;
      });
      expect(open.values.map((sample) => sample.labels.kind).sort()).toEqual([
        'dispute_open',
        'payment_flagged',
        'refund_failed',
        'refunded_outside',
      ]);
    });
  });
});
