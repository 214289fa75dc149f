import { aPayment as anOpenPayment } from '../../../test/support/payment-factory';
import { Payment } from '../../payment/domain/payment';
import {
  checkoutExpiresAt,
  checkoutIdempotencyKey,
  currentCheckout,
  decideCheckout,
} from './checkout';

const now = new Date('2026-12-01T09:00:00.000Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

function aPayment(attempt: number, overrides: Partial<Payment> = {}): Payment {
  return anOpenPayment(now, {
    id: `00000000-0000-4000-8000-00000000000${attempt}`,
    attempt,
    checkoutSessionId: `cs_test_${attempt}`,
    checkoutUrl: `https://checkout.example/cs_test_${attempt}`,
    ...overrides,
  });
}

describe('checkoutExpiresAt', () => {
  it('is the hold expiry when that leaves Stripe its 30 minutes', () => {
    expect(checkoutExpiresAt(minutes(45), now)).toEqual(minutes(45));
  });

  it('is 30 minutes and 30 seconds from now when the hold ends sooner (a 30-minute hold, some seconds later)', () => {
    expect(checkoutExpiresAt(minutes(29), now)).toEqual(
      new Date(now.getTime() + 30 * 60_000 + 30_000),
    );
    expect(checkoutExpiresAt(minutes(30), now)).toEqual(
      new Date(now.getTime() + 30 * 60_000 + 30_000),
    );
  });

  it('is 30 minutes and 30 seconds from now for the shortest hold, 1 minute: the hold expiry expires it sooner', () => {
    expect(checkoutExpiresAt(minutes(1), now)).toEqual(
      new Date(now.getTime() + 30 * 60_000 + 30_000),
    );
  });

  it("is the hold expiry for the longest hold, 1440 minutes, and never past Stripe's 24 hours from now", () => {
    expect(checkoutExpiresAt(minutes(1440), now)).toEqual(minutes(1440));
    // A hold taken at .999 s, rounded up to the next second, would be a second too late for Stripe.
    const justBeforeTheSecond = new Date(now.getTime() + 999);
    expect(
      checkoutExpiresAt(
        new Date(justBeforeTheSecond.getTime() + 1440 * 60_000),
        justBeforeTheSecond,
      ),
    ).toEqual(minutes(1440));
  });

  it('is whole seconds, rounded up so it is never earlier than asked', () => {
    const odd = new Date(now.getTime() + 250);
    const result = checkoutExpiresAt(new Date(minutes(45).getTime() + 400), odd);
    expect(result.getTime() % 1000).toBe(0);
    expect(result.getTime()).toBe(minutes(45).getTime() + 1000);
  });
});

describe('decideCheckout', () => {
  it('creates the first session for a booking without one', () => {
    expect(decideCheckout([], now)).toEqual({ kind: 'create', attempt: 1 });
  });

  it('hands out the open session while it has more than a minute left', () => {
    const open = aPayment(1, { expiresAt: minutes(2) });
    expect(decideCheckout([open], now)).toEqual({ kind: 'reuse', payment: open });
  });

  it('opens the next session when the last one is about to expire, has expired or failed', () => {
    expect(
      decideCheckout([aPayment(1, { expiresAt: new Date(now.getTime() + 59_000) })], now),
    ).toEqual({ kind: 'create', attempt: 2 });
    expect(decideCheckout([aPayment(1, { status: 'expired' })], now)).toEqual({
      kind: 'create',
      attempt: 2,
    });
    expect(
      decideCheckout([aPayment(1, { status: 'expired' }), aPayment(2, { status: 'failed' })], now),
    ).toEqual({ kind: 'create', attempt: 3 });
  });

  it('hands out the newest usable session', () => {
    const newer = aPayment(2, { expiresAt: minutes(31) });
    expect(decideCheckout([aPayment(1, { expiresAt: minutes(20) }), newer], now)).toEqual({
      kind: 'reuse',
      payment: newer,
    });
  });

  it('refuses once money was taken for the booking, even with another session still open', () => {
    for (const status of ['succeeded', 'refund_pending', 'refunded'] as const) {
      const kept = aPayment(1, { status });
      expect(decideCheckout([kept, aPayment(2)], now)).toEqual({
        kind: 'not_available',
        payment: kept,
      });
    }
  });

  it('lets the customer pay again after a payment refused for its amount', () => {
    const refused = aPayment(1, {
      status: 'refunded',
      flaggedReason: 'amount 100 gbp does not match the booking price 2500 gbp',
    });
    expect(decideCheckout([refused], now)).toEqual({ kind: 'create', attempt: 2 });
  });
});

describe('currentCheckout', () => {
  it('is the newest open session not yet past its expiry', () => {
    expect(currentCheckout([], now)).toBeNull();
    expect(currentCheckout([aPayment(1, { expiresAt: minutes(-1) })], now)).toBeNull();
    expect(currentCheckout([aPayment(1, { status: 'succeeded' })], now)).toBeNull();
    const open = aPayment(2, { expiresAt: new Date(now.getTime() + 1000) });
    expect(currentCheckout([aPayment(1, { status: 'expired' }), open], now)).toBe(open);
  });
});

describe('checkoutIdempotencyKey', () => {
  it('names the booking and the attempt', () => {
    expect(checkoutIdempotencyKey('b1', 3)).toBe('checkout:b1:3');
  });
});
