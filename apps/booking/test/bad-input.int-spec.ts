import { DomainError } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  aService,
  admin,
  anActor,
  tableCounts,
} from './support/booking-test-app';

/**
 * Bad input gets its own code and changes nothing: no request below may answer with anything
 * but a DomainError (a database error would reach the gateway as INTERNAL, a 500).
 */
describe('bad input to the booking service (real PostgreSQL and Redis)', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;

  beforeAll(async () => {
    world = await BookingTestWorld.create('bad_input', '2027-03-22T07:00:00Z');
    booking = await world.start();
  });

  afterAll(async () => {
    await world?.close();
  });

  const codeOf = async (call: () => Promise<unknown>): Promise<string> => {
    try {
      await call();
    } catch (error) {
      return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
    }
    return 'no error';
  };

  it('answers every bad request with its code and changes nothing', async () => {
    const barber = await aBarberWithHours(booking);
    const service = await aService(booking);
    const [first, second] = await booking.slots.list({ barberId: barber.id, date: '2027-03-23' });
    const customer = anActor('customer');
    const { booking: pending } = await booking.bookings.create({ actor: customer, slotId: second.id, serviceId: service.id });
    await booking.slots.addBarberTimeOff({ actor: admin, barberId: barber.id, startsAt: '2027-03-24T09:00:00Z', endsAt: '2027-03-24T10:00:00Z' });
    const [blocked] = await booking.slots.list({ barberId: barber.id, date: '2027-03-24' });
    expect(blocked.status).toBe('blocked');
    const before = await tableCounts(booking.dataSource);
    const b = booking;

    const cases: Array<[string, () => Promise<unknown>, string]> = [
      ['no actor at all', () => b.barbers.create({ name: 'X', timeZone: 'UTC' } as never), 'UNAUTHORIZED'],
      ['an actor with an unknown role', () => b.barbers.create({ actor: { ...admin, role: 'root' } as never, name: 'X', timeZone: 'UTC' }), 'UNAUTHORIZED'],
      ['a null request', () => b.bookings.create(null as never), 'UNAUTHORIZED'],
      ['a barber created by a customer', () => b.barbers.create({ actor: customer, name: 'X', timeZone: 'UTC' }), 'FORBIDDEN'],
      ['an unknown time zone', () => b.barbers.create({ actor: admin, name: 'X', timeZone: 'Mars/Olympus_Mons' }), 'INVALID_TIME_ZONE'],
      ['a fixed offset as time zone', () => b.barbers.create({ actor: admin, name: 'X', timeZone: '+01:00' }), 'INVALID_TIME_ZONE'],
      ['an empty barber name', () => b.barbers.create({ actor: admin, name: '', timeZone: 'UTC' }), 'VALIDATION_FAILED'],
      ['a malformed barber id', () => b.barbers.get({ barberId: "1' OR '1'='1" }), 'BARBER_NOT_FOUND'],
      ['slots on 2026-02-30', () => b.slots.list({ barberId: barber.id, date: '2026-02-30' }), 'INVALID_DATE'],
      ['slots on a date without leading zeros', () => b.slots.list({ barberId: barber.id, date: '2027-3-23' }), 'INVALID_DATE'],
      ['slots without a date', () => b.slots.list({ barberId: barber.id }), 'INVALID_DATE'],
      ['slots of a malformed barber id', () => b.slots.list({ barberId: 'x', date: '2027-03-23' }), 'BARBER_NOT_FOUND'],
      ['slots of an unknown barber', () => b.slots.list({ barberId: randomUUID(), date: '2027-03-23' }), 'BARBER_NOT_FOUND'],
      ['a service priced in fractions', () => b.catalog.create({ actor: admin, name: 'X', durationMinutes: 30, priceCents: 9.99, currency: 'gbp' }), 'VALIDATION_FAILED'],
      ['a service in upper-case currency', () => b.catalog.create({ actor: admin, name: 'X', durationMinutes: 30, priceCents: 1, currency: 'GBP' }), 'VALIDATION_FAILED'],
      ['a 500-minute service', () => b.catalog.create({ actor: admin, name: 'X', durationMinutes: 500, priceCents: 1, currency: 'gbp' }), 'VALIDATION_FAILED'],
      ['a booking by an admin', () => b.bookings.create({ actor: admin, slotId: first.id, serviceId: service.id }), 'FORBIDDEN'],
      ['a booking by a barber', () => b.bookings.create({ actor: anActor('barber', { barberId: barber.id }), slotId: first.id, serviceId: service.id }), 'FORBIDDEN'],
      ['a malformed slot id', () => b.bookings.create({ actor: customer, slotId: 'slot-1', serviceId: service.id }), 'VALIDATION_FAILED'],
      ['a malformed service id', () => b.bookings.create({ actor: customer, slotId: first.id, serviceId: { $ne: null } as never }), 'VALIDATION_FAILED'],
      ['an unknown slot', () => b.bookings.create({ actor: customer, slotId: randomUUID(), serviceId: service.id }), 'SLOT_NOT_FOUND'],
      ['an unknown service', () => b.bookings.create({ actor: customer, slotId: first.id, serviceId: randomUUID() }), 'SERVICE_NOT_FOUND'],
      ['a blocked slot', () => b.bookings.create({ actor: customer, slotId: blocked.id, serviceId: service.id }), 'SLOT_UNAVAILABLE'],
      ['a held slot', () => b.bookings.create({ actor: anActor('customer'), slotId: second.id, serviceId: service.id }), 'SLOT_UNAVAILABLE'],
      ['an over-long idempotency key', () => b.bookings.create({ actor: customer, slotId: first.id, serviceId: service.id, idempotencyKey: 'k'.repeat(300) }), 'VALIDATION_FAILED'],
      ['a malformed booking id', () => b.bookings.get({ actor: customer, bookingId: '42' }), 'BOOKING_NOT_FOUND'],
      ['an unknown booking', () => b.bookings.cancel({ actor: customer, bookingId: randomUUID() }), 'BOOKING_NOT_FOUND'],
      ['a cancellation reason of 600 characters', () => b.bookings.cancel({ actor: customer, bookingId: pending.id, reason: 'x'.repeat(600) }), 'VALIDATION_FAILED'],
      ['someone else’s booking', () => b.bookings.cancel({ actor: anActor('customer'), bookingId: pending.id }), 'FORBIDDEN'],
      ['a list of 0 bookings', () => b.bookings.list({ actor: customer, limit: 0, offset: 0 }), 'VALIDATION_FAILED'],
      ['a list from no time', () => b.bookings.list({ actor: admin, from: 'last week', limit: 10, offset: 0 }), 'VALIDATION_FAILED'],
      ['a list by a barber account without a barber', () => b.bookings.list({ actor: anActor('barber'), limit: 10, offset: 0 }), 'FORBIDDEN'],
      ['availability with 3-minute slots', () => b.slots.setWeeklyAvailability({ actor: admin, barberId: barber.id, slotMinutes: 3, weekly: [] }), 'INVALID_AVAILABILITY'],
      ['availability that is not a list', () => b.slots.setWeeklyAvailability({ actor: admin, barberId: barber.id, slotMinutes: 30, weekly: 'mon-fri' as never }), 'INVALID_AVAILABILITY'],
      ['availability ending before it starts', () => b.slots.setWeeklyAvailability({ actor: admin, barberId: barber.id, slotMinutes: 30, weekly: [{ weekday: 1, start: '17:00', end: '09:00' }] }), 'INVALID_AVAILABILITY'],
      ['availability of a malformed barber id', () => b.slots.setWeeklyAvailability({ actor: admin, barberId: 'x', slotMinutes: 30, weekly: [] }), 'BARBER_NOT_FOUND'],
      ['time off of an unknown barber', () => b.slots.addBarberTimeOff({ actor: admin, barberId: randomUUID(), startsAt: '2027-03-25T09:00:00Z', endsAt: '2027-03-25T10:00:00Z' }), 'BARBER_NOT_FOUND'],
      ['time off ending before it starts', () => b.slots.addBarberTimeOff({ actor: admin, barberId: barber.id, startsAt: '2027-03-25T10:00:00Z', endsAt: '2027-03-25T09:00:00Z' }), 'INVALID_TIME_RANGE'],
      ['time off on 2027-02-30', () => b.slots.addBarberTimeOff({ actor: admin, barberId: barber.id, startsAt: '2027-02-30T10:00:00Z', endsAt: '2027-03-25T09:00:00Z' }), 'INVALID_TIME_RANGE'],
      ['time off over a held slot', () => b.slots.addBarberTimeOff({ actor: admin, barberId: barber.id, startsAt: '2027-03-23T09:00:00Z', endsAt: '2027-03-23T12:00:00Z' }), 'SLOT_BOOKED'],
    ];

    const outcomes: Array<[string, string]> = [];
    for (const [name, call] of cases) outcomes.push([name, await codeOf(call)]);
    expect(outcomes).toEqual(cases.map(([name, , code]) => [name, code]));
    expect(await tableCounts(booking.dataSource)).toEqual(before);
  });

  it('refuses a slot that has already started (SLOT_IN_PAST) and changes nothing', async () => {
    const barber = await aBarberWithHours(booking);
    const service = await aService(booking);
    const [slot] = await booking.slots.list({ barberId: barber.id, date: '2027-03-23' });
    const before = await tableCounts(booking.dataSource);
    world.clock.set(slot.startsAt);
    try {
      expect(await codeOf(() => booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId: service.id }))).toBe(
        'SLOT_IN_PAST',
      );
    } finally {
      world.clock.set('2027-03-22T07:00:00Z');
    }
    expect(await tableCounts(booking.dataSource)).toEqual(before);
  });
});
