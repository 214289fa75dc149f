import { PaymentStatus } from '@app/contracts';
import { Booking } from './booking';

/** What booking needs to know about a payment that succeeded (payment.succeeded v1). */
export interface SucceededPayment {
  paymentId: string;
  amountCents: number;
  currency: string;
}

/**
 * What a successful payment means for a booking, decided on its current state so that a
 * repeated, late or out-of-order payment.succeeded never moves anything backwards:
 * - `already_applied`: this payment confirmed the booking before; nothing to do.
 * - `confirm`: the booking waits for this payment (pending_payment → confirmed).
 * - `reclaim`: the booking expired or was cancelled before the money arrived (DESIGN §6.4,
 *   late payment). Confirm it again if every one of its slots is still free, else reject.
 * - `reject`: the money cannot be kept for this booking; payments refunds it in full.
 */
export type PaymentSuccessDecision =
  | { kind: 'already_applied' }
  | { kind: 'confirm' }
  | { kind: 'reclaim' }
  | { kind: 'reject'; rejection: PaymentRejection };

/** Why a payment was refused: a stable code (logs, metrics) and the sentence payments receives. */
export interface PaymentRejection {
  code: 'amount_mismatch' | 'already_paid' | 'booking_started' | 'slots_lost';
  reason: string;
}

export const SLOTS_LOST: PaymentRejection = { code: 'slots_lost', reason: 'slots no longer available' };
export const ALREADY_PAID: PaymentRejection = { code: 'already_paid', reason: 'booking already paid by another payment' };
export const BOOKING_STARTED: PaymentRejection = { code: 'booking_started', reason: 'booking time has already started' };

export function decidePaymentSuccess(
  booking: Pick<Booking, 'status' | 'paymentId' | 'priceCents' | 'currency' | 'startsAt'>,
  payment: SucceededPayment,
  now: Date,
): PaymentSuccessDecision {
  if (booking.paymentId === payment.paymentId) return { kind: 'already_applied' };
  // Payments refuses a mismatch already; one that gets here still confirms nothing.
  if (payment.amountCents !== booking.priceCents || payment.currency !== booking.currency) {
    const reason = `amount mismatch: paid ${payment.amountCents} ${payment.currency}, booking costs ${booking.priceCents} ${booking.currency}`;
    return { kind: 'reject', rejection: { code: 'amount_mismatch', reason } };
  }
  // A booking is confirmed by one payment only; a second one for it (two checkouts paid) goes back.
  if (booking.paymentId !== null) return { kind: 'reject', rejection: ALREADY_PAID };
  switch (booking.status) {
    case 'pending_payment':
      return { kind: 'confirm' };
    case 'confirmed':
      // Confirmed without a recorded payment cannot happen through this service; keep the money out of it.
      return { kind: 'reject', rejection: ALREADY_PAID };
    case 'expired':
    case 'cancelled':
      // Honour a late payment only for an appointment that can still take place.
      if (booking.startsAt.getTime() <= now.getTime()) return { kind: 'reject', rejection: BOOKING_STARTED };
      return { kind: 'reclaim' };
  }
}

/** Confirmed and paid by `paymentId`; a late payment also clears the cancellation it overrides. */
export function confirmPaid(booking: Booking, paymentId: string, now: Date): Booking {
  return {
    ...booking,
    status: 'confirmed',
    paymentStatus: 'paid',
    paymentId,
    cancellationReason: null,
    cancelledBy: null,
    updatedAt: now,
  };
}

/**
 * The booking's payment status once a payment for it was rejected. A booking that kept no
 * payment and will not happen now waits for that money to go back; a pending booking still
 * waits for its own payment, and a paid one keeps the payment it has.
 */
export function paymentStatusAfterRejection(booking: Pick<Booking, 'status' | 'paymentId' | 'paymentStatus'>): PaymentStatus {
  if (booking.paymentId !== null) return booking.paymentStatus;
  switch (booking.status) {
    case 'expired':
    case 'cancelled':
      return 'refund_pending';
    case 'pending_payment':
    case 'confirmed':
      return booking.paymentStatus;
  }
}

/**
 * The booking's payment status once payments reports `paymentId` refunded. Only the refund
 * of the payment the booking kept, or (when it kept none) of the last of its rejected
 * payments, says anything about the booking's own money; the refund of a rejected second
 * payment leaves a paid booking paid.
 */
export function paymentStatusAfterRefund(
  booking: Pick<Booking, 'paymentId' | 'paymentStatus'>,
  refunded: { paymentId: string; wasRejected: boolean; rejectedStillUnrefunded: number },
): PaymentStatus {
  if (booking.paymentId === refunded.paymentId) {
    const waiting = booking.paymentStatus === 'paid' || booking.paymentStatus === 'refund_pending' || booking.paymentStatus === 'partially_refunded';
    return waiting ? 'refunded' : booking.paymentStatus;
  }
  if (booking.paymentId === null && refunded.wasRejected && refunded.rejectedStillUnrefunded === 0) {
    return booking.paymentStatus === 'refund_pending' ? 'refunded' : booking.paymentStatus;
  }
  return booking.paymentStatus;
}

/**
 * Whether what payments reports about `paymentId` (payment.status_changed) is this booking's
 * money: the payment that paid it, or, for a booking that kept none, one it refused (whose
 * refund it waits for).
 */
export function speaksForBookingMoney(booking: Pick<Booking, 'paymentId'>, paymentId: string, wasRejected: boolean): boolean {
  return booking.paymentId === paymentId || (booking.paymentId === null && wasRejected);
}
