import { BookingResource, appointmentIdOf } from '@app/contracts';
import { PoisonMessageError } from '@app/messaging';
import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import { Shop, aBookingOnFirstFreeSlot, aShop, admin, tableCounts } from '../../../../test/support/booking-test-app';
import { LinkAppointmentUseCase } from './link-appointment.use-case';

const calendar = new ShopCalendar('Europe/London');
const DAY = calendar.weekday(3);

/**
 * LinkAppointmentUseCase on its own, in a transaction as the appointment.created handler runs it
 * (real PostgreSQL), for bookings made before appointment ids were derived (a new booking records
 * its appointment's id when it is made): the first appointment id is kept, anything after it
 * changes nothing, an unknown booking is poison. Delivery through booking-inbox is in
 * apps/booking/test/appointment-link.int-spec.ts.
 */
describe('LinkAppointmentUseCase', () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await aShop('link_appointment_use_case', calendar.at(DAY, '07:00'));
  });

  afterAll(async () => {
    await shop?.world.close();
  });

  const link = (bookingId: string, appointmentId: string) =>
    shop.booking.dataSource.transaction((manager) =>
      shop.booking.get(LinkAppointmentUseCase).execute(manager, { bookingId, appointmentId, barberId: shop.barberId }),
    );
  const aBooking = async (): Promise<BookingResource> => {
    const made = await aBookingOnFirstFreeSlot(shop, DAY);
    await shop.booking.madeBeforeDerivedIds(made.id);
    return made;
  };
  const read = (bookingId: string) => shop.booking.bookings.get({ actor: admin, bookingId });

  it('links an unlinked booking (true) and stamps updatedAt with the clock', async () => {
    const created = await aBooking();
    const appointmentId = randomUUID();
    shop.world.clock.advance(1000);

    expect(await link(created.id, appointmentId)).toBe(true);

    const linked = await read(created.id);
    expect(linked).toMatchObject({ appointmentId, updatedAt: shop.world.clock.now().toISOString() });
  });

  it('answers false and changes nothing for the same id again or another id (appointments keeps one per booking)', async () => {
    const created = await aBooking();
    const appointmentId = randomUUID();
    await link(created.id, appointmentId);
    shop.world.clock.advance(1000);
    const before = await tableCounts(shop.booking.dataSource);

    expect(await link(created.id, appointmentId)).toBe(false);
    expect(await link(created.id, randomUUID())).toBe(false);

    expect(await tableCounts(shop.booking.dataSource)).toEqual(before);
    expect((await read(created.id)).appointmentId).toBe(appointmentId);
  });

  it('changes nothing for a booking that knows its appointment from the start (derived id)', async () => {
    const created = await aBookingOnFirstFreeSlot(shop, DAY);
    expect(created.appointmentId).toBe(appointmentIdOf(created.id));

    expect(await link(created.id, created.appointmentId!)).toBe(false);

    expect(await read(created.id)).toMatchObject({ appointmentId: created.appointmentId, updatedAt: created.updatedAt });
  });

  it('refuses a booking it does not know as poison, writing nothing', async () => {
    const before = await tableCounts(shop.booking.dataSource);

    await expect(link(randomUUID(), randomUUID())).rejects.toBeInstanceOf(PoisonMessageError);

    expect(await tableCounts(shop.booking.dataSource)).toEqual(before);
  });
});
