import { randomUUID } from 'node:crypto';
import { aBooking } from '../../../test/support/booking-factory';
import {
  ALREADY_PAID,
  BOOKING_STARTED,
  confirmPaid,
  decidePaymentSuccess,
  paymentStatusAfterRefund,
  paymentStatusAfterRejection,
} from './booking-payment';

const now = new Date('2027-01-04T10:10:00Z');
const paymentOf = (overrides: Partial<{ paymentId: string; amountCents: number; currency: string }> = {}) => ({
  paymentId: randomUUID(),
  amountCents: 2500,
  currency: 'gbp',
  ...overrides,
});

describe('what a successful payment means for a booking', () => {
  it('confirms a pending booking paid at its price', () => {
    expect(decidePaymentSuccess(aBooking(), paymentOf(), now)).toEqual({ kind: 'confirm' });
  });

  it('does nothing for the payment that confirmed it, whatever happened since', () => {
    const paymentId = randomUUID();
    for (const status of ['confirmed', 'cancelled'] as const) {
      expect(decidePaymentSuccess(aBooking({ status, paymentId }), paymentOf({ paymentId }), now)).toEqual({ kind: 'already_applied' });
    }
  });

  it('rejects a second payment for a booking some payment already confirmed', () => {
    const paid = { paymentId: randomUUID(), paymentStatus: 'paid' as const };
    expect(decidePaymentSuccess(aBooking({ status: 'confirmed', ...paid }), paymentOf(), now)).toEqual({ kind: 'reject', rejection: ALREADY_PAID });
    // Cancelled after it was paid: a further payment is not a late payment either.
    expect(decidePaymentSuccess(aBooking({ status: 'cancelled', ...paid }), paymentOf(), now)).toEqual({ kind: 'reject', rejection: ALREADY_PAID });
  });

  it('tries to take the slots again for a late payment of an expired or cancelled booking', () => {
    expect(decidePaymentSuccess(aBooking({ status: 'expired' }), paymentOf(), now)).toEqual({ kind: 'reclaim' });
    expect(decidePaymentSuccess(aBooking({ status: 'cancelled', cancelledBy: 'customer' }), paymentOf(), now)).toEqual({ kind: 'reclaim' });
  });

  it('rejects a late payment once the appointment time has begun', () => {
    const startsAt = new Date('2027-01-05T09:00:00Z');
    expect(decidePaymentSuccess(aBooking({ status: 'expired', startsAt }), paymentOf(), startsAt)).toEqual({
      kind: 'reject',
      rejection: BOOKING_STARTED,
    });
  });

  it('confirms nothing for a payment that does not match the price or currency, in any state', () => {
    for (const payment of [paymentOf({ amountCents: 2499 }), paymentOf({ currency: 'eur' })]) {
      for (const status of ['pending_payment', 'expired', 'confirmed'] as const) {
        const decision = decidePaymentSuccess(aBooking({ status }), payment, now);
        expect(decision).toMatchObject({ kind: 'reject', rejection: { code: 'amount_mismatch' } });
      }
    }
    expect(decidePaymentSuccess(aBooking(), paymentOf({ amountCents: 100 }), now)).toEqual({
      kind: 'reject',
      rejection: { code: 'amount_mismatch', reason: 'amount mismatch: paid 100 gbp, booking costs 2500 gbp' },
    });
  });

  it('confirming clears a cancellation the late payment overrides', () => {
    const paymentId = randomUUID();
    const cancelled = aBooking({ status: 'cancelled', cancelledBy: 'customer', cancellationReason: 'too slow to pay' });
    expect(confirmPaid(cancelled, paymentId, now)).toMatchObject({
      status: 'confirmed',
      paymentStatus: 'paid',
      paymentId,
      cancelledBy: null,
      cancellationReason: null,
      updatedAt: now,
    });
  });
});

describe('payment status around refused and refunded payments', () => {
  it('waits for the refund of a refused payment when the booking kept none and will not happen', () => {
    expect(paymentStatusAfterRejection(aBooking({ status: 'expired' }))).toBe('refund_pending');
    expect(paymentStatusAfterRejection(aBooking({ status: 'cancelled', paymentStatus: 'refunded' }))).toBe('refund_pending');
    // Still waiting for its own payment, or paid by another one: unchanged.
    expect(paymentStatusAfterRejection(aBooking())).toBe('unpaid');
    expect(paymentStatusAfterRejection(aBooking({ status: 'confirmed', paymentStatus: 'paid', paymentId: randomUUID() }))).toBe('paid');
  });

  it('marks the booking refunded when its own payment is refunded, whatever its status', () => {
    const paymentId = randomUUID();
    const refund = { paymentId, wasRejected: false, rejectedStillUnrefunded: 0 };
    expect(paymentStatusAfterRefund(aBooking({ status: 'cancelled', paymentStatus: 'refund_pending', paymentId }), refund)).toBe('refunded');
    expect(paymentStatusAfterRefund(aBooking({ status: 'confirmed', paymentStatus: 'paid', paymentId }), refund)).toBe('refunded');
    expect(paymentStatusAfterRefund(aBooking({ status: 'cancelled', paymentStatus: 'refunded', paymentId }), refund)).toBe('refunded');
  });

  it('keeps a paid booking paid when a refused second payment is refunded', () => {
    const booking = aBooking({ status: 'confirmed', paymentStatus: 'paid', paymentId: randomUUID() });
    expect(paymentStatusAfterRefund(booking, { paymentId: randomUUID(), wasRejected: true, rejectedStillUnrefunded: 0 })).toBe('paid');
  });

  it('marks a booking that kept no payment refunded once its last refused payment is refunded', () => {
    const booking = aBooking({ status: 'expired', paymentStatus: 'refund_pending' });
    expect(paymentStatusAfterRefund(booking, { paymentId: randomUUID(), wasRejected: true, rejectedStillUnrefunded: 1 })).toBe('refund_pending');
    expect(paymentStatusAfterRefund(booking, { paymentId: randomUUID(), wasRejected: true, rejectedStillUnrefunded: 0 })).toBe('refunded');
    // A refund of a payment the booking never saw says nothing about it.
    expect(paymentStatusAfterRefund(booking, { paymentId: randomUUID(), wasRejected: false, rejectedStillUnrefunded: 0 })).toBe('refund_pending');
  });
});
