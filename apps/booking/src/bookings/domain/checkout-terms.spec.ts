import { randomUUID } from 'node:crypto';
import { BookingStatus } from '@app/contracts';
import { checkoutTermsOf, decideCheckout } from './checkout-terms';

// Any instant will do: the decision depends only on the hold relative to `now`.
const now = new Date();
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

function booking(status: BookingStatus, holdExpiresAt = minutes(10)) {
  return { id: randomUUID(), serviceName: 'Beard trim', priceCents: 2500, currency: 'gbp', status, holdExpiresAt };
}

describe('what a customer can pay for a booking now', () => {
  it('asks the full price of a pending booking while its hold lasts, payable until the hold ends', () => {
    const pending = booking('pending_payment');
    expect(decideCheckout(pending, now)).toEqual({
      kind: 'due',
      terms: { bookingId: pending.id, serviceName: 'Beard trim', amountDueCents: 2500, currency: 'gbp', payableUntil: minutes(10).toISOString() },
    });
    expect(checkoutTermsOf(pending, now)).toMatchObject({ amountDueCents: 2500 });
  });

  it('has nothing to pay once the hold has ended, even at its very last millisecond', () => {
    for (const holdExpiresAt of [now, minutes(-1)]) {
      expect(decideCheckout(booking('pending_payment', holdExpiresAt), now)).toEqual({
        kind: 'not_available',
        why: 'This booking is pending payment but its hold has expired: there is nothing to pay.',
      });
      expect(checkoutTermsOf(booking('pending_payment', holdExpiresAt), now)).toBeNull();
    }
  });

  it.each<[BookingStatus, string]>([
    ['confirmed', 'This booking is confirmed: there is nothing to pay.'],
    ['expired', 'This booking is expired: there is nothing to pay.'],
    ['cancelled', 'This booking is cancelled: there is nothing to pay.'],
  ])('has nothing to pay for a %s booking, whatever its hold says', (status, why) => {
    expect(decideCheckout(booking(status), now)).toEqual({ kind: 'not_available', why });
    expect(checkoutTermsOf(booking(status), now)).toBeNull();
  });
});
