import { CheckoutTerms } from '@app/contracts';
import { Booking } from './booking';

/**
 * Whether a customer can pay for a booking now, and how much: the one place that decides what
 * payments charges. Today the whole price is due while the booking is pending and its hold
 * lasts; a deposit or a discount is a change here and nowhere else.
 */
export type CheckoutDecision = { kind: 'due'; terms: CheckoutTerms } | { kind: 'not_available'; why: string };

export function decideCheckout(
  booking: Pick<Booking, 'id' | 'serviceName' | 'priceCents' | 'currency' | 'status' | 'holdExpiresAt'>,
  now: Date,
): CheckoutDecision {
  switch (booking.status) {
    case 'pending_payment':
      // The hold's end is the last moment a payment is accepted; Checkout is opened only before it.
      if (booking.holdExpiresAt.getTime() <= now.getTime()) {
        return { kind: 'not_available', why: 'This booking is pending payment but its hold has expired: there is nothing to pay.' };
      }
      return {
        kind: 'due',
        terms: {
          bookingId: booking.id,
          serviceName: booking.serviceName,
          amountDueCents: booking.priceCents,
          currency: booking.currency,
          payableUntil: booking.holdExpiresAt.toISOString(),
        },
      };
    case 'confirmed':
    case 'expired':
    case 'cancelled':
      return { kind: 'not_available', why: `This booking is ${booking.status}: there is nothing to pay.` };
  }
}

/** The terms when something is due, else null (what a new booking's answer carries). */
export function checkoutTermsOf(booking: Parameters<typeof decideCheckout>[0], now: Date): CheckoutTerms | null {
  const decision = decideCheckout(booking, now);
  return decision.kind === 'due' ? decision.terms : null;
}
