import { Clock, CLOCK, withSessionAdvisoryLock } from '@app/platform';
import { ReconcileReport } from '@app/contracts';
import { counter } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { Payment } from '../payment/domain/payment';
import { paymentRepository } from '../payment/persistence/payment.repository';
import { refundRepository } from '../refunds/persistence/refund.repository';
import { PAYMENTS_CONFIG, PaymentsConfig } from '../payments.config';
import { STRIPE } from '../stripe/stripe-client';
import { describeStripeFailure, stripeFailureOf } from '../stripe/stripe-failure';
import { stripeEventRepository } from '../webhooks/persistence/stripe-event.repository';
import { FlaggedPaymentsScheduler } from '../webhooks/schedule/flagged-payments.scheduler';
import { ReceiveStripeEventUseCase, WebhookOutcome } from '../webhooks/use-cases/receive-stripe-event/receive-stripe-event.use-case';

/** Arbitrary constant (the payments database's own): the session advisory lock one reconciler holds at a time. */
export const RECONCILE_LOCK_KEY = 42_002;
const BATCH = 500;
/** The events a lost Checkout webhook would have carried (Stripe's one-wildcard type filter). */
const CHECKOUT_EVENTS = 'checkout.session.*';
/** What happens to money after the payment: a lost webhook of these is applied from the log like a Checkout one. */
const MONEY_EVENTS = ['charge.refunded', 'charge.refund.updated', 'refund.updated', 'refund.failed', 'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed'] as const;
/** An event younger than this may still be on its way as a webhook: the events pass leaves it to the next round. */
export const EVENT_GRACE_SECONDS = 10;

export const RECONCILE_KINDS = ['lost_payment', 'lost_expiry', 'lost_failure', 'lost_refund_outcome', 'lost_money_event', 'flagged_follow_up'] as const;
export type ReconcileKind = (typeof RECONCILE_KINDS)[number];

const repairs = counter('reconcile_repairs_total', 'Drift the reconcilers found and repaired, by service and kind', ['service', 'kind']);

export interface ReconcileOptions {
  /** true (POST /admin/reconcile): ask Stripe about every open payment now, not only the overdue ones. */
  everyOpenPayment: boolean;
  /** true: wait for a reconcile under way elsewhere to finish, then run; false: skip this round (answers null). */
  waitForLock: boolean;
}

/**
 * The payments reconciler (DESIGN §6.6): one replica at a time, under a session advisory lock
 * (the repairs commit in their own transactions, so a transaction lock would not cover them).
 * What a round repairs, in which order, and why: docs/architecture.md, "The payments reconciler,
 * round by round".
 */
@Injectable()
export class ReconcilePaymentsUseCase {
  private readonly logger = new Logger(ReconcilePaymentsUseCase.name);
  /** Unix seconds up to which this process has read Stripe's event log (null: not yet). */
  private eventsReadUntil: number | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly receive: ReceiveStripeEventUseCase,
    private readonly flagged: FlaggedPaymentsScheduler,
  ) {}

  /** The repairs made, by kind; null when another reconcile held the lock and `waitForLock` was false. */
  async execute(options: ReconcileOptions): Promise<ReconcileReport | null> {
    const report = await withSessionAdvisoryLock(this.dataSource, [RECONCILE_LOCK_KEY], { wait: options.waitForLock }, () =>
      this.reconcile(options.everyOpenPayment),
    );
    if (report === null) this.logger.debug('Another replica is reconciling: skipping this round');
    return report;
  }

  /**
   * Looks `open` payments up at Stripe now and records what Stripe says, as a round does (each
   * repair counted and logged). No lock: recording a session is idempotent. Stripe unreachable:
   * logged, and what is recorded so far stands.
   */
  async lookUpAtStripe(open: Payment[]): Promise<void> {
    const { found } = this.repairTally();
    await this.checkWithStripe(open, found);
  }

  /** A report of zero repairs, and the function that counts, logs and reports one. */
  private repairTally(): { report: Record<ReconcileKind, number>; found: (kind: ReconcileKind, message: string) => void } {
    const report = Object.fromEntries(RECONCILE_KINDS.map((kind) => [kind, 0])) as Record<ReconcileKind, number>;
    const found = (kind: ReconcileKind, message: string) => {
      report[kind] += 1;
      repairs.inc({ service: 'payments', kind });
      this.logger.warn(`Reconcile repaired ${kind}: ${message}`);
    };
    return { report, found };
  }

  private async reconcile(everyOpenPayment: boolean): Promise<ReconcileReport> {
    const { report, found } = this.repairTally();
    await this.reconcileRecentEvents(found);
    await this.reconcileOpenPayments(everyOpenPayment, found);
    await this.reconcilePendingRefunds(everyOpenPayment, found);
    const followedUp = await this.flagged.sweep();
    for (let i = 0; i < followedUp; i += 1) found('flagged_follow_up', 'a refused success still needed its dead letter or refund');
    return report;
  }

  /** The events pass (see the class comment). Stripe unreachable: logged, read again next round. */
  private async reconcileRecentEvents(found: (kind: ReconcileKind, message: string) => void): Promise<void> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const until = now - EVENT_GRACE_SECONDS;
    const oldest = now - this.config.reconcileStripeAfterSeconds - 2 * this.config.reconcileIntervalSeconds;
    // One second of overlap: `created` has whole seconds, and an event of the last second read may have been listed after.
    const from = Math.max(oldest, (this.eventsReadUntil ?? oldest) - 1);
    const unread: Stripe.Event[] = [];
    try {
      // Checkout events by their one wildcard; the money after the payment (refunds, disputes) by exact types.
      for (const filter of [{ type: CHECKOUT_EVENTS }, { types: [...MONEY_EVENTS] }]) {
        for await (const event of this.stripe.events.list({ ...filter, created: { gte: from }, limit: 100 })) {
          if (event.created < from) break;
          if (event.created <= until) unread.push(event);
        }
      }
    } catch (error) {
      const failure = stripeFailureOf(error);
      if (!failure) throw error;
      this.logger.warn(`Reconcile: Stripe's event log not read (${describeStripeFailure(failure)}); read again next round`);
      return;
    }
    unread.sort((a, b) => a.created - b.created); // oldest first, as the webhooks would have come
    for (let start = 0; start < unread.length; start += BATCH) {
      const events = unread.slice(start, start + BATCH);
      const known = await stripeEventRepository.known(this.dataSource.manager, events.map((event) => event.id));
      for (const event of events) {
        if (known.has(event.id)) continue;
        const outcome = await this.receive.execute(event);
        const kind = LOST_WEBHOOK_KIND[outcome];
        if (kind) {
          const object = event.data.object as { id?: unknown };
          found(kind, `${event.type} ${event.id} of ${String(object.id)} was never received as a webhook (${outcome})`);
        }
      }
    }
    this.eventsReadUntil = until;
  }

  private async reconcileOpenPayments(everyOpenPayment: boolean, found: (kind: ReconcileKind, message: string) => void): Promise<void> {
    const now = this.clock.now();
    const createdBefore = everyOpenPayment ? now : new Date(now.getTime() - this.config.reconcileStripeAfterSeconds * 1000);
    const open = await paymentRepository.listOpenToReconcile(this.dataSource.manager, { createdBefore, now, limit: BATCH });
    await this.checkWithStripe(open, found);
  }

  /**
   * `lost_refund_outcome`: a refund Stripe has that is still `pending` here
   * RECONCILE_STRIPE_AFTER_SECONDS after we last heard of it (every one on POST /admin/reconcile)
   * is looked up; an ending (succeeded, failed, canceled) is recorded as a synthetic
   * `refund.updated` through the webhook's own use case, under `reconcile:<refundId>:<status>`.
   */
  private async reconcilePendingRefunds(everyPendingRefund: boolean, found: (kind: ReconcileKind, message: string) => void): Promise<void> {
    const now = this.clock.now();
    const before = everyPendingRefund ? now : new Date(now.getTime() - this.config.reconcileStripeAfterSeconds * 1000);
    const pending = await refundRepository.listPendingAtStripe(this.dataSource.manager, { before, limit: BATCH });
    for (const refund of pending) {
      let stripeRefund: Stripe.Refund;
      try {
        stripeRefund = await this.stripe.refunds.retrieve(refund.stripeRefundId as string);
      } catch (error) {
        const failure = stripeFailureOf(error);
        if (failure?.kind === 'refused') {
          this.logger.warn(`Reconcile: Stripe refused refund ${refund.stripeRefundId} of payment ${refund.paymentId}: ${describeStripeFailure(failure)}`);
          continue;
        }
        const why = failure ? describeStripeFailure(failure) : (error as Error).message;
        this.logger.warn(`Reconcile: Stripe unreachable (${why}); pending refunds are checked again next round`);
        return;
      }
      if (stripeRefund.status === 'pending' || stripeRefund.status === 'requires_action') continue;
      const outcome = await this.receive.execute({
        id: `reconcile:${stripeRefund.id}:${stripeRefund.status ?? 'unknown'}`,
        type: 'refund.updated',
        data: { object: stripeRefund },
      });
      if (outcome === 'refunded' || outcome === 'refund_failed') {
        found('lost_refund_outcome', `refund ${stripeRefund.id} of payment ${refund.paymentId} ended ${stripeRefund.status} at Stripe but its webhooks never came (${outcome})`);
      }
    }
  }

  /** Look each open payment's session up at Stripe and record what it says; stops at the first sign Stripe is unreachable. */
  private async checkWithStripe(open: Payment[], found: (kind: ReconcileKind, message: string) => void): Promise<void> {
    for (const payment of open) {
      let session: Stripe.Checkout.Session;
      try {
        session = await this.stripe.checkout.sessions.retrieve(payment.checkoutSessionId);
      } catch (error) {
        const failure = stripeFailureOf(error);
        if (failure?.kind === 'refused') {
          this.logger.warn(`Reconcile: Stripe refused session ${payment.checkoutSessionId} of payment ${payment.id}: ${describeStripeFailure(failure)}`);
          continue;
        }
        const why = failure ? describeStripeFailure(failure) : (error as Error).message;
        this.logger.warn(`Reconcile: Stripe unreachable (${why}); open payments are checked again next round`);
        return;
      }
      await this.applySession(payment, session, found);
    }
  }

  private async applySession(payment: Payment, session: Stripe.Checkout.Session, found: (kind: ReconcileKind, message: string) => void): Promise<void> {
    const what = `payment ${payment.id} of booking ${payment.bookingId} (session ${payment.checkoutSessionId})`;
    if (session.status === 'complete' && session.payment_status === 'paid') {
      const outcome = await this.receive.execute({
        id: `reconcile:${payment.checkoutSessionId}:completed`,
        type: 'checkout.session.completed',
        data: { object: session },
      });
      if (outcome === 'succeeded' || outcome === 'amount_mismatch') found('lost_payment', `${what} was paid but its webhook never came (${outcome})`);
    } else if (session.status === 'complete' && session.payment_status === 'unpaid' && (await this.delayedPaymentFailed(session))) {
      const outcome = await this.receive.execute({
        id: `reconcile:${payment.checkoutSessionId}:async_payment_failed`,
        type: 'checkout.session.async_payment_failed',
        data: { object: session },
      });
      if (outcome === 'failed') found('lost_failure', `${what} failed at Stripe (a delayed payment) but its webhooks never came`);
    } else if (session.status === 'expired') {
      const outcome = await this.receive.execute({
        id: `reconcile:${payment.checkoutSessionId}:expired`,
        type: 'checkout.session.expired',
        data: { object: session },
      });
      if (outcome === 'expired') found('lost_expiry', `${what} expired at Stripe but its webhook never came`);
    }
  }

  /**
   * A completed session still unpaid is a delayed payment: failed for good once its PaymentIntent
   * wants a new payment method or was cancelled; still processing otherwise. Stripe unreachable:
   * not known yet, asked again next round.
   */
  private async delayedPaymentFailed(session: Stripe.Checkout.Session): Promise<boolean> {
    const intent = session.payment_intent;
    if (intent === null) return false;
    try {
      const paymentIntent = typeof intent === 'string' ? await this.stripe.paymentIntents.retrieve(intent) : intent;
      return paymentIntent.status === 'requires_payment_method' || paymentIntent.status === 'canceled';
    } catch (error) {
      const failure = stripeFailureOf(error);
      if (!failure) throw error;
      this.logger.warn(`Reconcile: PaymentIntent of session ${session.id} not retrieved (${describeStripeFailure(failure)}); asked again next round`);
      return false;
    }
  }
}

/** What applying a Stripe event the webhook never brought counts as. */
const LOST_WEBHOOK_KIND: Partial<Record<WebhookOutcome, ReconcileKind>> = {
  succeeded: 'lost_payment',
  amount_mismatch: 'lost_payment',
  expired: 'lost_expiry',
  failed: 'lost_failure',
  refunded: 'lost_refund_outcome',
  refund_failed: 'lost_refund_outcome',
  refunded_outside: 'lost_money_event',
  dispute_opened: 'lost_money_event',
  dispute_updated: 'lost_money_event',
  dispute_closed: 'lost_money_event',
};
