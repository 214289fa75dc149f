import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { Payment } from '../../../payment/domain/payment';
import { paymentRefundedPayload } from '../../../payment/persistence/payment.mapper';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { CLOCK, Clock } from '../../../shared/clock';
import { STRIPE } from '../../../stripe/stripe-client';
import { describeStripeFailure, stripeFailureOf } from '../../../stripe/stripe-failure';
import { Refund, announcesRefund, completeRefund } from '../../domain/refund';
import { RefundRefusedError } from '../../domain/refund.errors';
import { refundRepository } from '../../persistence/refund.repository';

export function refundIdempotencyKey(paymentId: string): string {
  return `refund:${paymentId}`;
}

export type IssueRefundOutcome = 'refunded' | 'waiting' | 'failed' | 'nothing_pending';

/**
 * Sends a payment's pending refund to Stripe and records the answer, in the caller's
 * transaction (the payment and refund rows stay locked across the call). If the call fails the
 * transaction rolls back and whoever retries (BullMQ, the follow-up pass) sends the same
 * request with the same key `refund:<paymentId>`: Stripe answers with the refund it made
 * before, never a second one.
 *
 * A refund Stripe reports `succeeded` completes here (payment refunded, payment.refunded
 * written once, under the payment's lock); the charge.refunded webhook that follows is then a
 * no-op. A `pending` one waits for that webhook.
 */
@Injectable()
export class IssueRefundUseCase {
  private readonly logger = new Logger(IssueRefundUseCase.name);

  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(manager: EntityManager, paymentId: string): Promise<IssueRefundOutcome> {
    const payment = await paymentRepository.lockById(manager, paymentId);
    const refund = payment ? await refundRepository.lockByPayment(manager, paymentId) : null;
    if (!payment || !refund || refund.status !== 'pending' || payment.status !== 'refund_pending') return 'nothing_pending';
    if (refund.stripeRefundId !== null) return 'waiting';
    if (payment.paymentIntentId === null) {
      throw new RefundRefusedError(`Payment ${payment.id} has no PaymentIntent to refund`);
    }
    const stripeRefund = await this.createAtStripe(payment, payment.paymentIntentId);
    return this.record(manager, payment, refund, stripeRefund);
  }

  private async createAtStripe(payment: Payment, paymentIntentId: string): Promise<Stripe.Refund> {
    try {
      return await this.stripe.refunds.create(
        { payment_intent: paymentIntentId, metadata: { bookingId: payment.bookingId, paymentId: payment.id } },
        { idempotencyKey: refundIdempotencyKey(payment.id) },
      );
    } catch (error) {
      const failure = stripeFailureOf(error);
      if (failure?.kind !== 'refused') throw error;
      if (failure.code === 'charge_already_refunded') {
        // Our earlier call went through but its answer was lost beyond the key's replay window.
        const existing = await this.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 10 });
        const ours = existing.data.find((candidate) => candidate.metadata?.paymentId === payment.id) ?? existing.data[0];
        if (ours) return ours;
      }
      throw new RefundRefusedError(`Stripe refused to refund payment ${payment.id}: ${describeStripeFailure(failure)}`);
    }
  }

  private async record(manager: EntityManager, payment: Payment, refund: Refund, stripeRefund: Stripe.Refund): Promise<IssueRefundOutcome> {
    const now = this.clock.now();
    switch (stripeRefund.status) {
      case 'succeeded': {
        const done = completeRefund(
          payment,
          refund,
          { stripeRefundId: stripeRefund.id, amountCents: stripeRefund.amount, currency: stripeRefund.currency },
          now,
        );
        await paymentRepository.save(manager, done.payment, 'refund_pending');
        await refundRepository.save(manager, done.refund);
        if (announcesRefund(done.refund)) {
          await this.outbox.publish(manager, 'payment.refunded', paymentRefundedPayload(done.payment, { ...done.refund, stripeRefundId: stripeRefund.id }));
        }
        this.logger.log(`Payment ${payment.id} of booking ${payment.bookingId} refunded (${stripeRefund.id}, ${refund.reason})`);
        return 'refunded';
      }
      case 'failed':
      case 'canceled':
        await refundRepository.save(manager, { ...refund, stripeRefundId: stripeRefund.id, status: 'failed', updatedAt: now });
        this.logger.error(
          `Refund ${stripeRefund.id} of payment ${payment.id} (booking ${payment.bookingId}) ${stripeRefund.status}: the money was not returned, a human must act`,
        );
        return 'failed';
      case 'pending':
      case 'requires_action':
      case null:
      default:
        await refundRepository.save(manager, { ...refund, stripeRefundId: stripeRefund.id, updatedAt: now });
        return 'waiting';
    }
  }
}
