import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { Payment } from '../../../payment/domain/payment';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { STRIPE } from '../../../stripe/stripe-client';
import { describeStripeFailure, stripeFailureOf } from '../../../stripe/stripe-failure';
import { RefundReport } from '../../domain/refund-reports';
import { Refund } from '../../domain/refund';
import { RefundRefusedError } from '../../domain/refund.errors';
import { refundRepository } from '../../persistence/refund.repository';
import { RecordRefundReportUseCase } from '../record-refund-report/record-refund-report.use-case';

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
 * The answer is recorded by RecordRefundReportUseCase. A refund Stripe reports `succeeded` completes here (payment refunded, payment.refunded
 * written once, under the payment's lock); the charge.refunded webhook that follows is then a
 * no-op. A `pending` one waits for that webhook.
 */
@Injectable()
export class IssueRefundUseCase {
  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly recordReport: RecordRefundReportUseCase,
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
    const outcome = await this.recordReport.execute(manager, payment, refund, refundReportOf(stripeRefund));
    switch (outcome) {
      case 'refunded':
        return 'refunded';
      case 'refund_failed':
        return 'failed';
      case 'waiting':
      case 'no_change':
        return 'waiting';
    }
  }
}

/** A Stripe refund, as our refund rules read it. */
export function refundReportOf(stripeRefund: Stripe.Refund): RefundReport {
  return {
    stripeRefundId: stripeRefund.id,
    status: stripeRefund.status ?? 'pending',
    amountCents: stripeRefund.amount,
    currency: stripeRefund.currency,
    failureReason: stripeRefund.failure_reason ?? null,
    paymentIdInMetadata: stripeRefund.metadata?.paymentId ?? null,
  };
}
