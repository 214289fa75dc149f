import { Payment } from '../../payment/domain/payment';

export const REFUND_REASONS = ['booking_cancelled', 'payment_rejected', 'amount_mismatch'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
export type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

/** The one full refund of a payment (a payment is refunded in full or not at all). */
export interface Refund {
  id: string;
  paymentId: string;
  stripeRefundId: string | null;
  amountCents: number;
  currency: string;
  reason: RefundReason;
  status: RefundStatus;
  /** Stripe's `failure_reason` of a refund that failed. */
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type RefundRequestDecision =
  | { kind: 'open' }
  | { kind: 'already'; why: string }
  | { kind: 'nothing_to_refund'; why: string };

/** Whether a refund may start for this payment: only money that was taken and is still kept. */
export function decideRefundRequest(payment: Pick<Payment, 'status'>): RefundRequestDecision {
  switch (payment.status) {
    case 'succeeded':
    case 'partially_refunded':
      return { kind: 'open' };
    case 'refund_pending':
    case 'refunded':
    case 'refund_failed':
      return { kind: 'already', why: `payment is already ${payment.status}` };
    case 'disputed':
    case 'dispute_lost':
      return { kind: 'nothing_to_refund', why: `a ${payment.status} payment is settled by its dispute, not by a refund` };
    case 'open':
    case 'failed':
    case 'expired':
      return { kind: 'nothing_to_refund', why: `a ${payment.status} payment took no money` };
  }
}

/** The refund row for a payment, and the payment now waiting for it. Refunds what Stripe says was paid. */
export function openRefund(payment: Payment, reason: RefundReason, id: string, now: Date): { payment: Payment; refund: Refund } {
  return {
    payment: { ...payment, status: 'refund_pending', updatedAt: now },
    refund: {
      id,
      paymentId: payment.id,
      stripeRefundId: null,
      // What is left: a payment partly refunded outside (the Stripe Dashboard) gets the rest back.
      amountCents: (payment.paidAmountCents ?? payment.amountCents) - payment.amountRefundedCents,
      currency: payment.paidCurrency ?? payment.currency,
      reason,
      status: 'pending',
      failureReason: null,
      createdAt: now,
      updatedAt: now,
    },
  };
}

/** The refund went through: both rows say so. */
export function completeRefund(
  payment: Payment,
  refund: Refund,
  done: { stripeRefundId: string; amountCents: number; currency: string },
  now: Date,
): { payment: Payment; refund: Refund } {
  return {
    payment: { ...payment, status: 'refunded', updatedAt: now },
    refund: {
      ...refund,
      stripeRefundId: done.stripeRefundId,
      amountCents: done.amountCents,
      currency: done.currency.toLowerCase(),
      status: 'succeeded',
      updatedAt: now,
    },
  };
}

export type ChargeRefundedDecision = { kind: 'complete' } | { kind: 'none'; why: string };

/**
 * `charge.refunded`: completes our pending refund once we know its Stripe id (payment.refunded
 * must name it). Before that, the refund call that is still to be recorded (a handler's retry,
 * the follow-up pass) completes it from Stripe's replayed answer. A refund we did not start
 * (the Stripe dashboard) changes nothing here: it is logged for a human.
 */
export function decideChargeRefunded(
  payment: Pick<Payment, 'status'>,
  refund: Pick<Refund, 'status' | 'stripeRefundId'> | null,
  chargeFullyRefunded: boolean,
): ChargeRefundedDecision {
  if (payment.status === 'refunded') return { kind: 'none', why: 'payment is already refunded' };
  if (payment.status !== 'refund_pending' || refund === null) {
    return { kind: 'none', why: `a refund nobody here asked for reached a ${payment.status} payment` };
  }
  if (!chargeFullyRefunded) return { kind: 'none', why: 'the charge is only partly refunded' };
  if (refund.status !== 'pending') return { kind: 'none', why: `refund is already ${refund.status}` };
  if (refund.stripeRefundId === null) return { kind: 'none', why: 'the refund call is not recorded yet' };
  return { kind: 'complete' };
}

/**
 * Whether booking hears of the refund (payment.refunded). A payment refused for its amount was
 * never announced as a success, so booking never knew it; its refund is not announced either.
 */
export function announcesRefund(refund: Pick<Refund, 'reason'>): boolean {
  return refund.reason !== 'amount_mismatch';
}
