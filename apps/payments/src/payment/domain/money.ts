import { PayloadOf } from '@app/contracts';
import { Refund } from '../../refunds/domain/refund';
import { Payment, PaymentStatus } from './payment';

/**
 * What happens to the money after a payment succeeded (DESIGN §5): refunds that fail, refunds
 * made outside the system, disputes. Pure rules; the webhook's use case applies them.
 */

export type BookingPaymentStatus = PayloadOf<'payment.status_changed'>['paymentStatus'];

/** The booking's `paymentStatus` for a payment that took money; null while it has taken none. */
export function bookingPaymentStatusOf(status: PaymentStatus): BookingPaymentStatus | null {
  switch (status) {
    case 'succeeded':
      return 'paid';
    case 'refund_pending':
    case 'refunded':
    case 'partially_refunded':
    case 'refund_failed':
    case 'disputed':
    case 'dispute_lost':
      return status;
    case 'open':
    case 'failed':
    case 'expired':
      return null;
  }
}

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

export interface DisputeReport {
  disputeId: string;
  status: string;
  chargeId: string | null;
  evidenceDueBy: Date | null;
}

/** Stripe's dispute statuses that end it. `warning_closed` (an inquiry that closed) keeps the money like a win. */
const CLOSED_DISPUTE_STATUSES = new Set(['won', 'lost', 'warning_closed']);

export type DisputeDecision =
  | { kind: 'none'; why: string }
  | { kind: 'opened'; payment: Payment }
  | { kind: 'updated'; payment: Payment }
  | { kind: 'closed'; payment: Payment; outcome: 'won' | 'lost' };

/**
 * A dispute (chargeback) on the payment's charge: opened → disputed; closed won → paid again,
 * lost → dispute_lost. The booking's own status never changes. A closed dispute does not reopen
 * (a late `created` after `closed` changes nothing).
 */
export function decideDispute(payment: Payment, report: DisputeReport, now: Date): DisputeDecision {
  if (bookingPaymentStatusOf(payment.status) === null)
    return { kind: 'none', why: `a ${payment.status} payment took no money` };
  const sameDispute = payment.disputeId === report.disputeId;
  if (
    sameDispute &&
    payment.disputeStatus !== null &&
    CLOSED_DISPUTE_STATUSES.has(payment.disputeStatus)
  ) {
    return { kind: 'none', why: `dispute ${report.disputeId} is already ${payment.disputeStatus}` };
  }
  const recorded = {
    ...payment,
    chargeId: payment.chargeId ?? report.chargeId,
    disputeId: report.disputeId,
    disputeStatus: report.status,
    disputeEvidenceDueBy:
      report.evidenceDueBy ?? (sameDispute ? payment.disputeEvidenceDueBy : null),
    updatedAt: now,
  };
  if (CLOSED_DISPUTE_STATUSES.has(report.status)) {
    const outcome = report.status === 'lost' ? 'lost' : 'won';
    return {
      kind: 'closed',
      outcome,
      payment: {
        ...recorded,
        status: outcome === 'lost' ? 'dispute_lost' : 'succeeded',
        moneyRevision: payment.moneyRevision + 1,
      },
    };
  }
  if (sameDispute && payment.status === 'disputed') return { kind: 'updated', payment: recorded };
  return {
    kind: 'opened',
    payment: { ...recorded, status: 'disputed', moneyRevision: payment.moneyRevision + 1 },
  };
}

export function formatMoney(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
}
