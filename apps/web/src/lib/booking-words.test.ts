import { afterEach, describe, expect, it } from 'vitest';
import { aBooking } from '../test/render-app';
import { cancellationSentence, paymentSentence, statusInWords } from './booking-words';

function serverSays(hours: number): void {
  const meta = document.createElement('meta');
  meta.name = 'barbershop:cancellation-window-hours';
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
