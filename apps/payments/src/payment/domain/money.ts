import { PayloadOf } from '@app/contracts';
import { Payment, PaymentStatus } from './payment';

/**
 * What happens to the money after a payment succeeded (DESIGN §5): what the booking is told, and
 * disputes. Pure rules; the webhook's use case applies them. What a refund report does to a payment
 * lives with the refunds (refunds/domain/refund-reports.ts): refunds know payments, not the reverse.
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
