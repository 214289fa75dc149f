import { declineMessageFor } from '../../payment/domain/decline-message';
import { DisputeReport } from '../../payment/domain/money';
import { PaymentFact } from '../../payment/domain/payment';
import { ChargeReport, RefundReport } from '../../refunds/domain/refund-reports';

/** The part of a verified Stripe event we read; the rest is stored as Stripe sent it. */
export interface StripeEventLike {
  id: string;
  type: string;
  data: { object: unknown };
}

/** How an event names its payment: Checkout events by session, PaymentIntent and Charge events by intent. */
export type PaymentLocator =
  | { by: 'checkout_session'; checkoutSessionId: string }
  | PaymentIntentLocator
  | { by: 'charge'; chargeId: string | null; paymentIntentId: string | null };
export type PaymentIntentLocator = { by: 'payment_intent'; paymentIntentId: string; paymentId: string | null; bookingId: string | null };

export type StripeEventMeaning =
  | { kind: 'payment_fact'; locator: PaymentLocator; fact: PaymentFact }
  | { kind: 'charge_refunded'; locator: PaymentLocator; fullyRefunded: boolean; charge: ChargeReport }
  | { kind: 'refund_report'; locator: PaymentLocator; refund: RefundReport }
  | { kind: 'dispute'; locator: PaymentLocator; dispute: DisputeReport }
  | { kind: 'ignored'; why: string };

/**
 * What a Stripe event means for our payments (DESIGN §5). Checkout and PaymentIntent events
 * report the same facts; whichever arrives first wins and the other is a no-op (the payment's
 * state decides that, not this function). PaymentIntent events count only when they carry
 * `metadata.bookingId`, i.e. when they belong to a session we opened; a failed PaymentIntent is
 * a declined attempt, not the end of the payment. Refund events are found by their PaymentIntent,
 * disputes (which carry no metadata of ours) by their charge and PaymentIntent.
 */
export function interpretStripeEvent(event: StripeEventLike): StripeEventMeaning {
  const object = asRecord(event.data?.object);
  switch (event.type) {
    case 'checkout.session.completed':
      if (object.payment_status !== 'paid') {
        return { kind: 'ignored', why: `session completed with payment_status ${String(object.payment_status)} (a delayed method: its outcome follows)` };
      }
      return sessionSucceeded(object);
    case 'checkout.session.async_payment_succeeded':
      return sessionSucceeded(object);
    case 'checkout.session.async_payment_failed': {
      const locator = sessionLocator(object);
      if (!locator) return { kind: 'ignored', why: 'event without a session id' };
      return { kind: 'payment_fact', locator, fact: { kind: 'failed', reason: 'async_payment_failed' } };
    }
    case 'checkout.session.expired': {
      const locator = sessionLocator(object);
      if (!locator) return { kind: 'ignored', why: 'event without a session id' };
      return { kind: 'payment_fact', locator, fact: { kind: 'expired' } };
    }
    case 'payment_intent.succeeded': {
      const locator = intentLocator(text(object.id), object.metadata);
      if (!locator) return { kind: 'ignored', why: 'PaymentIntent without metadata.bookingId: not one of our sessions' };
      const amount = object.amount_received;
      const currency = text(object.currency);
      if (typeof amount !== 'number' || currency === null) return { kind: 'ignored', why: 'PaymentIntent without amount_received or currency' };
      return {
        kind: 'payment_fact',
        locator,
        fact: { kind: 'succeeded', amountCents: amount, currency, paymentIntentId: locator.paymentIntentId },
      };
    }
    case 'payment_intent.payment_failed': {
      const locator = intentLocator(text(object.id), object.metadata);
      if (!locator) return { kind: 'ignored', why: 'PaymentIntent without metadata.bookingId: not one of our sessions' };
      // A declined attempt, not the end of the payment (DESIGN §5): only the session's own events end it.
      const error = asRecord(object.last_payment_error);
      const declineCode = text(error.decline_code) ?? text(error.code);
      const message = declineMessageFor({ type: text(error.type), code: text(error.code), declineCode: text(error.decline_code) });
      return {
        kind: 'payment_fact',
        locator,
        fact: { kind: 'attempt_failed', message, declineCode, paymentIntentId: locator.paymentIntentId },
      };
    }
    case 'charge.refunded': {
      const locator = intentLocator(idOf(object.payment_intent), object.metadata, { requireBookingId: false });
      if (!locator) return { kind: 'ignored', why: 'refunded charge without a PaymentIntent' };
      const amount = typeof object.amount === 'number' ? object.amount : null;
      const refunded = typeof object.amount_refunded === 'number' ? object.amount_refunded : 0;
      const fullyRefunded = object.refunded === true || (amount !== null && refunded >= amount);
      return { kind: 'charge_refunded', locator, fullyRefunded, charge: { chargeId: text(object.id), amountCents: amount, amountRefundedCents: refunded } };
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated': {
      const locator = intentLocator(idOf(object.payment_intent), object.metadata, { requireBookingId: false });
      const id = text(object.id);
      const amount = object.amount;
      const currency = text(object.currency);
      if (!locator || id === null || typeof amount !== 'number' || currency === null) {
        return { kind: 'ignored', why: 'refund without id, PaymentIntent, amount or currency' };
      }
      const refund: RefundReport = {
        stripeRefundId: id,
        status: text(object.status) ?? 'pending',
        amountCents: amount,
        currency,
        failureReason: text(object.failure_reason),
        paymentIdInMetadata: text(asRecord(object.metadata).paymentId),
      };
      return { kind: 'refund_report', locator, refund };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed': {
      // A dispute carries no metadata of ours: it names its charge and PaymentIntent.
      const chargeId = idOf(object.charge);
      const paymentIntentId = idOf(object.payment_intent);
      const id = text(object.id);
      const status = text(object.status);
      if (id === null || status === null || (chargeId === null && paymentIntentId === null)) {
        return { kind: 'ignored', why: 'dispute without id, status, charge or PaymentIntent' };
      }
      const dueBy = asRecord(object.evidence_details).due_by;
      return {
        kind: 'dispute',
        locator: { by: 'charge', chargeId, paymentIntentId },
        dispute: { disputeId: id, status, chargeId, evidenceDueBy: typeof dueBy === 'number' ? new Date(dueBy * 1000) : null },
      };
    }
    default:
      return { kind: 'ignored', why: `${event.type} is not an event payments acts on` };
  }
}

function sessionSucceeded(session: Record<string, unknown>): StripeEventMeaning {
  const locator = sessionLocator(session);
  if (!locator) return { kind: 'ignored', why: 'event without a session id' };
  const amount = session.amount_total;
  const currency = text(session.currency);
  if (typeof amount !== 'number' || currency === null) return { kind: 'ignored', why: 'session without amount_total or currency' };
  return {
    kind: 'payment_fact',
    locator,
    fact: { kind: 'succeeded', amountCents: amount, currency, paymentIntentId: idOf(session.payment_intent) },
  };
}

function sessionLocator(session: Record<string, unknown>): PaymentLocator | null {
  const id = text(session.id);
  return id === null ? null : { by: 'checkout_session', checkoutSessionId: id };
}

function intentLocator(
  paymentIntentId: string | null,
  metadata: unknown,
  { requireBookingId = true }: { requireBookingId?: boolean } = {},
): PaymentIntentLocator | null {
  if (paymentIntentId === null) return null;
  const meta = asRecord(metadata);
  const bookingId = text(meta.bookingId);
  if (requireBookingId && bookingId === null) return null;
  return { by: 'payment_intent', paymentIntentId, paymentId: text(meta.paymentId), bookingId };
}

/** An id field that Stripe sends as a string, or as the object when expanded. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  return text(asRecord(value).id);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
