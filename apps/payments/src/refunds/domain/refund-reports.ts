import { bookingPaymentStatusOf } from '../../payment/domain/money';
import { Payment } from '../../payment/domain/payment';
import { Refund } from './refund';

/**
 * What Stripe reports about refunds (refund.*, charge.refund.updated, charge.refunded) and how a
 * report moves a payment and our refund of it (DESIGN §5): refunds that fail, refunds made outside
 * the system. Pure rules; the webhook's use cases apply them.
 */

/** A Stripe refund as an event (refund.*, charge.refund.updated) or a lookup reports it. */
export interface RefundReport {
  stripeRefundId: string;
  status: string;
  amountCents: number;
  currency: string;
  failureReason: string | null;
  /** `metadata.paymentId`: set on the refunds we ask for, absent on a Dashboard refund. */
  paymentIdInMetadata: string | null;
}

export type RefundReportDecision =
  | { kind: 'none'; why: string }
  | { kind: 'record_id' }
  | { kind: 'succeeded' }
  | { kind: 'failed'; status: 'failed' | 'canceled' };

/**
 * How a report about a refund moves our refund of this payment. Only our own refund counts (the
 * one whose Stripe id we recorded, or, before we recorded it, the one whose metadata names this
 * payment); a refund made outside shows on charge.refunded instead. A refund ends once: a late
 * `pending` changes nothing, and a failed refund does not come back (Stripe's failed and canceled
 * are final). A succeeded refund can still fail later (the bank returns it): that counts.
 */
export function decideRefundReport(
  payment: Pick<Payment, 'id'>,
  refund: Refund | null,
  report: RefundReport,
): RefundReportDecision {
  if (refund === null) return { kind: 'none', why: 'no refund of ours for this payment' };
  const ours =
    refund.stripeRefundId === report.stripeRefundId ||
    (refund.stripeRefundId === null && report.paymentIdInMetadata === payment.id);
  if (!ours)
    return { kind: 'none', why: `refund ${report.stripeRefundId} is not the one we asked for` };
  if (refund.status === 'failed' || refund.status === 'canceled')
    return { kind: 'none', why: `refund already ${refund.status}` };
  switch (report.status) {
    case 'succeeded':
      return refund.status === 'pending'
        ? { kind: 'succeeded' }
        : { kind: 'none', why: 'refund already succeeded' };
    case 'failed':
    case 'canceled':
      return { kind: 'failed', status: report.status };
    default:
      return refund.stripeRefundId === null
        ? { kind: 'record_id' }
        : { kind: 'none', why: `refund still ${report.status}` };
  }
}

/** The payment once its refund failed: the customer is still owed the money. */
export function refundFailed(payment: Payment, now: Date): Payment {
  return {
    ...payment,
    status: 'refund_failed',
    moneyRevision: payment.moneyRevision + 1,
    updatedAt: now,
  };
}

export interface ChargeReport {
  chargeId: string | null;
  amountCents: number | null;
  amountRefundedCents: number;
}

export type ChargeRefundedDecision =
  { kind: 'none'; why: string } | { kind: 'outside'; payment: Payment; outsideCents: number };

/**
 * charge.refunded that says more was refunded than we asked for (a refund made in the Stripe
 * Dashboard): the payment becomes refunded or partially_refunded. What we asked for is our refund
 * unless it failed, on top of what was refunded outside before. A report no larger than the last
 * one seen is stale or a duplicate.
 */
export function decideChargeRefundedOutside(
  payment: Payment,
  refund: Refund | null,
  charge: ChargeReport,
  now: Date,
): ChargeRefundedDecision {
  if (bookingPaymentStatusOf(payment.status) === null)
    return { kind: 'none', why: `a ${payment.status} payment took no money` };
  if (charge.amountRefundedCents <= payment.amountRefundedCents)
    return { kind: 'none', why: 'no more refunded than last seen' };
  // Known before: what was refunded outside when last seen, plus our own refund unless it failed.
  const ours =
    refund !== null && refund.status !== 'failed' && refund.status !== 'canceled'
      ? refund.amountCents
      : 0;
  const asked = payment.amountRefundedCents + ours;
  if (charge.amountRefundedCents <= asked)
    return { kind: 'none', why: 'only what we asked for was refunded' };
  const charged = charge.amountCents ?? payment.paidAmountCents ?? payment.amountCents;
  const fully = charge.amountRefundedCents >= charged;
  return {
    kind: 'outside',
    outsideCents: charge.amountRefundedCents - asked,
    payment: {
      ...payment,
      status: fully ? 'refunded' : 'partially_refunded',
      chargeId: payment.chargeId ?? charge.chargeId,
      amountRefundedCents: charge.amountRefundedCents,
      moneyRevision: payment.moneyRevision + 1,
      updatedAt: now,
    },
  };
}
