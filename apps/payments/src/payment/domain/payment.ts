/**
 * One Checkout Session we opened for a booking, and what became of the money.
 *
 *   open ──▶ succeeded ──▶ refund_pending ──▶ refunded
 *    │  ╲                       ▲
 *    │   ╲─▶ refund_pending ────┘   (a success whose amount or currency is wrong)
 *    ├──▶ failed   ┐
 *    └──▶ expired  ┴─▶ succeeded / refund_pending   (a late success: the money moved anyway)
 *
 * After the money was taken (DESIGN §5; disputes in money.ts, refunds in
 * refunds/domain/refund-reports.ts): refund_pending ──▶ refund_failed (the
 * refund failed or was canceled); succeeded ──▶ refunded / partially_refunded (a refund made
 * outside the system); any of those ──▶ disputed ──▶ succeeded (won) / dispute_lost.
 * A declined card on an open session changes no status: it is one failed attempt.
 *
 * Pure TypeScript: the rules the webhook, the checkout and the refunds apply, nothing else.
 */
export const PAYMENT_STATUSES = [
  'open',
  'succeeded',
  'failed',
  'expired',
  'refund_pending',
  'refunded',
  'partially_refunded',
  'refund_failed',
  'disputed',
  'dispute_lost',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface Payment {
  id: string;
  bookingId: string;
  /** 1 for the booking's first session, 2 for the next… (part of the idempotency key). */
  attempt: number;
  checkoutSessionId: string;
  checkoutUrl: string;
  expiresAt: Date;
  /** The booking's price, as the booking service computed it. */
  amountCents: number;
  currency: string;
  customerEmail: string;
  status: PaymentStatus;
  paymentIntentId: string | null;
  /** What Stripe says was actually paid. */
  paidAmountCents: number | null;
  paidCurrency: string | null;
  /** Why a success was not accepted (amount mismatch), and the Stripe event that carried it. */
  flaggedReason: string | null;
  flaggedEventId: string | null;
  /** When the flag reached the dead-letter queue; null while that is still to do. */
  deadLetteredAt: Date | null;
  /** The last declined attempt on this (open) session, as a sentence for the customer. */
  lastPaymentError: string | null;
  lastPaymentErrorAt: Date | null;
  /** The charge Stripe made (disputes name it), once an event told us. */
  chargeId: string | null;
  /** What Stripe says was refunded of the charge, whoever asked for it. */
  amountRefundedCents: number;
  /** Grows with every change of the money after the payment (payment.status_changed `revision`). */
  moneyRevision: number;
  disputeId: string | null;
  disputeStatus: string | null;
  disputeEvidenceDueBy: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a Stripe event says happened to a payment. */
export type PaymentFact =
  | { kind: 'succeeded'; amountCents: number; currency: string; paymentIntentId: string | null }
  | { kind: 'failed'; reason: string }
  | { kind: 'attempt_failed'; message: string; declineCode: string | null; paymentIntentId: string }
  | { kind: 'expired' };

/** What applying a fact does to the payment; `none` leaves it as it is (a duplicate, late or stale fact). */
export type PaymentChange =
  | { kind: 'none'; why: string }
  | { kind: 'succeeded'; payment: Payment }
  | { kind: 'amount_mismatch'; payment: Payment; problem: string }
  | { kind: 'failed'; payment: Payment; reason: string }
  | { kind: 'attempt_failed'; payment: Payment; declineCode: string | null }
  | { kind: 'expired'; payment: Payment };

/** null when Stripe took exactly the booking's price, else the sentence that says how it differs. */
export function paidAmountProblem(
  payment: Pick<Payment, 'amountCents' | 'currency'>,
  paid: { amountCents: number; currency: string },
): string | null {
  const currency = paid.currency.toLowerCase();
  if (paid.amountCents === payment.amountCents && currency === payment.currency) return null;
  return `amount ${paid.amountCents} ${currency} does not match the booking price ${payment.amountCents} ${payment.currency}`;
}

/**
 * Apply one fact. Guarded on the current status, so two events for the same fact (in either
 * order), a repeat, or a fact that arrives after a later one, change nothing:
 * - a success counts while the payment is open, failed or expired (a late success still moved
 *   money and must be recorded), but never twice;
 * - a failure or an expiry only closes an open payment: it never undoes a success.
 */
export function applyPaymentFact(payment: Payment, fact: PaymentFact, now: Date, eventId: string): PaymentChange {
  switch (fact.kind) {
    case 'succeeded': {
      if (payment.status !== 'open' && payment.status !== 'failed' && payment.status !== 'expired') {
        return { kind: 'none', why: `payment is already ${payment.status}` };
      }
      const paid = {
        ...payment,
        paymentIntentId: fact.paymentIntentId ?? payment.paymentIntentId,
        paidAmountCents: fact.amountCents,
        paidCurrency: fact.currency.toLowerCase(),
        updatedAt: now,
      };
      const problem = paidAmountProblem(payment, fact);
      if (problem !== null) {
        return {
          kind: 'amount_mismatch',
          problem,
          payment: { ...paid, status: 'refund_pending', flaggedReason: problem, flaggedEventId: eventId, deadLetteredAt: null },
        };
      }
      return { kind: 'succeeded', payment: { ...paid, status: 'succeeded' } };
    }
    case 'failed':
      if (payment.status !== 'open') return { kind: 'none', why: `a ${payment.status} payment cannot fail` };
      return { kind: 'failed', reason: fact.reason, payment: { ...payment, status: 'failed', updatedAt: now } };
    case 'attempt_failed':
      // A declined card ends nothing (DESIGN §5): the customer may try another card on the same page.
      if (payment.status !== 'open') return { kind: 'none', why: `a declined attempt changes nothing for a ${payment.status} payment` };
      return {
        kind: 'attempt_failed',
        declineCode: fact.declineCode,
        payment: {
          ...payment,
          paymentIntentId: payment.paymentIntentId ?? fact.paymentIntentId,
          lastPaymentError: fact.message,
          lastPaymentErrorAt: now,
          updatedAt: now,
        },
      };
    case 'expired':
      if (payment.status !== 'open') return { kind: 'none', why: `a ${payment.status} payment cannot expire` };
      return { kind: 'expired', payment: { ...payment, status: 'expired', updatedAt: now } };
  }
}

/** The session closed because the booking ended (cancelled, hold lapsed): nobody may pay it now. */
export function closeExpired(payment: Payment, now: Date): Payment {
  return { ...payment, status: 'expired', updatedAt: now };
}

/**
 * Money for this booking was taken and kept (or is being returned because the booking ended):
 * no new Checkout Session. A success refused for its amount does not count: nothing was kept,
 * the customer may pay again.
 */
export function holdsMoneyForBooking(payment: Pick<Payment, 'status' | 'flaggedReason'>): boolean {
  switch (payment.status) {
    case 'succeeded':
      return true;
    case 'refund_pending':
    case 'refunded':
    case 'partially_refunded':
    case 'refund_failed':
    case 'disputed':
    case 'dispute_lost':
      return payment.flaggedReason === null;
    case 'open':
    case 'failed':
    case 'expired':
      return false;
  }
}

/**
 * Whether the end of this session (expired, failed) still means the booking has no way to pay:
 * false when a newer session of the booking is open, or another payment already holds money for
 * it. Announcing payment.expired then would make booking release a slot the customer is paying
 * for with the newer session (or has paid for with the other one).
 */
export function isSuperseded(payment: Pick<Payment, 'id' | 'attempt'>, siblings: readonly Payment[]): boolean {
  return siblings.some(
    (other) => other.id !== payment.id && ((other.status === 'open' && other.attempt > payment.attempt) || holdsMoneyForBooking(other)),
  );
}
