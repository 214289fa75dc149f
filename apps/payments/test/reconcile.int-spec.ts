import { CLOCK, Clock } from '@app/platform';
import { Actor, PAYMENTS_INTERNAL_RPC, RECONCILE_RPC, ReconcileReport, SettleBookingsResponse } from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENT_GRACE_SECONDS, ReconcilePaymentsUseCase } from '../src/reconcile/reconcile-payments.use-case';
import { PaymentsTestWorld, aCheckoutRequest } from './support/payments-test-app';

// Actors as the gateway sends them: the RPC table's schema wants a UUID user id.
const admin: Actor = { userId: randomUUID(), role: 'admin', barberId: null, name: 'Admin', email: 'admin@example.com' };
const customer: Actor = { userId: randomUUID(), role: 'customer', barberId: null, name: 'Customer', email: 'customer@example.com' };
const zeros = { lost_payment: 0, lost_expiry: 0, lost_failure: 0, lost_refund_outcome: 0, lost_money_event: 0, flagged_follow_up: 0 };

/** The payments reconciler (DESIGN §6.6) against lost webhooks (real PostgreSQL and Redis, the Stripe stand-in). */
describe('Payments reconciler', () => {
  let world: PaymentsTestWorld;
  /** Time that has passed without the suite sleeping: added to Stripe's clock and to the service's (both move on together). */
  let elapsedSeconds = 0;
  const letTimePass = (seconds: number) => {
    elapsedSeconds += seconds;
  };

  beforeAll(async () => {
    // The interval never fires during the suite: every run is one the test makes.
    world = await PaymentsTestWorld.start(
      'payments_reconcile',
      { webhookRetry: { attempts: 1 }, clock: () => Math.floor(Date.now() / 1000) + elapsedSeconds },
      { reconcileIntervalSeconds: 3600 },
    );
    jest.spyOn(world.app.get<Clock>(CLOCK), 'now').mockImplementation(() => new Date(Date.now() + elapsedSeconds * 1000));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await world?.close();
  });

  async function anOpenCheckout() {
    const request = aCheckoutRequest();
    const checkout = await world.createCheckout(request);
    return { bookingId: request.bookingId, sessionId: checkout.sessionId };
  }

  const reconcile = () => world.send<ReconcileReport>(RECONCILE_RPC.payments, { actor: admin });

  it('refuses anyone but an admin', async () => {
    expect(await world.errorOf(RECONCILE_RPC.payments, { actor: customer })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('records a paid session whose webhook was lost, once, and the late webhook is a no-op', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    const paid = await world.stripe.pay(sessionId, { deliver: 'none' });
    expect((await world.paymentOf(bookingId)).status).toBe('open');

    expect(await reconcile()).toEqual({ ...zeros, lost_payment: 1 });
    const payment = await world.paymentOf(bookingId);
    expect(payment).toMatchObject({ status: 'succeeded', paid_amount_cents: 2500, paid_currency: 'gbp', payment_intent_id: paid.paymentIntent!.id });
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);

    expect(await reconcile()).toEqual(zeros);

    const deliveries = await Promise.all(paid.events.map((event) => world.stripe.redeliver(event.id)));
    expect(deliveries.map((delivery) => delivery.attempts[0].status)).toEqual([200, 200]);
    await world.settle();
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
    expect((await world.paymentOf(bookingId)).status).toBe('succeeded');
  });

  it("answers booking's settle-bookings after asking Stripe: a paid session whose webhook was lost is recorded and returned, a booking with no payment is null", async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    const paid = await world.stripe.pay(sessionId, { deliver: 'none' });
    const unknownBooking = randomUUID();

    const answer = await world.send<SettleBookingsResponse>(PAYMENTS_INTERNAL_RPC.settleBookings, { bookingIds: [bookingId, unknownBooking] });

    expect(answer).toEqual({
      [bookingId]: expect.objectContaining({ bookingId, checkoutSessionId: sessionId, paymentIntentId: paid.paymentIntent!.id, amountCents: 2500 }),
      [unknownBooking]: null,
    });
    expect((await world.paymentOf(bookingId)).status).toBe('succeeded');
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
    expect(await reconcile()).toEqual(zeros);
  });

  it('records the expiry of an abandoned session whose webhook was lost', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    await world.stripe.abandon(sessionId, { deliver: 'none' });

    expect(await reconcile()).toEqual({ ...zeros, lost_expiry: 1 });
    expect((await world.paymentOf(bookingId)).status).toBe('expired');
    expect(await world.outbox('payment.expired', bookingId)).toHaveLength(1);
    expect(await reconcile()).toEqual(zeros);
  });

  it('records a delayed payment that failed and whose webhooks were all lost, once (found by the fault suite)', async () => {
    // Stripe keeps such a session `complete`/`unpaid` for good: it was neither paid nor expired,
    // so it stayed open here for ever, asked about every round, and its booking's checkout was
    // never closed.
    const { bookingId, sessionId } = await anOpenCheckout();
    await world.stripe.asyncPaymentFails(sessionId, { deliver: 'none' });

    expect(await reconcile()).toEqual({ ...zeros, lost_failure: 1 });
    expect((await world.paymentOf(bookingId)).status).toBe('failed');
    expect(await world.outbox('payment.failed', bookingId)).toHaveLength(1);
    expect(await reconcile()).toEqual(zeros);
  });

  it('refuses a lost success with the wrong amount exactly as the webhook would', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    await world.stripe.pay(sessionId, { deliver: 'none', amountCents: 2000 });

    expect(await reconcile()).toMatchObject({ lost_payment: 1, lost_expiry: 0 });
    await world.settle();
    // Flagged and refunded (the follow-up runs at once; the stand-in then reports the refund).
    expect(await world.paymentOf(bookingId)).toMatchObject({ paid_amount_cents: 2000, flagged_reason: expect.stringContaining('does not match') as string });
    expect(['refund_pending', 'refunded']).toContain((await world.paymentOf(bookingId)).status);
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(0);
  });

  it('waits for the next round when Stripe cannot be reached', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    await world.stripe.pay(sessionId, { deliver: 'none' });
    world.stripe.setFailure('unavailable');
    try {
      expect(await reconcile()).toEqual(zeros);
    } finally {
      world.stripe.setFailure('none');
    }
    expect((await world.paymentOf(bookingId)).status).toBe('open');

    expect(await reconcile()).toEqual({ ...zeros, lost_payment: 1 });
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
  });

  it('leaves a session the customer has not finished open', async () => {
    const { bookingId } = await anOpenCheckout();
    expect(await reconcile()).toEqual(zeros);
    expect((await world.paymentOf(bookingId)).status).toBe('open');
  });

  it('a scheduled round only looks at payments open RECONCILE_STRIPE_AFTER_SECONDS or past expiry', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    await world.stripe.pay(sessionId, { deliver: 'none' });
    const reconciler = world.app.get(ReconcilePaymentsUseCase);

    // Neither overdue for a lookup nor, its event being seconds old, for the events pass (its webhook may be on its way).
    expect(await reconciler.execute({ everyOpenPayment: false, waitForLock: false })).toEqual(zeros);
    await world.query(`UPDATE payments SET created_at = now() - interval '1 hour' WHERE booking_id = $1`, [bookingId]);
    expect(await reconciler.execute({ everyOpenPayment: false, waitForLock: false })).toEqual({ ...zeros, lost_payment: 1 });
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
  });

  it('a scheduled round applies a Checkout event Stripe logged but never delivered, under its own id, long before the lookup is due', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    const paid = await world.stripe.pay(sessionId, { deliver: 'none' });
    letTimePass(EVENT_GRACE_SECONDS + 5); // long enough that the webhook is not just on its way
    const completed = paid.events.find((event) => event.type === 'checkout.session.completed')!;
    const reconciler = world.app.get(ReconcilePaymentsUseCase);

    // The payment was created 15 s ago: the lookups would leave it until RECONCILE_STRIPE_AFTER_SECONDS (120 s).
    expect(await reconciler.execute({ everyOpenPayment: false, waitForLock: false })).toEqual({ ...zeros, lost_payment: 1 });
    expect(await world.paymentOf(bookingId)).toMatchObject({ status: 'succeeded', payment_intent_id: paid.paymentIntent!.id });
    expect(await world.count('SELECT count(*) AS n FROM stripe_events WHERE id = $1', [completed.id])).toBe(1);
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);

    // The webhook, should it come after all, is a duplicate; the next round finds nothing.
    expect((await world.stripe.redeliver(completed.id)).attempts[0].status).toBe(200);
    await world.settle();
    expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
    expect(await reconciler.execute({ everyOpenPayment: false, waitForLock: false })).toEqual(zeros);
  });

  it('the events pass waits for the next round when Stripe cannot be reached, and the lookups still run', async () => {
    const { bookingId, sessionId } = await anOpenCheckout();
    await world.stripe.abandon(sessionId, { deliver: 'none' });
    letTimePass(EVENT_GRACE_SECONDS + 5);
    const reconciler = world.app.get(ReconcilePaymentsUseCase);
    world.stripe.setFailure('unavailable');
    try {
      expect(await reconciler.execute({ everyOpenPayment: false, waitForLock: false })).toEqual(zeros);
    } finally {
      world.stripe.setFailure('none');
    }
    expect((await world.paymentOf(bookingId)).status).toBe('open');
    expect(await reconciler.execute({ everyOpenPayment: false, waitForLock: false })).toEqual({ ...zeros, lost_expiry: 1 });
    expect((await world.paymentOf(bookingId)).status).toBe('expired');
  });

  /** A paid booking cancelled with a full refund that Stripe leaves pending. */
  async function aPendingRefund(): Promise<{ bookingId: string; refundId: string }> {
    const { bookingId, sessionId } = await anOpenCheckout();
    const paid = await world.stripe.pay(sessionId);
    await world.waitForStatus(bookingId, 'succeeded');
    world.stripe.setRefundStart('pending');
    try {
      const startsAt = new Date(Date.now() + 3 * 86_400_000);
      const cancelled = await world.deliver('booking.cancelled', {
        bookingId,
        customerId: randomUUID(),
        barberId: randomUUID(),
        slotIds: [randomUUID()],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
        status: 'cancelled',
        paymentStatus: 'refund_pending',
        cancelledBy: 'admin',
        refund: 'full',
        wasPaid: true,
        reason: null,
      });
      await world.waitForJob(cancelled.jobId);
    } finally {
      world.stripe.setRefundStart('succeeded');
    }
    const refund = world.stripe.ledger().refunds.find((candidate) => candidate.payment_intent === paid.paymentIntent!.id)!;
    return { bookingId, refundId: refund.id };
  }

  const openItems = (bookingId: string, kind: string) =>
    world.count(`SELECT count(*) AS n FROM attention_items WHERE kind = $1 AND booking_id = $2 AND closed_at IS NULL`, [kind, bookingId]);

  it('a scheduled round looks up a refund still pending RECONCILE_STRIPE_AFTER_SECONDS after we last heard of it, and records how it ended', async () => {
    const { bookingId, refundId } = await aPendingRefund();
    await world.stripe.settleRefund(refundId, 'failed', { deliver: 'none' });
    const reconciler = world.app.get(ReconcilePaymentsUseCase);

    // Its events are seconds old (their webhooks may be on their way) and the refund is not overdue.
    expect((await reconciler.execute({ everyOpenPayment: false, waitForLock: false }))?.lost_refund_outcome).toBe(0);
    expect((await world.paymentOf(bookingId)).status).toBe('refund_pending');

    await world.query(`UPDATE refunds SET updated_at = updated_at - interval '1 hour' WHERE stripe_refund_id = $1`, [refundId]);
    expect((await reconciler.execute({ everyOpenPayment: false, waitForLock: false }))?.lost_refund_outcome).toBe(1);
    expect((await world.paymentOf(bookingId)).status).toBe('refund_failed');
    expect(await openItems(bookingId, 'refund_failed')).toBe(1);
    expect((await reconciler.execute({ everyOpenPayment: false, waitForLock: false }))?.lost_refund_outcome).toBe(0);
  });

  it('a scheduled round applies refund and dispute events Stripe logged but never delivered (types[]), under their own ids', async () => {
    const { bookingId, refundId } = await aPendingRefund();
    const failed = await world.stripe.settleRefund(refundId, 'failed', { deliver: 'none' });
    const other = await anOpenCheckout();
    const paid = await world.stripe.pay(other.sessionId);
    await world.waitForStatus(other.bookingId, 'succeeded');
    const disputed = await world.stripe.openDispute(paid.paymentIntent!.id, { deliver: 'none' });
    letTimePass(EVENT_GRACE_SECONDS + 5);
    const reconciler = world.app.get(ReconcilePaymentsUseCase);

    expect(await reconciler.execute({ everyOpenPayment: false, waitForLock: false })).toMatchObject({ lost_refund_outcome: 1, lost_money_event: 1 });
    expect((await world.paymentOf(bookingId)).status).toBe('refund_failed');
    expect((await world.paymentOf(other.bookingId)).status).toBe('disputed');
    expect(await openItems(other.bookingId, 'dispute_open')).toBe(1);
    const ids = [...failed.events, ...disputed.events].map((event) => event.id);
    expect(await world.count('SELECT count(*) AS n FROM stripe_events WHERE id = ANY($1)', [ids])).toBe(ids.length);
    expect(await reconciler.execute({ everyOpenPayment: false, waitForLock: false })).toMatchObject({ lost_refund_outcome: 0, lost_money_event: 0 });
  });

  describe('with two replicas on the same database', () => {
    let replica: INestApplication;

    beforeAll(async () => {
      replica = await world.startReplica();
    });

    afterAll(async () => {
      await replica?.close();
    });

    it('makes each repair once when both run at the same time', async () => {
      const lost = await Promise.all([anOpenCheckout(), anOpenCheckout(), anOpenCheckout()]);
      for (const { sessionId } of lost) await world.stripe.pay(sessionId, { deliver: 'none' });
      const runs = (waitForLock: boolean) =>
        Promise.all([
          world.app.get(ReconcilePaymentsUseCase).execute({ everyOpenPayment: true, waitForLock }),
          replica.get(ReconcilePaymentsUseCase).execute({ everyOpenPayment: true, waitForLock }),
        ]);

      const reports = await runs(true);

      expect(reports.reduce((sum, report) => sum + (report?.lost_payment ?? 0), 0)).toBe(3);
      for (const { bookingId } of lost) expect(await world.outbox('payment.succeeded', bookingId)).toHaveLength(1);
      // Again, each skipping if the other holds the lock: nothing left to repair.
      expect((await runs(false)).map((report) => report ?? zeros)).toEqual([zeros, zeros]);
    });

    it('skips a scheduled round while another replica holds the lock', async () => {
      const holder = world.dataSource.createQueryRunner();
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock(42002)');
        expect(await replica.get(ReconcilePaymentsUseCase).execute({ everyOpenPayment: false, waitForLock: false })).toBeNull();
      } finally {
        await holder.query('SELECT pg_advisory_unlock(42002)');
        await holder.release();
      }
    });
  });
});
