import { Actor, BookingStatus, DomainError } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { aBooking as aPendingBooking } from '../../../test/support/booking-factory';
import { Booking, cancel, decideCancellation, expire, expiryDeadline, isActive, isHoldLapsed } from './booking';

const customer: Actor = { userId: randomUUID(), role: 'customer', barberId: null, name: 'Ada', email: 'ada@example.com' };

const aBooking = (overrides: Partial<Booking> = {}): Booking => aPendingBooking({ customerId: customer.userId, ...overrides });

describe('booking state rules', () => {
  it('counts pending and confirmed bookings as active, expired and cancelled not', () => {
    const statuses: BookingStatus[] = ['pending_payment', 'confirmed', 'expired', 'cancelled'];
    expect(statuses.filter(isActive)).toEqual(['pending_payment', 'confirmed']);
  });

  describe('hold expiry', () => {
    const booking = aBooking();
    it('lapses only after holdExpiresAt plus the grace', () => {
      expect(expiryDeadline(booking, 60).toISOString()).toBe('2027-01-04T10:31:00.000Z');
      expect(isHoldLapsed(booking, new Date('2027-01-04T10:30:30Z'), 60)).toBe(false);
      expect(isHoldLapsed(booking, new Date('2027-01-04T10:31:00Z'), 60)).toBe(false);
      expect(isHoldLapsed(booking, new Date('2027-01-04T10:31:00.001Z'), 60)).toBe(true);
    });

    it('never lapses a booking that is no longer pending', () => {
      for (const status of ['confirmed', 'expired', 'cancelled'] as const) {
        expect(isHoldLapsed(aBooking({ status }), new Date('2030-01-01T00:00:00Z'), 0)).toBe(false);
      }
    });

    it('expires a pending booking and leaves any other as it is (a late sweep moves nothing back)', () => {
      const now = new Date('2027-01-04T11:00:00Z');
      expect(expire(booking, now)).toMatchObject({ status: 'expired', paymentStatus: 'unpaid', updatedAt: now });
      const confirmed = aBooking({ status: 'confirmed', paymentStatus: 'paid' });
      expect(expire(confirmed, now)).toBe(confirmed);
    });
  });

  describe('cancellation', () => {
    it('cancels a pending booking with nothing to refund, recording who and why', () => {
      const now = new Date('2027-01-04T10:05:00Z');
      const decision = decideCancellation(aBooking(), customer);
      expect(decision).toEqual({ cancelledBy: 'customer', refund: 'none', wasPaid: false });
      expect(cancel(aBooking(), decision, 'changed my mind', now)).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'customer',
        cancellationReason: 'changed my mind',
        updatedAt: now,
      });
      expect(decideCancellation(aBooking(), { ...customer, role: 'admin' }).cancelledBy).toBe('admin');
    });

    it.each(['confirmed', 'expired', 'cancelled'] as const)('refuses to cancel a %s booking (for now)', (status) => {
      try {
        decideCancellation(aBooking({ status }), customer);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('BOOKING_NOT_CANCELLABLE');
      }
    });
  });
});
