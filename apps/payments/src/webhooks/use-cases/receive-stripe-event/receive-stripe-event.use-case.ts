import { OutboxWriter } from '@app/messaging';
import { Clock, CLOCK, counter } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Payment, applyPaymentFact, isSuperseded } from '../../../payment/domain/payment';
import { attentionItemRepository } from '../../../attention/persistence/attention-item.repository';
import { RecordDisputeUseCase } from '../../../disputes/use-cases/record-dispute/record-dispute.use-case';
import {
  paymentAttemptFailedPayload,
  paymentExpiredPayload,
  paymentFailedPayload,
  paymentSucceededPayload,
} from '../../../payment/persistence/payment.mapper';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { decideChargeRefunded, openRefund } from '../../../refunds/domain/refund';
import { refundRepository } from '../../../refunds/persistence/refund.repository';
import { RecordRefundReportUseCase, RefundReportOutcome } from '../../../refunds/use-cases/record-refund-report/record-refund-report.use-case';
import { RecordRefundedOutsideUseCase } from '../../../refunds/use-cases/record-refunded-outside/record-refunded-outside.use-case';
import { PaymentLocator, StripeEventLike, StripeEventMeaning, interpretStripeEvent } from '../../domain/stripe-event';
import { stripeEventRepository } from '../../persistence/stripe-event.repository';
import { FlaggedPaymentsScheduler } from '../../schedule/flagged-payments.scheduler';

export type WebhookOutcome =
  | 'duplicate'
  | 'ignored'
  | 'unknown_payment'
  | 'no_change'
  | 'succeeded'
  | 'amount_mismatch'
  | 'failed'
  | 'expired'
  | 'refunded'
  | 'attempt_failed'
  | 'refund_failed'
  | 'refund_waiting'
  | 'refunded_outside'
  | 'dispute_opened'
  | 'dispute_updated'
  | 'dispute_closed';

const amountMismatches = counter(
  'payment_amount_mismatch_total',
  'Stripe successes whose amount or currency did not match the booking price (refunded, nothing confirmed)',
  [],
);
const REFUND_REPORT_OUTCOME: Record<RefundReportOutcome, WebhookOutcome> = {
  refunded: 'refunded',
  refund_failed: 'refund_failed',
  waiting: 'refund_waiting',
  no_change: 'no_change',
};
const webhookEvents = counter('stripe_webhook_events_total', 'Verified Stripe events received, by type and outcome', ['type', 'outcome']);

/**
 * A verified Stripe event (DESIGN §5): stored under its Stripe id, applied to its payment and
 * its consequences written to the outbox, all in one transaction. A repeated id changes
 * nothing. Errors are not caught: an event that was not durably recorded must not be answered
 * 200, so Stripe sends it again. Refund reports, disputes and refunds made outside are recorded
 * by their own use cases, in the same transaction.
 *
 * What must happen outside the transaction (the dead letter and the refund of a success with the
 * wrong amount) starts after the commit; the payment row remembers it is still to do, so a
 * failure there is retried by the follow-up pass, never lost.
 */
@Injectable()
export class ReceiveStripeEventUseCase {
  private readonly logger = new Logger(ReceiveStripeEventUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly flagged: FlaggedPaymentsScheduler,
    private readonly recordRefundReport: RecordRefundReportUseCase,
    private readonly recordRefundedOutside: RecordRefundedOutsideUseCase,
    private readonly recordDispute: RecordDisputeUseCase,
  ) {}

  async execute(event: StripeEventLike): Promise<WebhookOutcome> {
    const meaning = interpretStripeEvent(event);
    const { outcome, flaggedPaymentId } = await this.dataSource.transaction(async (manager) => {
      if (!(await stripeEventRepository.record(manager, event))) return { outcome: 'duplicate' as const, flaggedPaymentId: null };
      return this.apply(manager, event, meaning);
    });
    webhookEvents.inc({ type: event.type, outcome });
    if (flaggedPaymentId !== null) this.flagged.followUp(flaggedPaymentId);
    return outcome;
  }

  private async apply(
    manager: EntityManager,
    event: StripeEventLike,
    meaning: StripeEventMeaning,
  ): Promise<{ outcome: WebhookOutcome; flaggedPaymentId: string | null }> {
    const unflagged = (outcome: WebhookOutcome) => ({ outcome, flaggedPaymentId: null });
    switch (meaning.kind) {
      case 'ignored':
        this.logger.debug(`Stripe event ${event.id} (${event.type}) stored, nothing to do: ${meaning.why}`);
        return unflagged('ignored');
      case 'payment_fact': {
        const payment = await this.locate(manager, meaning.locator);
        if (!payment) return unflagged(this.unknown(event));
        return this.applyFact(manager, event, payment, meaning.fact);
      }
      case 'charge_refunded': {
        const payment = await this.locate(manager, meaning.locator);
        if (!payment) return unflagged(this.unknown(event));
        return unflagged(await this.applyChargeRefunded(manager, event, payment, meaning));
      }
      case 'refund_report': {
        const payment = await this.locate(manager, meaning.locator);
        if (!payment) return unflagged(this.unknown(event));
        const refund = await refundRepository.lockByPayment(manager, payment.id);
        const outcome = await this.recordRefundReport.execute(manager, payment, refund, meaning.refund);
        return unflagged(REFUND_REPORT_OUTCOME[outcome]);
      }
      case 'dispute': {
        const payment = await this.locate(manager, meaning.locator);
        if (!payment) return unflagged(this.unknown(event));
        return unflagged(await this.recordDispute.execute(manager, payment, meaning.dispute, `${event.type} ${event.id}`));
      }
    }
  }

  private async applyFact(
    manager: EntityManager,
    event: StripeEventLike,
    payment: Payment,
    fact: Extract<StripeEventMeaning, { kind: 'payment_fact' }>['fact'],
  ): Promise<{ outcome: WebhookOutcome; flaggedPaymentId: string | null }> {
    const now = this.clock.now();
    const change = applyPaymentFact(payment, fact, now, event.id);
    switch (change.kind) {
      case 'none':
        this.logger.debug(`Stripe event ${event.id} (${event.type}) changes nothing for payment ${payment.id}: ${change.why}`);
        return { outcome: 'no_change', flaggedPaymentId: null };
      case 'succeeded':
        await paymentRepository.saveLocked(manager, change.payment);
        await this.outbox.publish(manager, 'payment.succeeded', paymentSucceededPayload(change.payment));
        if (payment.status !== 'open') {
          this.logger.warn(`Late payment: ${payment.status} payment ${payment.id} of booking ${payment.bookingId} succeeded (${event.type})`);
        }
        return { outcome: 'succeeded', flaggedPaymentId: null };
      case 'amount_mismatch': {
        await paymentRepository.saveLocked(manager, change.payment);
        await refundRepository.insert(manager, openRefund(change.payment, 'amount_mismatch', randomUUID(), now).refund);
        amountMismatches.inc();
        await attentionItemRepository.open(manager, {
          kind: 'payment_flagged',
          bookingId: payment.bookingId,
          paymentId: payment.id,
          detail: `A payment was refused and is being refunded: ${change.problem}.`,
          dueBy: null,
          now,
        });
        this.logger.error(
          `Payment ${payment.id} of booking ${payment.bookingId} NOT accepted (${event.type} ${event.id}): ${change.problem}. Refunding it and dead-lettering the event.`,
        );
        return { outcome: 'amount_mismatch', flaggedPaymentId: payment.id };
      }
      case 'failed':
        await paymentRepository.saveLocked(manager, change.payment);
        if (await this.announcesEnd(manager, change.payment, event)) {
          await this.outbox.publish(manager, 'payment.failed', paymentFailedPayload(change.payment, change.reason));
        }
        return { outcome: 'failed', flaggedPaymentId: null };
      case 'attempt_failed':
        await paymentRepository.saveLocked(manager, change.payment);
        await this.outbox.publish(manager, 'payment.attempt_failed', paymentAttemptFailedPayload(change.payment, change.declineCode));
        this.logger.log(`A declined attempt on session ${payment.checkoutSessionId} of booking ${payment.bookingId} (${change.declineCode ?? 'no code'}): the session stays open`);
        return { outcome: 'attempt_failed', flaggedPaymentId: null };
      case 'expired':
        await paymentRepository.saveLocked(manager, change.payment);
        if (await this.announcesEnd(manager, change.payment, event)) {
          await this.outbox.publish(manager, 'payment.expired', paymentExpiredPayload(change.payment));
        }
        return { outcome: 'expired', flaggedPaymentId: null };
    }
  }

  /**
   * charge.refunded: completes our pending refund (once we know its Stripe id), or notices money
   * refunded beyond what we asked for (the Stripe Dashboard).
   */
  private async applyChargeRefunded(
    manager: EntityManager,
    event: StripeEventLike,
    payment: Payment,
    meaning: Extract<StripeEventMeaning, { kind: 'charge_refunded' }>,
  ): Promise<WebhookOutcome> {
    const refund = await refundRepository.lockByPayment(manager, payment.id);
    const decision = decideChargeRefunded(payment, refund, meaning.fullyRefunded);
    if (decision.kind === 'complete' && refund !== null && refund.stripeRefundId !== null) {
      await this.recordRefundReport.execute(manager, payment, refund, {
        stripeRefundId: refund.stripeRefundId,
        status: 'succeeded',
        amountCents: refund.amountCents,
        currency: refund.currency,
        failureReason: null,
        paymentIdInMetadata: payment.id,
      });
      return 'refunded';
    }
    return this.recordRefundedOutside.execute(manager, payment, refund, meaning.charge, `${event.type} ${event.id}`);
  }

  /** A session that ended while a newer one is open (or another payment kept money) ends quietly. */
  private async announcesEnd(manager: EntityManager, payment: Payment, event: StripeEventLike): Promise<boolean> {
    if (!isSuperseded(payment, await paymentRepository.listByBooking(manager, payment.bookingId))) return true;
    this.logger.log(`Session ${payment.checkoutSessionId} of booking ${payment.bookingId} ended (${event.type}) but another session supersedes it: booking not told`);
    return false;
  }

  private locate(manager: EntityManager, locator: PaymentLocator): Promise<Payment | null> {
    switch (locator.by) {
      case 'checkout_session':
        return paymentRepository.lockByCheckoutSession(manager, locator.checkoutSessionId);
      case 'payment_intent':
        return paymentRepository.lockByPaymentIntent(manager, locator);
      case 'charge':
        return paymentRepository.lockByCharge(manager, locator);
    }
  }

  private unknown(event: StripeEventLike): WebhookOutcome {
    this.logger.warn(`Stripe event ${event.id} (${event.type}) names no payment of ours: stored, nothing applied`);
    return 'unknown_payment';
  }
}
