import { Payment, holdsMoneyForBooking } from '../../payment/domain/payment';

/** Stripe refuses `expires_at` less than 30 minutes after it creates the session. */
export const STRIPE_MIN_SESSION_SECONDS = 30 * 60;
/** Stripe refuses `expires_at` more than 24 hours after it creates the session. */
export const STRIPE_MAX_SESSION_SECONDS = 24 * 60 * 60;
/** Room for the time between computing `expires_at` and Stripe creating the session. */
export const EXPIRES_AT_MARGIN_SECONDS = 30;
/** An open session closer than this to its expiry is not handed out again: the customer could not finish. */
export const REUSE_MIN_REMAINING_MS = 60_000;

/**
 * When a new session should expire: with the booking's hold, or Stripe's minimum from now if
 * that is later (DESIGN §3: a 30-minute hold is shorter than Stripe allows once time has
 * passed; the booking's own hold expiry then expires the session). Never past Stripe's 24-hour
 * maximum from now: a hold of the longest allowed BOOKING_HOLD_MINUTES (1440) rounded up to the
 * next second could otherwise land a second past it. Whole seconds, as Stripe takes it.
 */
export function checkoutExpiresAt(holdExpiresAt: Date, now: Date): Date {
  const hold = Math.ceil(holdExpiresAt.getTime() / 1000);
  const minimum =
    Math.ceil(now.getTime() / 1000) + STRIPE_MIN_SESSION_SECONDS + EXPIRES_AT_MARGIN_SECONDS;
  const maximum = Math.floor(now.getTime() / 1000) + STRIPE_MAX_SESSION_SECONDS;
  return new Date(Math.min(Math.max(hold, minimum), maximum) * 1000);
}

/** Our idempotency key for the booking's n-th Checkout Session: a retry of the same n is the same session. */
export function checkoutIdempotencyKey(bookingId: string, attempt: number): string {
  return `checkout:${bookingId}:${attempt}`;
}

export type CheckoutDecision =
  | { kind: 'reuse'; payment: Payment }
  | { kind: 'not_available'; payment: Payment }
  | { kind: 'create'; attempt: number };

/**
 * "Get or create": the booking's newest open session while it has more than a minute left;
 * nothing if money was already taken for the booking; else session n+1 (n = sessions so
 * far, so a Stripe call that failed, which stored nothing, is retried under the same n).
 */
export function decideCheckout(payments: readonly Payment[], now: Date): CheckoutDecision {
  const paid = payments.find(holdsMoneyForBooking);
  if (paid) return { kind: 'not_available', payment: paid };
  const usable = [...payments]
    .sort((a, b) => b.attempt - a.attempt)
    .find(
      (payment) =>
        payment.status === 'open' &&
        payment.expiresAt.getTime() - now.getTime() > REUSE_MIN_REMAINING_MS,
    );
  if (usable) return { kind: 'reuse', payment: usable };
  return {
    kind: 'create',
    attempt: payments.reduce((highest, payment) => Math.max(highest, payment.attempt), 0) + 1,
  };
}

/** The session a pending booking shows: open and not yet past its expiry. */
export function currentCheckout(payments: readonly Payment[], now: Date): Payment | null {
  return (
    [...payments]
      .sort((a, b) => b.attempt - a.attempt)
      .find(
        (payment) => payment.status === 'open' && payment.expiresAt.getTime() > now.getTime(),
      ) ?? null
  );
}
