import type { Booking } from '../api/client';
import { formatMoney, localDate, localTime, namedLocalTime, shortDateTime } from './format';

/** A whole number the gateway tells in index.html (<meta name="barbershop:…">), or the fallback. */
function toldSetting(name: string, fallback: number): number {
  const content = typeof document === 'undefined' ? null : document.querySelector(`meta[name="barbershop:${name}"]`)?.getAttribute('content');
  const value = content === null || content === undefined ? Number.NaN : Number(content);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/**
 * The customer's cancellation window (DESIGN §3 CANCELLATION_WINDOW_HOURS): the gateway tells it
 * in index.html (<meta name="barbershop:cancellation-window-hours">); 24, the default, otherwise.
 * The booking service decides; the page only says beforehand what it will decide.
 */
export function cancellationWindowHours(): number {
  return toldSetting('cancellation-window-hours', 24);
}

/** RESCHEDULE_WINDOW_HOURS (<meta name="barbershop:reschedule-window-hours">); the cancellation window otherwise. */
export function rescheduleWindowHours(): number {
  return toldSetting('reschedule-window-hours', cancellationWindowHours());
}

/** BOOKING_MIN_NOTICE_MINUTES (<meta name="barbershop:min-notice-minutes">): no time sooner can be taken; 60 otherwise. */
export function minNoticeMinutes(): number {
  return toldSetting('min-notice-minutes', 60);
}

/** The earliest start a booking can be made or moved to now (the booking service refuses sooner: SLOT_TOO_SOON). */
export function earliestStart(now: Date = new Date()): Date {
  return new Date(now.getTime() + minNoticeMinutes() * 60_000);
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

/** Until when its customer can move a booking online (RESCHEDULE_WINDOW_HOURS before its start). */
export function rescheduleDeadline(booking: Pick<Booking, 'startsAt'>): Date {
  return new Date(new Date(booking.startsAt).getTime() - rescheduleWindowHours() * 3_600_000);
}

/** A pending booking whose hold is open, or a confirmed one, that has not started (what the API moves at all). */
export function isMovable(booking: Pick<Booking, 'status' | 'startsAt' | 'holdExpiresAt'>, now: Date = new Date()): boolean {
  if (new Date(booking.startsAt).getTime() <= now.getTime()) return false;
  if (booking.status === 'confirmed') return true;
  return booking.status === 'pending_payment' && new Date(booking.holdExpiresAt).getTime() > now.getTime();
}

/** Whether its customer may move it online now: movable, and before the reschedule deadline. */
export function canRescheduleOnline(booking: Pick<Booking, 'status' | 'startsAt' | 'holdExpiresAt'>, now: Date = new Date()): boolean {
  return isMovable(booking, now) && rescheduleDeadline(booking).getTime() > now.getTime();
}

/** Until when the booking can be moved online, or, inside the window, that the shop must be asked; said before the click. */
export function rescheduleSentence(booking: Pick<Booking, 'status' | 'startsAt' | 'holdExpiresAt' | 'timeZone'>, now: Date = new Date()): string {
  if (canRescheduleOnline(booking, now)) return `You can move this booking online until ${shortDateTime(rescheduleDeadline(booking).toISOString(), booking.timeZone)}.`;
  return `Bookings can be moved online until ${rescheduleWindowHours()} hours before they start, so this one can no longer be moved here. Please contact the shop to change it.`;
}

/** "Moved to Tue 8 Dec, 11:00 London time — was 10:00" (the old date too when the day changed); null when never moved. */
export function movedSentence(booking: Pick<Booking, 'startsAt' | 'timeZone' | 'rescheduledFrom'>): string | null {
  const from = booking.rescheduledFrom;
  if (!from) return null;
  const sameDay = localDate(from.startsAt, booking.timeZone) === localDate(booking.startsAt, booking.timeZone);
  const was = sameDay ? localTime(from.startsAt, booking.timeZone) : shortDateTime(from.startsAt, booking.timeZone, { zone: false });
  return `Moved to ${shortDateTime(booking.startsAt, booking.timeZone)} — was ${was}`;
}
