import { UpdateBarberRequest } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import { codeOf } from '../../../../../../test/support/domain-errors';
import { BookingProcess, BookingTestWorld, aBarberWithHours, aService, admin, anActor, tableCounts } from '../../../../test/support/booking-test-app';
import { UpdateBarberUseCase } from './update-barber.use-case';

const LONDON = new ShopCalendar('Europe/London');
const NEW_YORK = new ShopCalendar('America/New_York');
const DAY = LONDON.weekday(3);

/**
 * UpdateBarberUseCase against real PostgreSQL: a new time zone lays the free hours out again on
 * the new zone's clock and leaves held ones where they are; a rename touches no slot; deactivating
 * refuses new bookings only; and who may edit what. Over HTTP in test/e2e/shop-management.e2e-spec.ts.
 */
describe('UpdateBarberUseCase', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;
  let serviceId: string;

  beforeAll(async () => {
    world = await BookingTestWorld.create('update_barber_use_case', LONDON.at(DAY, '07:00'));
    booking = await world.start({ holdExpiryIntervalSeconds: 3600 });
    serviceId = (await aService(booking)).id;
  });

  afterAll(async () => {
    await world?.close();
  });

  const update = (request: Omit<UpdateBarberRequest, 'actor'> & { actor?: UpdateBarberRequest['actor'] }) =>
    booking.get(UpdateBarberUseCase).execute({ actor: admin, ...request });
  const slotsOn = (barberId: string) => booking.slots.list({ barberId, date: DAY });
  const bookFirst = async (barberId: string) => {
    const slot = (await slotsOn(barberId)).find((candidate) => candidate.status === 'available')!;
    return booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId });
  };

  it("lays a barber's free hours out on the new zone's clock and leaves a held slot at its instant", async () => {
    const barber = await aBarberWithHours(booking);
    const { booking: held } = await bookFirst(barber.id);

    expect(await update({ barberId: barber.id, timeZone: 'America/New_York' })).toMatchObject({ timeZone: 'America/New_York' });

    const day = await slotsOn(barber.id);
    const free = day.filter((slot) => slot.status === 'available');
    expect(free[0].startsAt).toBe(NEW_YORK.at(DAY, '09:00'));
    expect(free.at(-1)?.endsAt).toBe(NEW_YORK.at(DAY, '17:00'));
    expect(day.filter((slot) => slot.status === 'held')).toEqual([expect.objectContaining({ id: held.slotIds[0], startsAt: LONDON.at(DAY, '09:00') })]);
  });

  it('renames and describes a barber without touching a slot', async () => {
    const barber = await aBarberWithHours(booking);
    const before = await tableCounts(booking.dataSource);

    expect(await update({ barberId: barber.id, name: 'Sam Cole', description: 'Fades' })).toMatchObject({ name: 'Sam Cole', description: 'Fades' });

    const after = await tableCounts(booking.dataSource);
    expect({ slots: after.slots, outbox: after.outbox }).toEqual({ slots: before.slots, outbox: before.outbox });
  });

  it('refuses new bookings of a deactivated barber (BARBER_INACTIVE), hides their slots, keeps the existing booking; reactivating restores them', async () => {
    const barber = await aBarberWithHours(booking);
    const { booking: existing } = await bookFirst(barber.id);
    const free = (await slotsOn(barber.id)).find((slot) => slot.status === 'available')!;
    const bookFree = () => booking.bookings.create({ actor: anActor('customer'), slotId: free.id, serviceId });

    await update({ barberId: barber.id, active: false });

    expect(await codeOf(bookFree())).toBe('BARBER_INACTIVE');
    expect(await codeOf(slotsOn(barber.id))).toBe('BARBER_NOT_FOUND');
    expect(await booking.bookings.get({ actor: admin, bookingId: existing.id })).toMatchObject({ status: 'pending_payment' });
    await update({ barberId: barber.id, active: true });
    expect((await bookFree()).booking.status).toBe('pending_payment');
  });

  it('refuses anyone but an admin, an unknown or malformed barber, an empty edit and an unknown zone, changing nothing', async () => {
    const barber = await aBarberWithHours(booking);
    const before = await tableCounts(booking.dataSource);

    const codes = {
      thatBarber: await codeOf(update({ actor: anActor('barber', { barberId: barber.id }), barberId: barber.id, name: 'Me' })),
      unknown: await codeOf(update({ barberId: randomUUID(), name: 'Nobody' })),
      malformed: await codeOf(update({ barberId: 'nope', name: 'Nobody' })),
      empty: await codeOf(update({ barberId: barber.id })),
      zone: await codeOf(update({ barberId: barber.id, timeZone: 'Mars/Olympus' })),
    };

    expect(codes).toEqual({ thatBarber: 'FORBIDDEN', unknown: 'BARBER_NOT_FOUND', malformed: 'BARBER_NOT_FOUND', empty: 'VALIDATION_FAILED', zone: 'INVALID_TIME_ZONE' });
    expect(await tableCounts(booking.dataSource)).toEqual(before);
  });
});
