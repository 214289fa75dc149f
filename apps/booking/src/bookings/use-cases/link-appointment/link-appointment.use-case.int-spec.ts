import { BookingResource } from '@app/contracts';
import { PoisonMessageError } from '@app/messaging';
import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  aService,
  admin,
  anActor,
  tableCounts,
} from '../../../../test/support/booking-test-app';
import { LinkAppointmentUseCase } from './link-appointment.use-case';

const calendar = new ShopCalendar('Europe/London');
const DAY = calendar.weekday(3);

/**
 * LinkAppointmentUseCase on its own, in a transaction as the appointment.created handler runs it
 * (real PostgreSQL): the first appointment id is kept, anything after it changes nothing, an
 * unknown booking is poison. Delivery through booking-inbox is in
 * apps/booking/test/appointment-link.int-spec.ts.
 */
describe('LinkAppointmentUseCase', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;
  let barberId: string;
  let serviceId: string;

  beforeAll(async () => {
    world = await BookingTestWorld.create('link_appointment_use_case', calendar.at(DAY, '07:00'));
    booking = await world.start({ holdExpiryIntervalSeconds: 3600 });
    barberId = (await aBarberWithHours(booking)).id;
    serviceId = (await aService(booking)).id;
  });

  afterAll(async () => {
    await world?.close();
  });

  const link = (bookingId: string, appointmentId: string) =>
    booking.dataSource.transaction((manager) =>
      booking.get(LinkAppointmentUseCase).execute(manager, { bookingId, appointmentId, barberId }),
    );

  async function aBooking(): Promise<BookingResource> {
    const slot = (await booking.slots.list({ barberId, date: DAY })).find((candidate) => candidate.status === 'available');
    if (!slot) throw new Error('no free slot left');
    return (await booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId })).booking;
  }

  it('links an unlinked booking (true) and stamps updatedAt with the clock', async () => {
    const created = await aBooking();
    const appointmentId = randomUUID();
    world.clock.advance(1000);

    expect(await link(created.id, appointmentId)).toBe(true);

    const linked = await booking.bookings.get({ actor: admin, bookingId: created.id });
    expect(linked).toMatchObject({ appointmentId, updatedAt: world.clock.now().toISOString() });
  });

  it('answers false and changes nothing for the same id again or another id (appointments keeps one per booking)', async () => {
    const created = await aBooking();
    const appointmentId = randomUUID();
    await link(created.id, appointmentId);
    world.clock.advance(1000);
    const before = await tableCounts(booking.dataSource);

    expect(await link(created.id, appointmentId)).toBe(false);
    expect(await link(created.id, randomUUID())).toBe(false);

    expect(await tableCounts(booking.dataSource)).toEqual(before);
    expect((await booking.bookings.get({ actor: admin, bookingId: created.id })).appointmentId).toBe(appointmentId);
  });

  it('refuses a booking it does not know as poison, writing nothing', async () => {
    const before = await tableCounts(booking.dataSource);

    await expect(link(randomUUID(), randomUUID())).rejects.toBeInstanceOf(PoisonMessageError);

    expect(await tableCounts(booking.dataSource)).toEqual(before);
  });
});
