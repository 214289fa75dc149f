import { randomUUID } from 'node:crypto';
import { Booking } from '../../src/bookings/domain/booking';

/** A pending booking for unit tests (no I/O): a 30-minute haircut on 2027-01-05 09:00 UTC, booked the day before. */
export function aBooking(overrides: Partial<Booking> = {}): Booking {
  const now = new Date('2027-01-04T10:00:00Z');
  return {
    id: randomUUID(),
    customerId: randomUUID(),
    customerName: 'Ada',
    customerEmail: 'ada@example.com',
    barberId: randomUUID(),
    barberName: 'Kim',
    timeZone: 'Europe/London',
    serviceId: randomUUID(),
    serviceName: 'Haircut',
    slotIds: [randomUUID()],
    startsAt: new Date('2027-01-05T09:00:00Z'),
    endsAt: new Date('2027-01-05T09:30:00Z'),
    priceCents: 2500,
    currency: 'gbp',
    status: 'pending_payment',
    paymentStatus: 'unpaid',
    holdExpiresAt: new Date('2027-01-04T10:30:00Z'),
    appointmentId: null,
    cancellationReason: null,
    cancelledBy: null,
    rescheduledFrom: null,
    idempotencyKey: null,
    checkout: null,
    paymentId: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
