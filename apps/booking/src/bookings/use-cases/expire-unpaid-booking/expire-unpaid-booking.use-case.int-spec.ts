import { BookingResource, PayloadOf } from '@app/contracts';
import { PoisonMessageError } from '@app/messaging';
import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import { Shop, aBookingOnFirstFreeSlot, aShop, admin, outboxEvents, tableCounts } from '../../../../test/support/booking-test-app';
import { deliver, paymentSucceeded } from '../../../../test/support/payment-messages';
import { ExpireUnpaidBookingCommand, ExpireUnpaidBookingUseCase } from './expire-unpaid-booking.use-case';

const calendar = new ShopCalendar('Europe/London');
const DAY = calendar.weekday(3);

/**
 * ExpireUnpaidBookingUseCase on its own, in a transaction as the payment.failed and
 * payment.expired handlers run it (real PostgreSQL): only a booking still waiting for its payment
 * expires; what it writes; what it refuses. Delivery through booking-inbox is in
 * apps/booking/test/payment-events.int-spec.ts.
 */
describe('ExpireUnpaidBookingUseCase', () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await aShop('expire_unpaid_booking_use_case', calendar.at(DAY, '07:00'));
  });

  afterAll(async () => {
    await shop?.world.close();
  });

  const expireUnpaid = (command: ExpireUnpaidBookingCommand) =>
    shop.booking.dataSource.transaction((manager) => shop.booking.get(ExpireUnpaidBookingUseCase).execute(manager, command));

  const read = (bookingId: string) => shop.booking.bookings.get({ actor: admin, bookingId });

  const aPendingBooking = (): Promise<BookingResource> => aBookingOnFirstFreeSlot(shop, DAY);

  const eventsAbout = async <T extends 'booking.expired' | 'slot.changed'>(type: T, predicate: (payload: PayloadOf<T>) => boolean) =>
    (await outboxEvents<PayloadOf<T>>(shop.booking.dataSource, type)).filter(predicate);

  it.each(['payment_failed', 'checkout_expired'] as const)('expires a pending booking (%s): slots free again, booking.expired and slot.changed written', async (reason) => {
    const created = await aPendingBooking();

    expect(await expireUnpaid({ bookingId: created.id, reason })).toBe(true);

    expect(await read(created.id)).toMatchObject({ status: 'expired', paymentStatus: 'unpaid' });
    const slots = await shop.booking.slots.list({ barberId: shop.barberId, date: DAY });
    expect(slots.filter((slot) => created.slotIds.includes(slot.id)).map((slot) => slot.status)).toEqual(['available']);
    expect(await eventsAbout('booking.expired', (event) => event.bookingId === created.id)).toEqual([
      expect.objectContaining({ bookingId: created.id, status: 'expired', reason, slotIds: created.slotIds }),
    ]);
    expect(await eventsAbout('slot.changed', (event) => event.slots.some((slot) => created.slotIds.includes(slot.id)))).toContainEqual({
      barberId: shop.barberId,
      slots: [expect.objectContaining({ id: created.slotIds[0], status: 'available' })],
    });
  });

  it('answers false and writes nothing when the booking already expired (a repeat)', async () => {
    const created = await aPendingBooking();
    await expireUnpaid({ bookingId: created.id, reason: 'checkout_expired' });
    const before = await tableCounts(shop.booking.dataSource);

    expect(await expireUnpaid({ bookingId: created.id, reason: 'payment_failed' })).toBe(false);

    expect(await tableCounts(shop.booking.dataSource)).toEqual(before);
  });

  it('leaves a booking the payment confirmed as it is (a failure or expiry that arrives after the payment)', async () => {
    const created = await aPendingBooking();
    await deliver(shop.booking, [paymentSucceeded(created)]);
    const before = await tableCounts(shop.booking.dataSource);

    expect(await expireUnpaid({ bookingId: created.id, reason: 'checkout_expired' })).toBe(false);

    expect(await tableCounts(shop.booking.dataSource)).toEqual(before);
    expect(await read(created.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
  });

  it('refuses a booking it does not know as poison, writing nothing', async () => {
    const before = await tableCounts(shop.booking.dataSource);

    await expect(expireUnpaid({ bookingId: randomUUID(), reason: 'payment_failed' })).rejects.toBeInstanceOf(PoisonMessageError);

    expect(await tableCounts(shop.booking.dataSource)).toEqual(before);
  });
});
