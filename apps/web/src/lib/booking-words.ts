import type { Booking } from '../api/client';
import { formatMoney, namedLocalTime } from './format';

/**
 * The customer's cancellation window (DESIGN §3 CANCELLATION_WINDOW_HOURS): the gateway tells it
 * in index.html (<meta name="barbershop:cancellation-window-hours">); 24, the default, otherwise.
 * The booking service decides; the page only says beforehand what it will decide.
 */
export function cancellationWindowHours(): number {
  const content = typeof document === 'undefined' ? null : document.querySelector('meta[name="barbershop:cancellation-window-hours"]')?.getAttribute('content');
  const hours = content === null || content === undefined ? Number.NaN : Number(content);
  return Number.isInteger(hours) && hours >= 0 ? hours : 24;
}

/** A booking's status in words. */
export function statusInWords(booking: Pick<Booking, 'status' | 'paymentStatus'>): string {
  switch (booking.status) {
    case 'pending_payment':
      return 'Waiting for payment';
    case 'confirmed':
      return 'Confirmed';
    case 'expired':
      return 'Expired: not paid in time';
    case 'cancelled':
      return booking.paymentStatus === 'refunded' ? 'Cancelled and refunded' : 'Cancelled';
  }
}

/** What happened to the money, as a sentence; null when there is nothing to say. */
export function paymentSentence(booking: Booking): string | null {
  const price = formatMoney(booking.priceCents, booking.currency);
  switch (booking.paymentStatus) {
    case 'unpaid':
      return booking.status === 'pending_payment' ? null : 'Nothing was charged.';
    case 'paid':
      return booking.status === 'cancelled' ? `You paid ${price}; this cancellation was too close to the start to be refunded.` : `Paid ${price}.`;
    case 'refund_pending':
      return `Your refund of ${price} is on its way to your card.`;
    case 'refunded':
      return `${price} was refunded to your card.`;
    case 'partially_refunded':
      return `Part of your payment of ${price} was refunded to your card.`;
    case 'refund_failed':
      return `Your refund of ${price} could not be paid to your card. The shop has been told and will pay it back another way.`;
    case 'disputed':
      return `Your bank is disputing the payment of ${price}; the shop has been told.`;
    case 'dispute_lost':
      return `Your bank returned the payment of ${price} to you after a dispute.`;
  }
}

/** Whether cancelling now would refund, said before the click. */
export function cancellationSentence(booking: Booking, now: Date = new Date()): string {
  if (booking.status === 'pending_payment') return 'Nothing has been paid yet, so there is nothing to refund; the time is released at once.';
  const price = formatMoney(booking.priceCents, booking.currency);
  const hoursAhead = (new Date(booking.startsAt).getTime() - now.getTime()) / 3_600_000;
  if (booking.paymentStatus !== 'paid') return 'Cancelling releases the time.';
  const windowHours = cancellationWindowHours();
  return hoursAhead >= windowHours
    ? `Cancelling now refunds ${price} in full.`
    : `It is less than ${windowHours} hours before ${namedLocalTime(booking.startsAt, booking.timeZone)}, so cancelling now will not be refunded.`;
}

export function isCancellable(booking: Booking, now: Date = new Date()): boolean {
  return (booking.status === 'pending_payment' || booking.status === 'confirmed') && new Date(booking.startsAt).getTime() > now.getTime();
}
