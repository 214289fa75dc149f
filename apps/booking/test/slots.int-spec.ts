import { SlotResource } from '@app/contracts';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { ExtendSlotHorizonUseCase } from '../src/slots/use-cases/extend-slot-horizon/extend-slot-horizon.use-case';
import {
  BookingProcess,
  BookingTestWorld,
  MONDAY_TO_FRIDAY_9_TO_5,
  aBarber,
  aBarberWithHours,
  aService,
  admin,
  anActor,
  outboxEvents,
  tableCounts,
} from './support/booking-test-app';
import { codeOf } from '../../../test/support/domain-errors';

const times = (slots: SlotResource[]) => slots.map((slot) => `${slot.startsAt.slice(11, 16)} ${slot.status}`);

describe('barbers, availability, time off and slots (real PostgreSQL and Redis)', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;

  beforeAll(async () => {
    world = await BookingTestWorld.create('slots', '2027-03-22T07:00:00Z');
    booking = await world.start();
  });

  afterAll(async () => {
    await world?.close();
  });

  beforeEach(() => world.clock.set('2027-03-22T07:00:00Z'));

  const slotsOn = (barberId: string, date: string): Promise<SlotResource[]> => booking.slots.list({ barberId, date });

  describe('slot generation in the barber’s time zone', () => {
    it('puts the first Europe/London slot at 09:00 local on both sides of the March clock change', async () => {
      world.clock.set('2027-03-20T12:00:00Z');
      const barber = await aBarberWithHours(booking);

      const friday = await slotsOn(barber.id, '2027-03-26');
      const monday = await slotsOn(barber.id, '2027-03-29');

      expect(friday[0].startsAt).toBe('2027-03-26T09:00:00.000Z');
      expect(monday[0].startsAt).toBe('2027-03-29T08:00:00.000Z');
      expect(friday).toHaveLength(16);
      expect(monday).toHaveLength(16);
      expect(monday[15].endsAt).toBe('2027-03-29T16:00:00.000Z');
    });

    it('puts the first Europe/London slot at 09:00 local on both sides of the October clock change', async () => {
      world.clock.set('2026-10-20T12:00:00Z');
      const barber = await aBarberWithHours(booking);

      expect((await slotsOn(barber.id, '2026-10-23'))[0].startsAt).toBe('2026-10-23T08:00:00.000Z');
      expect((await slotsOn(barber.id, '2026-10-26'))[0].startsAt).toBe('2026-10-26T09:00:00.000Z');
    });

    it('gives a weekday without hours no slots', async () => {
      const barber = await aBarberWithHours(booking, { weekly: [{ weekday: 1, start: '09:00', end: '12:00' }] });
      expect(await slotsOn(barber.id, '2027-03-23')).toEqual([]); // Tuesday
      expect(await slotsOn(barber.id, '2027-03-27')).toEqual([]); // Saturday
      expect(await slotsOn(barber.id, '2027-03-29')).toHaveLength(6); // Monday
    });

    it('lists the slots of a local date, which for Pacific/Auckland starts the UTC day before', async () => {
      const barber = await aBarberWithHours(booking, { timeZone: 'Pacific/Auckland', slotMinutes: 60 });
      const tuesday = await slotsOn(barber.id, '2027-03-23');
      expect(tuesday.map((slot) => slot.startsAt)).toEqual(
        Array.from({ length: 8 }, (_, hour) => new Date(Date.UTC(2027, 2, 22, 20 + hour)).toISOString()),
      );
      expect(tuesday.every((slot) => slot.barberId === barber.id && slot.status === 'available')).toBe(true);
    });

    it('generates only future slots, up to SLOT_HORIZON_DAYS ahead', async () => {
      world.clock.set('2027-03-22T10:10:00Z'); // Monday, 10:10 in London
      const barber = await aBarberWithHours(booking);
      const today = await slotsOn(barber.id, '2027-03-22');
      expect(today[0].startsAt).toBe('2027-03-22T10:30:00.000Z');
      // 28 days ahead is Monday 2027-04-19; the day after is beyond the horizon.
      expect(await slotsOn(barber.id, '2027-04-19')).toHaveLength(16);
      expect(await slotsOn(barber.id, '2027-04-20')).toEqual([]);
    });
  });

  describe('changing the weekly template', () => {
    it('regenerates only free future slots: held and booked slots stay exactly as they were', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const tuesday = await slotsOn(barber.id, '2027-03-23');
      const heldSlot = tuesday[0]; // 09:00
      const bookedSlot = tuesday[2]; // 10:00
      await booking.bookings.create({ actor: anActor('customer'), slotId: heldSlot.id, serviceId: service.id });
      const { booking: paid } = await booking.bookings.create({ actor: anActor('customer'), slotId: bookedSlot.id, serviceId: service.id });
      await booking.dataSource.query(`UPDATE bookings SET status = 'confirmed', payment_status = 'paid' WHERE id = $1`, [paid.id]);
      await booking.dataSource.query(`UPDATE slots SET status = 'booked' WHERE id = $1`, [bookedSlot.id]);

      const change = await booking.slots.setWeeklyAvailability({
        actor: anActor('barber', { barberId: barber.id }),
        barberId: barber.id,
        slotMinutes: 30,
        weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:15', end: '17:15' })),
      });

      expect(change.slotsRemoved).toBeGreaterThan(0);
      expect(change.slotsCreated).toBeGreaterThan(0);
      const after = await slotsOn(barber.id, '2027-03-23');
      expect(after.find((slot) => slot.id === heldSlot.id)).toEqual({ ...heldSlot, status: 'held' });
      expect(after.find((slot) => slot.id === bookedSlot.id)).toEqual({ ...bookedSlot, status: 'booked' });
      // New slots that would overlap them were not created; the rest follow the new grid.
      expect(times(after).slice(0, 4)).toEqual(['09:00 held', '10:00 booked', '10:45 available', '11:15 available']);
      expect(times(after).slice(-1)).toEqual(['16:45 available']);
      const changed = (await outboxEvents<{ barberId: string; slots: SlotResource[] }>(booking.dataSource, 'slot.changed')).filter(
        (event) => event.barberId === barber.id,
      );
      expect(changed.at(-1)?.slots.some((slot) => slot.startsAt === '2027-03-23T10:45:00.000Z' && slot.status === 'available')).toBe(true);
      expect(changed.at(-1)?.slots.some((slot) => slot.id === heldSlot.id || slot.id === bookedSlot.id)).toBe(false);
    });

    it('keeps slot ids when the grid does not change, and reopens no given-up hours when a hold is released', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [nine] = await slotsOn(barber.id, '2027-03-24');
      const customer = anActor('customer');
      const { booking: held } = await booking.bookings.create({ actor: customer, slotId: nine.id, serviceId: service.id });

      const same = await booking.slots.setWeeklyAvailability({ actor: admin, barberId: barber.id, slotMinutes: 30, weekly: MONDAY_TO_FRIDAY_9_TO_5 });
      expect([same.slotsRemoved, same.slotsCreated]).toEqual([0, 0]);

      await booking.slots.setWeeklyAvailability({
        actor: admin,
        barberId: barber.id,
        slotMinutes: 30,
        weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:15', end: '17:15' })),
      });
      expect(times(await slotsOn(barber.id, '2027-03-24')).slice(0, 2)).toEqual(['09:00 held', '09:45 available']);

      await booking.bookings.cancel({ actor: customer, bookingId: held.id });

      // 09:00 is no longer in the barber's hours: it is gone, and the new grid's 09:15 took its place.
      const after = await slotsOn(barber.id, '2027-03-24');
      expect(times(after).slice(0, 2)).toEqual(['09:15 available', '09:45 available']);
      expect(after.some((slot) => slot.id === nine.id)).toBe(false);
    });

    it('lets only an admin or that barber change it, and validates it (INVALID_AVAILABILITY)', async () => {
      const barber = await aBarberWithHours(booking);
      const before = await tableCounts(booking.dataSource);
      const request = { barberId: barber.id, slotMinutes: 30, weekly: MONDAY_TO_FRIDAY_9_TO_5 };

      expect(await codeOf(booking.slots.setWeeklyAvailability({ ...request, actor: anActor('barber', { barberId: randomUUID() }) }))).toBe('FORBIDDEN');
      expect(await codeOf(booking.slots.setWeeklyAvailability({ ...request, actor: anActor('customer') }))).toBe('FORBIDDEN');
      const invalid = booking.slots.setWeeklyAvailability({
        ...request,
        actor: admin,
        weekly: [
          { weekday: 1, start: '09:00', end: '12:00' },
          { weekday: 1, start: '11:00', end: '13:00' },
        ],
      });
      await expect(invalid).rejects.toMatchObject({ code: 'INVALID_AVAILABILITY', errors: [{ field: 'weekly[1]' }] });
      expect(await codeOf(booking.slots.setWeeklyAvailability({ ...request, actor: admin, barberId: randomUUID() }))).toBe('BARBER_NOT_FOUND');
      expect(await tableCounts(booking.dataSource)).toEqual(before);
    });
  });

  describe('time off', () => {
    it('blocks the free slots inside, and a later template change keeps them blocked', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);

      const timeOff = await booking.slots.addBarberTimeOff({
        actor: anActor('barber', { barberId: barber.id }),
        barberId: barber.id,
        startsAt: '2027-03-25T10:00:00Z',
        endsAt: '2027-03-25T11:15:00Z',
        reason: 'dentist',
      });

      expect(timeOff).toEqual({
        id: expect.any(String),
        barberId: barber.id,
        startsAt: '2027-03-25T10:00:00.000Z',
        endsAt: '2027-03-25T11:15:00.000Z',
        reason: 'dentist',
        blockedSlots: 3,
      });
      const thursday = await slotsOn(barber.id, '2027-03-25');
      expect(times(thursday).slice(1, 6)).toEqual(['09:30 available', '10:00 blocked', '10:30 blocked', '11:00 blocked', '11:30 available']);
      expect(await codeOf(booking.bookings.create({ actor: anActor('customer'), slotId: thursday[2].id, serviceId: service.id }))).toBe(
        'SLOT_UNAVAILABLE',
      );

      await booking.slots.setWeeklyAvailability({ actor: admin, barberId: barber.id, slotMinutes: 60, weekly: MONDAY_TO_FRIDAY_9_TO_5 });
      expect(times(await slotsOn(barber.id, '2027-03-25')).slice(0, 4)).toEqual(['09:00 available', '10:00 blocked', '11:00 blocked', '12:00 available']);
    });

    it('refuses time off over a held slot (SLOT_BOOKED) and changes nothing', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [, second] = await slotsOn(barber.id, '2027-03-26');
      await booking.bookings.create({ actor: anActor('customer'), slotId: second.id, serviceId: service.id });
      const before = await tableCounts(booking.dataSource);

      const refused = booking.slots.addBarberTimeOff({
        actor: admin,
        barberId: barber.id,
        startsAt: '2027-03-26T09:00:00Z',
        endsAt: '2027-03-26T12:00:00Z',
      });

      expect(await codeOf(refused)).toBe('SLOT_BOOKED');
      expect(await tableCounts(booking.dataSource)).toEqual(before);
    });

    it('refuses a bad range (INVALID_TIME_RANGE) and other barbers (FORBIDDEN), changing nothing', async () => {
      const barber = await aBarberWithHours(booking);
      const before = await tableCounts(booking.dataSource);
      const request = { actor: admin, barberId: barber.id, startsAt: '2027-03-26T12:00:00Z', endsAt: '2027-03-26T09:00:00Z' };

      expect(await codeOf(booking.slots.addBarberTimeOff(request))).toBe('INVALID_TIME_RANGE');
      expect(await codeOf(booking.slots.addBarberTimeOff({ ...request, endsAt: '2027-07-01T00:00:00Z' }))).toBe('INVALID_TIME_RANGE');
      expect(await codeOf(booking.slots.addBarberTimeOff({ ...request, startsAt: 'tomorrow' }))).toBe('INVALID_TIME_RANGE');
      expect(
        await codeOf(booking.slots.addBarberTimeOff({ ...request, endsAt: '2027-03-26T15:00:00Z', actor: anActor('barber', { barberId: randomUUID() }) })),
      ).toBe('FORBIDDEN');
      expect(await tableCounts(booking.dataSource)).toEqual(before);
    });
  });

  describe('the daily horizon extension', () => {
    it('adds the new day’s slots once, however many replicas run it', async () => {
      const barber = await aBarberWithHours(booking);
      const replica = await world.start();
      expect(await slotsOn(barber.id, '2027-04-20')).toEqual([]);

      world.clock.set('2027-03-23T00:30:00Z');
      const runs = await Promise.all([
        booking.get(ExtendSlotHorizonUseCase).execute(),
        replica.get(ExtendSlotHorizonUseCase).execute(),
        booking.get(ExtendSlotHorizonUseCase).execute(),
      ]);

      expect(runs.some((run) => run.ran)).toBe(true);
      const created = await slotsOn(barber.id, '2027-04-20');
      expect(created).toHaveLength(16);
      const again = await booking.get(ExtendSlotHorizonUseCase).execute();
      expect(again).toMatchObject({ ran: true, slotsCreated: 0 });
      expect(await slotsOn(barber.id, '2027-04-20')).toEqual(created);
    });

    it('skips the run while another replica holds the job lock', async () => {
      const other = new Client({ connectionString: world.databaseUrl });
      await other.connect();
      try {
        await other.query('SELECT pg_advisory_lock(41003, 0)');
        expect(await booking.get(ExtendSlotHorizonUseCase).execute()).toEqual({ ran: false, barbers: 0, slotsCreated: 0 });
      } finally {
        await other.end();
      }
    });
  });

  describe('barbers and services', () => {
    it('creates and lists active barbers by name, and finds one by id', async () => {
      const zed = await aBarber(booking, { name: 'Zed', timeZone: 'america/new_york' });
      expect(zed).toEqual({ id: expect.any(String), name: 'Zed', timeZone: 'America/New_York', description: null, active: true });
      expect(await booking.barbers.get({ barberId: zed.id })).toEqual(zed);
      const names = (await booking.barbers.list({})).map((barber) => barber.name);
      expect(names).toEqual([...names].sort());
      expect(names).toContain('Zed');
      expect(await codeOf(booking.barbers.get({ barberId: randomUUID() }))).toBe('BARBER_NOT_FOUND');
      expect(await codeOf(booking.barbers.get({ barberId: 'nope' }))).toBe('BARBER_NOT_FOUND');
    });

    it('creates and lists services (admin only)', async () => {
      const service = await aService(booking, { name: 'Shave', durationMinutes: 20, priceCents: 0 });
      expect(service).toEqual({ id: expect.any(String), name: 'Shave', durationMinutes: 20, priceCents: 0, currency: 'gbp', active: true });
      expect(await booking.catalog.list({})).toContainEqual(service);
      expect(
        await codeOf(booking.catalog.create({ actor: anActor('barber'), name: 'X', durationMinutes: 30, priceCents: 1, currency: 'gbp' })),
      ).toBe('FORBIDDEN');
    });
  });
});
