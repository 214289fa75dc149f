import { Actor, BookingResource, SlotResource } from '@app/contracts';
import { BookingProcess, BookingTestWorld, aBarberWithHours, aService, admin, anActor, outboxEvents } from './support/booking-test-app';
import { deliver, paymentRefunded, paymentSucceeded } from './support/payment-messages';

// Monday 2027-03-22, 07:00 in London (GMT). Today's 09:00 slot starts in 2 h, tomorrow's in 26 h.
const NOW = '2027-03-22T07:00:00Z';
const WINDOW_HOURS = 24;

describe('cancelling a confirmed booking (DESIGN §6.5; real PostgreSQL and Redis)', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;
  let barberId: string;
  let serviceId: string;

  beforeAll(async () => {
    world = await BookingTestWorld.create('cancel_confirmed', NOW);
    booking = await world.start({ cancellationWindowHours: WINDOW_HOURS, holdExpiryIntervalSeconds: 3600 });
    barberId = (await aBarberWithHours(booking)).id;
    serviceId = (await aService(booking, { durationMinutes: 60 })).id;
  });

  afterAll(async () => {
    await world?.close();
  });

  /** A booking of two slots starting at `startsAt`, paid through booking-inbox. */
  const aConfirmedBooking = async (customer: Actor, startsAt: string): Promise<{ created: BookingResource; paymentId: string }> => {
    const day = await booking.slots.list({ barberId, date: startsAt.slice(0, 10) });
    const slot = day.find((candidate) => candidate.startsAt === startsAt);
    if (!slot) throw new Error(`no slot at ${startsAt}`);
    const { booking: created } = await booking.bookings.create({ actor: customer, slotId: slot.id, serviceId });
    const paid = paymentSucceeded(created);
    await deliver(booking, [paid]);
    expect(await booking.bookings.get({ actor: admin, bookingId: created.id })).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    return { created, paymentId: paid.payload.paymentId };
  };

  const cancelledEventOf = async (bookingId: string) =>
    (await outboxEvents(booking.dataSource, 'booking.cancelled')).filter((event) => event.bookingId === bookingId);

  const expectSlotsReleased = async (created: BookingResource) => {
    const day = await booking.slots.list({ barberId, date: created.startsAt.slice(0, 10) });
    const mine = day.filter((slot) => created.slotIds.includes(slot.id));
    expect(mine.map((slot) => slot.status)).toEqual(['available', 'available']);
    const [{ n }] = await booking.dataSource.query('SELECT count(*)::int AS n FROM booking_slots WHERE booking_id = $1 AND active', [
      created.id,
    ]);
    expect(n).toBe(0);
    const released = (await outboxEvents<{ slots: SlotResource[] }>(booking.dataSource, 'slot.changed')).filter(
      (event) => event.slots.length === 2 && event.slots.every((slot) => created.slotIds.includes(slot.id) && slot.status === 'available'),
    );
    expect(released).toHaveLength(1);
  };

  it('refunds a customer in full who cancels at least the window ahead: refund pending, slots free', async () => {
    const customer = anActor('customer');
    const { created } = await aConfirmedBooking(customer, '2027-03-23T09:00:00.000Z');

    const cancelled = await booking.bookings.cancel({ actor: customer, bookingId: created.id, reason: 'moving house' });

    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'refund_pending', cancellationReason: 'moving house' });
    expect(await cancelledEventOf(created.id)).toEqual([
      expect.objectContaining({
        status: 'cancelled',
        paymentStatus: 'refund_pending',
        cancelledBy: 'customer',
        refund: 'full',
        wasPaid: true,
        reason: 'moving house',
        slotIds: created.slotIds,
      }),
    ]);
    await expectSlotsReleased(created);
  });

  it('keeps the money when the customer cancels inside the window: refund none, still paid, slots free', async () => {
    const customer = anActor('customer');
    const { created } = await aConfirmedBooking(customer, '2027-03-22T09:00:00.000Z');

    const cancelled = await booking.bookings.cancel({ actor: customer, bookingId: created.id });

    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'paid', cancellationReason: null });
    expect(await cancelledEventOf(created.id)).toEqual([
      expect.objectContaining({ cancelledBy: 'customer', refund: 'none', wasPaid: true, paymentStatus: 'paid', reason: null }),
    ]);
    await expectSlotsReleased(created);
  });

  it.each([
    ['its barber', 'barber'],
    ['an admin', 'admin'],
  ] as const)('refunds in full when %s cancels, however late', async (_who, role) => {
    const { created } = await aConfirmedBooking(anActor('customer'), role === 'barber' ? '2027-03-22T11:00:00.000Z' : '2027-03-22T13:00:00.000Z');
    const actor = role === 'barber' ? anActor('barber', { barberId }) : admin;

    const cancelled = await booking.bookings.cancel({ actor, bookingId: created.id, reason: 'barber ill' });

    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'refund_pending' });
    expect(await cancelledEventOf(created.id)).toEqual([expect.objectContaining({ cancelledBy: role, refund: 'full', wasPaid: true })]);
    await expectSlotsReleased(created);
  });

  it('lets someone else book the freed time, records the refund, and ignores the payment arriving again', async () => {
    const customer = anActor('customer');
    const { created, paymentId } = await aConfirmedBooking(customer, '2027-03-24T09:00:00.000Z');
    await booking.bookings.cancel({ actor: customer, bookingId: created.id });

    const { booking: next } = await booking.bookings.create({ actor: anActor('customer'), slotId: created.slotIds[0], serviceId });
    expect(next.slotIds).toEqual(created.slotIds);

    await deliver(booking, [paymentRefunded(created, paymentId), paymentSucceeded(created, { paymentId })]);
    expect(await booking.bookings.get({ actor: admin, bookingId: created.id })).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' });
    expect(await booking.bookings.get({ actor: admin, bookingId: next.id })).toMatchObject({ status: 'pending_payment' });
    expect(await cancelledEventOf(created.id)).toHaveLength(1);
  });

  it('refuses to cancel it twice (BOOKING_NOT_CANCELLABLE) and emits nothing more', async () => {
    const customer = anActor('customer');
    const { created } = await aConfirmedBooking(customer, '2027-03-25T09:00:00.000Z');
    await booking.bookings.cancel({ actor: customer, bookingId: created.id });
    await expect(booking.bookings.cancel({ actor: admin, bookingId: created.id })).rejects.toMatchObject({ code: 'BOOKING_NOT_CANCELLABLE' });
    expect(await cancelledEventOf(created.id)).toHaveLength(1);
  });

  it('still cancels a pending booking without a refund (payments expires its Checkout Session)', async () => {
    const customer = anActor('customer');
    const [slot] = await booking.slots.list({ barberId, date: '2027-03-26' });
    const { booking: created } = await booking.bookings.create({ actor: customer, slotId: slot.id, serviceId });
    const cancelled = await booking.bookings.cancel({ actor: customer, bookingId: created.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'unpaid' });
    expect(await cancelledEventOf(created.id)).toEqual([expect.objectContaining({ refund: 'none', wasPaid: false, cancelledBy: 'customer' })]);
  });
});
