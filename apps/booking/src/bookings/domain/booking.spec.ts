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
    const now = new Date('2027-01-04T10:05:00Z');
    const policy = { now, windowHours: 24 };
    const barber = (booking: Booking): Actor => ({ ...customer, userId: randomUUID(), role: 'barber', barberId: booking.barberId });
    const admin: Actor = { ...customer, userId: randomUUID(), role: 'admin' };

    it('cancels a pending booking with nothing to refund, recording who and why', () => {
      const decision = decideCancellation(aBooking(), customer, policy);
      expect(decision).toEqual({ cancelledBy: 'customer', refund: 'none', wasPaid: false });
      expect(cancel(aBooking(), decision, 'changed my mind', now)).toMatchObject({
        status: 'cancelled',
        paymentStatus: 'unpaid',
        cancelledBy: 'customer',
        cancellationReason: 'changed my mind',
        updatedAt: now,
      });
      expect(decideCancellation(aBooking(), admin, policy).cancelledBy).toBe('admin');
    });

    describe('of a confirmed booking', () => {
      // Starts 2027-01-05T09:00Z: 22 h 55 min after `now`.
      const confirmed = aBooking({ status: 'confirmed', paymentStatus: 'paid', paymentId: randomUUID() });

      it('refunds a customer in full at least the window ahead, to the millisecond', () => {
        const exactly = { now: new Date('2027-01-04T09:00:00Z'), windowHours: 24 };
        expect(decideCancellation(confirmed, customer, exactly)).toEqual({ cancelledBy: 'customer', refund: 'full', wasPaid: true });
        const earlier = { now: new Date('2027-01-01T09:00:00Z'), windowHours: 24 };
        expect(decideCancellation(confirmed, customer, earlier).refund).toBe('full');
        const aMomentLate = { now: new Date('2027-01-04T09:00:00.001Z'), windowHours: 24 };
        expect(decideCancellation(confirmed, customer, aMomentLate).refund).toBe('none');
      });

      it('keeps the money when the customer cancels inside the window', () => {
        const decision = decideCancellation(confirmed, customer, policy);
        expect(decision).toEqual({ cancelledBy: 'customer', refund: 'none', wasPaid: true });
        expect(cancel(confirmed, decision, null, now)).toMatchObject({ status: 'cancelled', paymentStatus: 'paid', paymentId: confirmed.paymentId });
      });

      it('refunds in full whenever its barber or an admin cancels, however late', () => {
        const late = { now: new Date('2027-01-05T08:59:00Z'), windowHours: 24 };
        expect(decideCancellation(confirmed, barber(confirmed), late)).toEqual({ cancelledBy: 'barber', refund: 'full', wasPaid: true });
        expect(decideCancellation(confirmed, admin, late)).toEqual({ cancelledBy: 'admin', refund: 'full', wasPaid: true });
      });

      it('marks a full refund pending until payments reports it', () => {
        const decision = decideCancellation(confirmed, admin, policy);
        expect(cancel(confirmed, decision, 'barber ill', now)).toMatchObject({
          status: 'cancelled',
          paymentStatus: 'refund_pending',
          cancelledBy: 'admin',
          cancellationReason: 'barber ill',
        });
        // Money already on its way back stays so.
        const refunded = aBooking({ status: 'confirmed', paymentStatus: 'refunded', paymentId: randomUUID() });
        expect(cancel(refunded, decideCancellation(refunded, admin, policy), null, now).paymentStatus).toBe('refunded');
        // What is left of a payment partly refunded outside goes back too; a dispute is the bank's business.
        const partly = aBooking({ status: 'confirmed', paymentStatus: 'partially_refunded', paymentId: randomUUID() });
        expect(cancel(partly, decideCancellation(partly, admin, policy), null, now).paymentStatus).toBe('refund_pending');
        const disputed = aBooking({ status: 'confirmed', paymentStatus: 'disputed', paymentId: randomUUID() });
        expect(cancel(disputed, decideCancellation(disputed, admin, policy), null, now).paymentStatus).toBe('disputed');
      });

      it('honours a window of zero hours: any customer cancellation before the start is refunded', () => {
        expect(decideCancellation(confirmed, customer, { now: new Date('2027-01-05T08:59:59Z'), windowHours: 0 }).refund).toBe('full');
      });
    });

    it.each(['expired', 'cancelled'] as const)('refuses to cancel a %s booking', (status) => {
      try {
        decideCancellation(aBooking({ status }), admin, policy);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('BOOKING_NOT_CANCELLABLE');
      }
    });
  });
});
