import { afterEach, describe, expect, it } from 'vitest';
import { aBooking } from '../test/render-app';
import { cancellationSentence, canRescheduleOnline, minNoticeMinutes, movedSentence, paymentSentence, rescheduleWindowHours, statusInWords } from './booking-words';

function serverSays(hours: number, name = 'cancellation-window-hours'): void {
  const meta = document.createElement('meta');
  meta.name = `barbershop:${name}`;
  meta.content = String(hours);
  document.head.append(meta);
}

afterEach(() => document.head.querySelectorAll('meta').forEach((meta) => meta.remove()));

describe('what a cancellation will do, said before the click', () => {
  const hoursAhead = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  it('promises a full refund outside the window the gateway tells, and none inside it', () => {
    serverSays(48);
    expect(cancellationSentence(aBooking({ status: 'confirmed', paymentStatus: 'paid', startsAt: hoursAhead(72) }))).toBe(
      'Cancelling now refunds £30.00 in full.',
    );
    expect(cancellationSentence(aBooking({ status: 'confirmed', paymentStatus: 'paid', startsAt: hoursAhead(30) }))).toMatch(
      /^It is less than 48 hours before \d\d:\d\d London time, so cancelling now will not be refunded\.$/,
    );
  });

  it('falls back to the default 24 hours when the page was not told', () => {
    expect(cancellationSentence(aBooking({ status: 'confirmed', paymentStatus: 'paid', startsAt: hoursAhead(30) }))).toBe(
      'Cancelling now refunds £30.00 in full.',
    );
  });

  it('says there is nothing to refund for a booking not paid yet', () => {
    expect(cancellationSentence(aBooking())).toMatch(/^Nothing has been paid yet/);
  });
});

describe('status and money in words', () => {
  it('names each state', () => {
    expect(statusInWords(aBooking())).toBe('Waiting for payment');
    expect(statusInWords(aBooking({ status: 'confirmed', paymentStatus: 'paid' }))).toBe('Confirmed');
    expect(statusInWords(aBooking({ status: 'expired' }))).toBe('Expired: not paid in time');
    expect(statusInWords(aBooking({ status: 'cancelled', paymentStatus: 'refunded' }))).toBe('Cancelled and refunded');
    expect(paymentSentence(aBooking({ status: 'cancelled', paymentStatus: 'paid' }))).toBe(
      'You paid £30.00; this cancellation was too close to the start to be refunded.',
    );
  });
});

describe('what moving a booking allows, said before the click', () => {
  const hoursAhead = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  it('reads the reschedule window and the minimum notice the gateway tells; the window defaults to the cancellation window', () => {
    expect(rescheduleWindowHours()).toBe(24);
    expect(minNoticeMinutes()).toBe(60);
    serverSays(48);
    expect(rescheduleWindowHours()).toBe(48);
    serverSays(6, 'reschedule-window-hours');
    serverSays(15, 'min-notice-minutes');
    expect(rescheduleWindowHours()).toBe(6);
    expect(minNoticeMinutes()).toBe(15);
  });

  it('lets a customer move a confirmed or held booking online only before the window, never a started, lapsed or cancelled one', () => {
    serverSays(24, 'reschedule-window-hours');
    expect(canRescheduleOnline(aBooking({ status: 'confirmed', paymentStatus: 'paid', startsAt: hoursAhead(30) }))).toBe(true);
    expect(canRescheduleOnline(aBooking({ status: 'confirmed', paymentStatus: 'paid', startsAt: hoursAhead(20) }))).toBe(false);
    expect(canRescheduleOnline(aBooking({ startsAt: hoursAhead(30) }))).toBe(true);
    expect(canRescheduleOnline(aBooking({ startsAt: hoursAhead(30), holdExpiresAt: hoursAhead(-1) }))).toBe(false);
    expect(canRescheduleOnline(aBooking({ status: 'cancelled', startsAt: hoursAhead(30) }))).toBe(false);
  });

  it('says where a moved booking went and where it was', () => {
    const booking = aBooking();
    expect(movedSentence(booking)).toBeNull();
    const later = new Date(new Date(booking.startsAt).getTime() + 60 * 60_000).toISOString();
    expect(movedSentence({ ...booking, startsAt: later, rescheduledFrom: { startsAt: booking.startsAt, endsAt: booking.endsAt } })).toMatch(
      /^Moved to \w{3} \d{1,2} \w{3}, 11:00 London time — was 10:00$/,
    );
    const nextDay = new Date(new Date(booking.startsAt).getTime() + 24 * 3_600_000).toISOString();
    expect(movedSentence({ ...booking, startsAt: nextDay, rescheduledFrom: { startsAt: booking.startsAt, endsAt: booking.endsAt } })).toMatch(
      /^Moved to \w{3} \d{1,2} \w{3}, \d\d:00 London time — was \w{3} \d{1,2} \w{3}, 10:00$/,
    );
  });
});
