import { OutboxWriter } from '@app/messaging';
import { counter } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Payment, applyPaymentFact, isSuperseded } from '../../../payment/domain/payment';
import {
  paymentExpiredPayload,
  paymentFailedPayload,
  paymentRefundedPayload,
  paymentSucceededPayload,
} from '../../../payment/persistence/payment.mapper';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { announcesRefund, completeRefund, decideChargeRefunded, openRefund } from '../../../refunds/domain/refund';
import { refundRepository } from '../../../refunds/persistence/refund.repository';
import { CLOCK, Clock } from '../../../shared/clock';
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
  | 'refunded';

const amountMismatches = counter(
  'payment_amount_mismatch_total',
  'Stripe successes whose amount or currency did not match the booking price (refunded, nothing confirmed)',
  [],
);
const webhookEvents = counter('stripe_webhook_events_total', 'Verified Stripe events received, by type and outcome', ['type', 'outcome']);

/**
 * A verified Stripe event (DESIGN §5): stored under its Stripe id, applied to its payment and
 * its consequences written to the outbox, all in one transaction. A repeated id changes
 * nothing. Errors are not caught: an event that was not durably recorded must not be answered
 * 200, so Stripe sends it again.
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
        return unflagged(await this.applyChargeRefunded(manager, event, payment, meaning.fullyRefunded));
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
        await paymentRepository.save(manager, change.payment, payment.status);
        await this.outbox.publish(manager, 'payment.succeeded', paymentSucceededPayload(change.payment));
        if (payment.status !== 'open') {
          this.logger.warn(`Late payment: ${payment.status} payment ${payment.id} of booking ${payment.bookingId} succeeded (${event.type})`);
        }
        return { outcome: 'succeeded', flaggedPaymentId: null };
      case 'amount_mismatch': {
        await paymentRepository.save(manager, change.payment, payment.status);
        await refundRepository.insert(manager, openRefund(change.payment, 'amount_mismatch', randomUUID(), now).refund);
        amountMismatches.inc();
        this.logger.error(
          `Payment ${payment.id} of booking ${payment.bookingId} NOT accepted (${event.type} ${event.id}): ${change.problem}. Refunding it and dead-lettering the event.`,
        );
        return { outcome: 'amount_mismatch', flaggedPaymentId: payment.id };
      }
      case 'failed':
        await paymentRepository.save(manager, change.payment, payment.status);
        if (await this.announcesEnd(manager, change.payment, event)) {
          await this.outbox.publish(manager, 'payment.failed', paymentFailedPayload(change.payment, change.reason));
        }
        return { outcome: 'failed', flaggedPaymentId: null };
      case 'expired':
        await paymentRepository.save(manager, change.payment, payment.status);
        if (await this.announcesEnd(manager, change.payment, event)) {
          await this.outbox.publish(manager, 'payment.expired', paymentExpiredPayload(change.payment));
        }
        return { outcome: 'expired', flaggedPaymentId: null };
    }
  }

  private async applyChargeRefunded(manager: EntityManager, event: StripeEventLike, payment: Payment, fullyRefunded: boolean): Promise<WebhookOutcome> {
    const refund = await refundRepository.lockByPayment(manager, payment.id);
    const decision = decideChargeRefunded(payment, refund, fullyRefunded);
    if (decision.kind === 'none' || refund === null || refund.stripeRefundId === null) {
      const why = decision.kind === 'none' ? decision.why : 'no refund recorded';
      const drift = payment.status !== 'refund_pending' && payment.status !== 'refunded';
      if (drift) this.logger.warn(`charge.refunded ${event.id} for payment ${payment.id} of booking ${payment.bookingId}: ${why}`);
      else this.logger.debug(`charge.refunded ${event.id} changes nothing for payment ${payment.id}: ${why}`);
      return 'no_change';
    }
    const done = completeRefund(payment, refund, { stripeRefundId: refund.stripeRefundId, amountCents: refund.amountCents, currency: refund.currency }, this.clock.now());
    await paymentRepository.save(manager, done.payment, payment.status);
    await refundRepository.save(manager, done.refund);
    if (announcesRefund(done.refund)) {
      await this.outbox.publish(manager, 'payment.refunded', paymentRefundedPayload(done.payment, { ...done.refund, stripeRefundId: refund.stripeRefundId }));
    }
    return 'refunded';
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
    }
  }

  private unknown(event: StripeEventLike): WebhookOutcome {
    this.logger.warn(`Stripe event ${event.id} (${event.type}) names no payment of ours: stored, nothing applied`);
    return 'unknown_payment';
  }
}
