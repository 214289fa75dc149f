import { Actor, BookingResource, PayloadOf, RescheduleBookingRequest, SlotResource } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { ShopCalendar } from '../../../../../../test/support/calendar';
import { codeOf } from '../../../../../../test/support/domain-errors';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  aService,
  admin,
  anActor,
  outboxEvents,
  tableCounts,
} from '../../../../test/support/booking-test-app';
import { deliver, paymentSucceeded } from '../../../../test/support/payment-messages';
import { RescheduleBookingUseCase } from './reschedule-booking.use-case';

const calendar = new ShopCalendar('Europe/London');
// TODAY is the clock's day (07:00 there); the other days are more than the 24-hour window ahead.
const [TODAY, DAY, LATER] = calendar.weekdays(3, { daysAhead: 3 });
const NOW = calendar.at(TODAY, '07:00');

/**
 * RescheduleBookingUseCase against real PostgreSQL (DESIGN §6.7): which moves it makes and what
 * they write, and each refusal with its code, changing nothing. The whole system's view (the
 * appointment and live feeds following, races) is in test/e2e/reschedule.e2e-spec.ts.
 */
describe('RescheduleBookingUseCase', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;
  let barberId: string;
  let otherBarberId: string;
  let serviceId: string;
  let longServiceId: string;

  beforeAll(async () => {
    world = await BookingTestWorld.create('reschedule_booking_use_case', NOW);
    booking = await world.start({ holdExpiryIntervalSeconds: 3600 });
    barberId = (await aBarberWithHours(booking)).id;
    otherBarberId = (await aBarberWithHours(booking)).id;
    serviceId = (await aService(booking)).id;
    longServiceId = (await aService(booking, { durationMinutes: 60 })).id;
  });

  afterEach(() => {
    world.clock.set(NOW);
  });

  afterAll(async () => {
    await world?.close();
  });

  const move = (request: Omit<RescheduleBookingRequest, 'actor'> & { actor?: Actor }) =>
    booking.get(RescheduleBookingUseCase).execute({ actor: admin, ...request });

  async function slotAt(date: string, time: string, ofBarber = barberId): Promise<SlotResource> {
    const startsAt = calendar.at(date, time);
    const slot = (await booking.slots.list({ barberId: ofBarber, date })).find((candidate) => candidate.startsAt === startsAt);
    if (!slot) throw new Error(`no slot at ${date} ${time}`);
    return slot;
  }

  async function aBookingAt(date: string, time: string, { customer = anActor('customer'), service = serviceId } = {}): Promise<BookingResource> {
    const slot = await slotAt(date, time);
    return (await booking.bookings.create({ actor: customer, slotId: slot.id, serviceId: service })).booking;
  }

  const statusesOf = async (date: string, slotIds: string[]) =>
    (await booking.slots.list({ barberId, date })).filter((slot) => slotIds.includes(slot.id)).map((slot) => slot.status);
  const rescheduledEvents = async (bookingId: string) =>
    (await outboxEvents<PayloadOf<'booking.rescheduled'>>(booking.dataSource, 'booking.rescheduled')).filter((event) => event.bookingId === bookingId);

  it('moves a pending booking: the new slot held, the old one free, its hold end kept, booking.rescheduled and slot.changed written', async () => {
    const created = await aBookingAt(DAY, '09:00');
    const target = await slotAt(DAY, '11:00');

    const moved = await move({ bookingId: created.id, slotId: target.id });

    expect(moved).toMatchObject({ status: 'pending_payment', slotIds: [target.id], holdExpiresAt: new Date(created.holdExpiresAt) });
    expect(moved.startsAt.toISOString()).toBe(target.startsAt);
    expect(await statusesOf(DAY, [created.slotIds[0], target.id])).toEqual(['available', 'held']);
    expect(await rescheduledEvents(created.id)).toEqual([
      expect.objectContaining({ oldSlotIds: created.slotIds, newSlotIds: [target.id], previousStartsAt: created.startsAt, startsAt: target.startsAt }),
    ]);
    const slotChanges = await outboxEvents<PayloadOf<'slot.changed'>>(booking.dataSource, 'slot.changed');
    expect(slotChanges.at(-1)?.slots.map((slot) => [slot.id, slot.status])).toEqual(
      expect.arrayContaining([
        [created.slotIds[0], 'available'],
        [target.id, 'held'],
      ]),
    );
  });

  it('moves a confirmed booking onto a booked slot, its payment unchanged', async () => {
    const created = await aBookingAt(DAY, '09:30');
    await deliver(booking, [paymentSucceeded(created)]);
    const target = await slotAt(LATER, '14:00');

    expect(await move({ bookingId: created.id, slotId: target.id })).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', slotIds: [target.id] });

    expect(await statusesOf(LATER, [target.id])).toEqual(['booked']);
    expect(await statusesOf(DAY, created.slotIds)).toEqual(['available']);
  });

  it('moves a 60-minute booking by half an hour onto its own second slot (its own slots count as free)', async () => {
    const created = await aBookingAt(DAY, '12:00', { service: longServiceId });
    const [first, second] = created.slotIds;
    const third = await slotAt(DAY, '13:00');

    const moved = await move({ bookingId: created.id, slotId: second });

    expect(moved.slotIds).toEqual([second, third.id]);
    expect(await statusesOf(DAY, [first, second, third.id])).toEqual(['available', 'held', 'held']);
  });

  it('answers a move to the slots it already has with the booking as it is, writing nothing', async () => {
    const created = await aBookingAt(DAY, '10:00');
    const before = await tableCounts(booking.dataSource);

    expect(await move({ bookingId: created.id, slotId: created.slotIds[0] })).toMatchObject({ id: created.id, slotIds: created.slotIds });

    expect(await tableCounts(booking.dataSource)).toEqual(before);
  });

  it('answers a repeated Idempotency-Key with the booking moved once, and refuses the key for another slot (IDEMPOTENCY_KEY_REUSED)', async () => {
    const created = await aBookingAt(DAY, '14:00');
    const target = await slotAt(DAY, '15:00');
    const key = randomUUID();

    await move({ bookingId: created.id, slotId: target.id, idempotencyKey: key });
    expect(await move({ bookingId: created.id, slotId: target.id, idempotencyKey: key })).toMatchObject({ slotIds: [target.id] });
    expect(await rescheduledEvents(created.id)).toHaveLength(1);

    const other = await slotAt(DAY, '16:00');
    expect(await codeOf(move({ bookingId: created.id, slotId: other.id, idempotencyKey: key }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await statusesOf(DAY, [target.id, other.id])).toEqual(['held', 'available']);
  });

  it('refuses each impossible move with its code and changes nothing', async () => {
    const customer = anActor('customer');
    const created = await aBookingAt(LATER, '09:00', { customer });
    const taken = await aBookingAt(LATER, '10:00');
    // Paid, so that its hold lapsing when the clock moves on below is not what refuses it.
    const soon = await aBookingAt(TODAY, '15:00', { customer });
    await deliver(booking, [paymentSucceeded(soon)]);
    const cancelled = await aBookingAt(LATER, '11:00', { customer });
    await booking.bookings.cancel({ actor: customer, bookingId: cancelled.id });
    const longOne = await aBookingAt(LATER, '12:00', { service: longServiceId });
    const before = await tableCounts(booking.dataSource);

    const refusals = {
      unknown: await codeOf(move({ bookingId: randomUUID(), slotId: (await slotAt(LATER, '13:00')).id })),
      notYours: await codeOf(move({ actor: anActor('customer'), bookingId: created.id, slotId: (await slotAt(LATER, '13:00')).id })),
      unknownSlot: await codeOf(move({ bookingId: created.id, slotId: randomUUID() })),
      anotherBarbersSlot: await codeOf(move({ bookingId: created.id, slotId: (await slotAt(LATER, '13:00', otherBarberId)).id })),
      takenSlot: await codeOf(move({ bookingId: created.id, slotId: taken.slotIds[0] })),
      lastSlotForAnHour: await codeOf(move({ bookingId: longOne.id, slotId: (await slotAt(LATER, '16:30')).id })),
      cancelledBooking: await codeOf(move({ actor: customer, bookingId: cancelled.id, slotId: (await slotAt(LATER, '13:00')).id })),
      customerInsideWindow: await codeOf(move({ actor: customer, bookingId: soon.id, slotId: (await slotAt(LATER, '13:00')).id })),
    };
    world.clock.set(calendar.at(TODAY, '09:30'));
    const tooSoon = await codeOf(move({ bookingId: soon.id, slotId: (await slotAt(TODAY, '10:00')).id }));
    const past = await codeOf(move({ bookingId: soon.id, slotId: (await slotAt(TODAY, '09:00')).id }));

    expect({ ...refusals, tooSoon, past }).toEqual({
      unknown: 'BOOKING_NOT_FOUND',
      notYours: 'FORBIDDEN',
      unknownSlot: 'SLOT_NOT_FOUND',
      anotherBarbersSlot: 'SLOT_UNAVAILABLE',
      takenSlot: 'SLOT_UNAVAILABLE',
      lastSlotForAnHour: 'SERVICE_DOES_NOT_FIT',
      cancelledBooking: 'BOOKING_NOT_RESCHEDULABLE',
      customerInsideWindow: 'BOOKING_NOT_RESCHEDULABLE',
      tooSoon: 'SLOT_TOO_SOON',
      past: 'SLOT_IN_PAST',
    });
    expect(await tableCounts(booking.dataSource)).toEqual(before);
  });
});
