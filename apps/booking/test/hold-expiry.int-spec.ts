import { SlotResource } from '@app/contracts';
import { ExpireLapsedHoldsUseCase } from '../src/bookings/use-cases/expire-lapsed-holds/expire-lapsed-holds.use-case';
import { eventually } from '../../../test/support/test-infra';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  aService,
  anActor,
  outboxEvents,
} from './support/booking-test-app';

const HOLD_MINUTES = 30;
const GRACE_SECONDS = 60;

describe('expiry of lapsed holds with two booking processes (real PostgreSQL and Redis)', () => {
  let world: BookingTestWorld;
  let first: BookingProcess;
  let second: BookingProcess;

  beforeAll(async () => {
    world = await BookingTestWorld.create('hold_expiry', '2027-03-22T07:00:00Z');
    // Both sweep on their own every second, as two replicas would.
    const config = { holdMinutes: HOLD_MINUTES, holdGraceSeconds: GRACE_SECONDS, holdExpiryIntervalSeconds: 1 };
    first = await world.start(config);
    second = await world.start(config);
  });

  afterAll(async () => {
    await world?.close();
  });

  const statusOf = async (bookingId: string): Promise<string> => {
    const [row]: Array<{ status: string }> = await first.dataSource.query('SELECT status FROM bookings WHERE id = $1', [bookingId]);
    return row.status;
  };

  const expiredEventsFor = async (bookingIds: string[]) =>
    (await outboxEvents<{ bookingId: string; reason: string; status: string }>(first.dataSource, 'booking.expired')).filter((event) =>
      bookingIds.includes(event.bookingId),
    );

  it('expires a hold only after holdExpiresAt plus the grace, releases its slots and emits booking.expired once', async () => {
    world.clock.set('2027-03-22T07:00:00Z');
    const barber = await aBarberWithHours(first);
    const service = await aService(first, { durationMinutes: 60 });
    const [slotA, slotB] = await first.slots.list({ barberId: barber.id, date: '2027-03-23' });
    const { booking } = await first.bookings.create({ actor: anActor('customer'), slotId: slotA.id, serviceId: service.id });
    expect(booking.holdExpiresAt).toBe('2027-03-22T07:30:00.000Z');

    world.clock.set('2027-03-22T07:30:59.000Z'); // past the hold, inside the grace
    expect(await first.get(ExpireLapsedHoldsUseCase).execute()).toBe(0);
    expect(await statusOf(booking.id)).toBe('pending_payment');

    const releasesOfA = async () =>
      (await outboxEvents<{ slots: SlotResource[] }>(first.dataSource, 'slot.changed')).filter((event) =>
        event.slots.some((slot) => slot.id === slotA.id && slot.status === 'available'),
      ).length;
    const announcedBefore = await releasesOfA(); // its creation, by the template

    world.clock.set('2027-03-22T07:31:01.000Z');
    // No call here: the processes' own interval sweeps find it.
    await eventually('the lapsed booking to be expired by a sweep', async () => (await statusOf(booking.id)) === 'expired');

    const slots = await first.slots.list({ barberId: barber.id, date: '2027-03-23' });
    expect(slots.slice(0, 2)).toEqual([
      { ...slotA, status: 'available' },
      { ...slotB, status: 'available' },
    ]);
    const events = await expiredEventsFor([booking.id]);
    expect(events).toEqual([expect.objectContaining({ bookingId: booking.id, reason: 'hold_lapsed', status: 'expired', slotIds: [slotA.id, slotB.id] })]);
    expect(await releasesOfA()).toBe(announcedBefore + 1);
    const got = await first.bookings.get({ actor: anActor('admin'), bookingId: booking.id });
    expect(got).toMatchObject({ status: 'expired', paymentStatus: 'unpaid', updatedAt: '2027-03-22T07:31:01.000Z' });

    // A customer can take the slots again.
    const again = await second.bookings.create({ actor: anActor('customer'), slotId: slotA.id, serviceId: service.id });
    expect(again.booking.slotIds).toEqual([slotA.id, slotB.id]);
  });

  it('expires each of 250 lapsed bookings exactly once while both processes sweep at the same time', async () => {
    world.clock.set('2027-03-22T08:00:00Z');
    const service = await aService(first, { durationMinutes: 10 });
    const barbers = await Promise.all([1, 2, 3].map(() => aBarberWithHours(first, { slotMinutes: 10 })));
    const slots: SlotResource[] = [];
    for (const barber of barbers) {
      for (const date of ['2027-03-23', '2027-03-24']) slots.push(...(await first.slots.list({ barberId: barber.id, date })));
    }
    const bookingIds: string[] = [];
    const toBook = slots.slice(0, 250);
    for (let start = 0; start < toBook.length; start += 25) {
      const created = await Promise.all(
        toBook
          .slice(start, start + 25)
          .map((slot) => first.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId: service.id })),
      );
      bookingIds.push(...created.map((outcome) => outcome.booking.id));
    }
    expect(bookingIds).toHaveLength(250);

    const [{ n: pending }] = await first.dataSource.query(`SELECT count(*)::int AS n FROM bookings WHERE status = 'pending_payment'`);
    world.clock.advance((HOLD_MINUTES * 60 + GRACE_SECONDS + 1) * 1000);
    const counts = await Promise.all([
      first.get(ExpireLapsedHoldsUseCase).execute(),
      second.get(ExpireLapsedHoldsUseCase).execute(),
      first.get(ExpireLapsedHoldsUseCase).execute(),
      second.get(ExpireLapsedHoldsUseCase).execute(),
    ]);
    // The interval sweeps run alongside: what they expired is not in these counts, and nothing is counted twice.
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(pending);

    const [{ n: stillPending }] = await first.dataSource.query(
      `SELECT count(*)::int AS n FROM bookings WHERE id = ANY($1::uuid[]) AND status <> 'expired'`,
      [bookingIds],
    );
    expect(stillPending).toBe(0);
    const events = await expiredEventsFor(bookingIds);
    expect(events).toHaveLength(250);
    expect(new Set(events.map((event) => event.bookingId)).size).toBe(250);
    const [{ n: stillHeld }] = await first.dataSource.query(
      `SELECT count(*)::int AS n FROM slots WHERE barber_id = ANY($1::uuid[]) AND status <> 'available'`,
      [barbers.map((barber) => barber.id)],
    );
    expect(stillHeld).toBe(0);
    const [{ n: activeLinks }] = await first.dataSource.query(
      `SELECT count(*)::int AS n FROM booking_slots WHERE booking_id = ANY($1::uuid[]) AND active`,
      [bookingIds],
    );
    expect(activeLinks).toBe(0);
  });

  it('leaves a booking that stopped being pending alone, however late the sweep', async () => {
    world.clock.set('2027-03-22T12:00:00Z');
    const barber = await aBarberWithHours(first);
    const service = await aService(first);
    const [slot] = await first.slots.list({ barberId: barber.id, date: '2027-03-25' });
    const customer = anActor('customer');
    const { booking } = await first.bookings.create({ actor: customer, slotId: slot.id, serviceId: service.id });
    await first.bookings.cancel({ actor: customer, bookingId: booking.id });

    world.clock.advance(24 * 3600 * 1000);
    await Promise.all([first.get(ExpireLapsedHoldsUseCase).execute(), second.get(ExpireLapsedHoldsUseCase).execute()]);

    expect(await statusOf(booking.id)).toBe('cancelled');
    expect(await expiredEventsFor([booking.id])).toEqual([]);
  });
});
