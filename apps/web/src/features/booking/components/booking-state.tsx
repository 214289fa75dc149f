import type { Booking } from '../../../api/client';
import { Banner } from '../../../components/ui/banner';
import { paymentSentence } from '../../../lib/booking-words';
import { namedLocalTime } from '../../../lib/format';

export type CheckoutReturn = 'success' | 'cancelled' | null;

/**
 * What the booking page says about where the booking stands (DESIGN §12): a heading that changes
 * the moment the live feed reports the payment, and every other outcome as a sentence.
 */
export function BookingState({ booking, checkoutReturn }: { booking: Booking; checkoutReturn: CheckoutReturn }) {
  const money = paymentSentence(booking);
  switch (booking.status) {
    case 'pending_payment':
      return (
        <>
          <h1>Waiting for payment</h1>
          {booking.checkout?.lastPaymentError ? (
            <Banner tone="warning">
              {booking.checkout.lastPaymentError} Your time is still held until {namedLocalTime(booking.holdExpiresAt, booking.timeZone)}: pay now
              with another card to keep it.
            </Banner>
          ) : checkoutReturn === 'cancelled' ? (
            <Banner tone="warning">
              You left the payment page without paying. Your time is held until {namedLocalTime(booking.holdExpiresAt, booking.timeZone)}: pay
              now to keep it.
            </Banner>
          ) : checkoutReturn === 'success' ? (
            <Banner>Thank you. We are waiting for your card payment to be confirmed; this page changes by itself.</Banner>
          ) : (
            <p>Your time is held until {namedLocalTime(booking.holdExpiresAt, booking.timeZone)}. Pay to confirm it.</p>
          )}
        </>
      );
    case 'confirmed':
      return (
        <>
          <h1>Confirmed</h1>
          <Banner tone="success">You are booked in. {money}</Banner>
        </>
      );
    case 'expired':
      return (
        <>
          <h1>Expired</h1>
          <Banner tone="warning">
            This booking was not paid in time, so the time was released. {money} Please pick another time.
          </Banner>
        </>
      );
    case 'cancelled':
      return (
        <>
          <h1>Cancelled</h1>
          <Banner>This booking was cancelled. {money}</Banner>
        </>
      );
  }
}
