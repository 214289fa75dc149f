import { BookingResource, DomainError, SlotResource, appointmentIdOf } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  aService,
  admin,
  anActor,
  outboxEvents,
  tableCounts,
} from './support/booking-test-app';
import { codeOf } from '../../../test/support/domain-errors';

describe('booking.create (real PostgreSQL and Redis)', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;

  beforeAll(async () => {
    // Monday 2027-03-22, 07:00 in London (GMT).
    world = await BookingTestWorld.create('create_booking', '2027-03-22T07:00:00Z');
    booking = await world.start();
  });

  afterAll(async () => {
    await world?.close();
  });

  const slotsOn = (barberId: string, date: string): Promise<SlotResource[]> => booking.slots.list({ barberId, date });

  it('lets exactly one of 200 concurrent requests for one slot win; the rest get SLOT_UNAVAILABLE', async () => {
    const barber = await aBarberWithHours(booking);
    const service = await aService(booking);
    const [slot] = await slotsOn(barber.id, '2027-03-23');

    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, () =>
        booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId: service.id }),
      ),
    );

    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((outcome) => (outcome.reason as DomainError).code)).toEqual(Array(199).fill('SLOT_UNAVAILABLE'));

    const winner = (won[0] as PromiseFulfilledResult<{ booking: BookingResource }>).value.booking;
    const active = await booking.dataSource.query(
      `SELECT id FROM bookings WHERE barber_id = $1 AND status IN ('pending_payment', 'confirmed')`,
      [barber.id],
    );
    expect(active).toEqual([{ id: winner.id }]);
    const [row] = await booking.dataSource.query('SELECT status, booking_id FROM slots WHERE id = $1', [slot.id]);
    expect(row).toEqual({ status: 'held', booking_id: winner.id });
    const created = await outboxEvents(booking.dataSource, 'booking.created');
    expect(created.filter((event) => event.barberId === barber.id)).toHaveLength(1);
  });

  it('creates a pending booking priced from the catalog, holding its slot until now + BOOKING_HOLD_MINUTES', async () => {
    const barber = await aBarberWithHours(booking);
    const service = await aService(booking, { name: 'Beard trim', priceCents: 1800, currency: 'eur' });
    const [slot] = await slotsOn(barber.id, '2027-03-24');
    const customer = anActor('customer', { name: 'Ada Lovelace' });

    const { booking: created, created: isNew } = await booking.bookings.create({ actor: customer, slotId: slot.id, serviceId: service.id });

    expect(isNew).toBe(true);
    expect(created).toEqual({
      id: expect.any(String),
      customerId: customer.userId,
      barberId: barber.id,
      barberName: 'Sam',
      serviceId: service.id,
      serviceName: 'Beard trim',
      timeZone: 'Europe/London',
      slotIds: [slot.id],
      startsAt: '2027-03-24T09:00:00.000Z',
      endsAt: '2027-03-24T09:30:00.000Z',
      priceCents: 1800,
      currency: 'eur',
      status: 'pending_payment',
      paymentStatus: 'unpaid',
      holdExpiresAt: '2027-03-22T07:30:00.000Z',
      // Derived from the booking's id: known from the start, no message from appointments needed.
      appointmentId: appointmentIdOf(created.id),
      cancellationReason: null,
      rescheduledFrom: null,
      checkout: null,
      createdAt: '2027-03-22T07:00:00.000Z',
      updatedAt: '2027-03-22T07:00:00.000Z',
    });
    const [event] = (await outboxEvents(booking.dataSource, 'booking.created')).filter((e) => e.bookingId === created.id);
    expect(event).toMatchObject({ customerName: 'Ada Lovelace', serviceName: 'Beard trim', priceCents: 1800, slotIds: [slot.id] });
    const slotEvents = (await outboxEvents<{ slots: SlotResource[] }>(booking.dataSource, 'slot.changed')).filter(
      (e) => e.slots.some((s) => s.id === slot.id && s.status === 'held'),
    );
    expect(slotEvents).toHaveLength(1);
    expect(await booking.bookings.get({ actor: customer, bookingId: created.id })).toEqual(created);
  });

  describe('a 60-minute service on 30-minute slots', () => {
    it('takes the two consecutive slots', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking, { durationMinutes: 60 });
      const [first, second, third] = await slotsOn(barber.id, '2027-03-23');

      const { booking: created } = await booking.bookings.create({ actor: anActor('customer'), slotId: first.id, serviceId: service.id });

      expect(created.slotIds).toEqual([first.id, second.id]);
      expect(created.startsAt).toBe(first.startsAt);
      expect(created.endsAt).toBe(second.endsAt);
      const statuses = (await slotsOn(barber.id, '2027-03-23')).slice(0, 3).map((slot) => [slot.id, slot.status]);
      expect(statuses).toEqual([
        [first.id, 'held'],
        [second.id, 'held'],
        [third.id, 'available'],
      ]);
    });

    it('takes none when the second slot is taken, and the first stays available', async () => {
      const barber = await aBarberWithHours(booking);
      const short = await aService(booking, { durationMinutes: 30 });
      const long = await aService(booking, { durationMinutes: 60 });
      const [first, second] = await slotsOn(barber.id, '2027-03-23');
      await booking.bookings.create({ actor: anActor('customer'), slotId: second.id, serviceId: short.id });
      const before = await tableCounts(booking.dataSource);

      expect(await codeOf(booking.bookings.create({ actor: anActor('customer'), slotId: first.id, serviceId: long.id }))).toBe(
        'SLOT_UNAVAILABLE',
      );

      expect(await tableCounts(booking.dataSource)).toEqual(before);
      const [firstNow] = await slotsOn(barber.id, '2027-03-23');
      expect(firstNow).toMatchObject({ id: first.id, status: 'available' });
    });

    it('does not fit in the last slot of the day (SERVICE_DOES_NOT_FIT)', async () => {
      const barber = await aBarberWithHours(booking);
      const long = await aService(booking, { durationMinutes: 60 });
      const slots = await slotsOn(barber.id, '2027-03-23');
      const last = slots[slots.length - 1];
      expect(last.startsAt).toBe('2027-03-23T16:30:00.000Z');
      expect(await codeOf(booking.bookings.create({ actor: anActor('customer'), slotId: last.id, serviceId: long.id }))).toBe(
        'SERVICE_DOES_NOT_FIT',
      );
    });
  });

  describe('the database itself refuses a double booking', () => {
    it('refuses an overlapping active booking inserted with raw SQL (exclusion constraint)', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [slot] = await slotsOn(barber.id, '2027-03-25');
      const { booking: existing } = await booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId: service.id });

      const insertOverlapping = (status: string) =>
        booking.dataSource.query(
          `INSERT INTO bookings (id, customer_id, customer_name, customer_email, barber_id, service_id, service_name,
                                 starts_at, ends_at, price_cents, currency, status, payment_status, hold_expires_at,
                                 created_at, updated_at, barber_name, time_zone)
           VALUES ($1, $2, 'Raw', 'raw@example.com', $3, $4, 'Haircut', $5, $6, 100, 'gbp', $7, 'unpaid', now(), now(), now(), 'Raw', 'UTC')`,
          [randomUUID(), randomUUID(), barber.id, service.id, '2027-03-25T09:15:00Z', '2027-03-25T09:45:00Z', status],
        );

      await expect(insertOverlapping('confirmed')).rejects.toMatchObject({ code: '23P01', constraint: 'bookings_no_overlapping_active' });
      // An inactive booking may overlap (history), an active one never.
      await expect(insertOverlapping('cancelled')).resolves.toBeDefined();
      expect(existing.status).toBe('pending_payment');
    });

    it('refuses a second active booking of one slot (unique index over active booking slots)', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [slot] = await slotsOn(barber.id, '2027-03-26');
      await booking.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId: service.id });
      const [{ id: otherBooking }] = await booking.dataSource.query(
        `INSERT INTO bookings (id, customer_id, customer_name, customer_email, barber_id, service_id, service_name,
                               starts_at, ends_at, price_cents, currency, status, payment_status, hold_expires_at,
                               created_at, updated_at, barber_name, time_zone)
         VALUES ($1, $2, 'Raw', 'raw@example.com', $3, $4, 'Haircut', '2027-03-26T12:00:00Z', '2027-03-26T12:30:00Z',
                 100, 'gbp', 'pending_payment', 'unpaid', now(), now(), now(), 'Raw', 'UTC') RETURNING id`,
        [randomUUID(), randomUUID(), barber.id, service.id],
      );
      await expect(
        booking.dataSource.query('INSERT INTO booking_slots (booking_id, slot_id, position, active) VALUES ($1, $2, 1, true)', [
          otherBooking,
          slot.id,
        ]),
      ).rejects.toMatchObject({ code: '23505', constraint: 'booking_slots_one_active_booking_per_slot' });
    });
  });

  describe('Idempotency-Key', () => {
    it('answers the same key twice with the same booking and takes one hold', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [slot] = await slotsOn(barber.id, '2027-03-29');
      const customer = anActor('customer');
      const request = { actor: customer, slotId: slot.id, serviceId: service.id, idempotencyKey: `key-${randomUUID()}` };

      const first = await booking.bookings.create(request);
      const second = await booking.bookings.create(request);

      expect(first.created).toBe(true);
      expect(second).toEqual({ booking: first.booking, created: false, checkoutTerms: first.checkoutTerms });
      const rows = await booking.dataSource.query('SELECT id FROM bookings WHERE customer_id = $1', [customer.userId]);
      expect(rows).toHaveLength(1);
      const held = await booking.dataSource.query(`SELECT id FROM slots WHERE booking_id = $1`, [first.booking.id]);
      expect(held).toEqual([{ id: slot.id }]);
    });

    it('gives concurrent requests with one key one booking between them', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [slot] = await slotsOn(barber.id, '2027-03-30');
      const request = { actor: anActor('customer'), slotId: slot.id, serviceId: service.id, idempotencyKey: 'double-click' };

      const answers = await Promise.all(Array.from({ length: 20 }, () => booking.bookings.create(request)));

      expect(new Set(answers.map((answer) => answer.booking.id)).size).toBe(1);
      expect(answers.filter((answer) => answer.created)).toHaveLength(1);
      const created = (await outboxEvents(booking.dataSource, 'booking.created')).filter((e) => e.bookingId === answers[0].booking.id);
      expect(created).toHaveLength(1);
    });

    it('keeps keys per customer, and refuses a key reused for another slot (IDEMPOTENCY_KEY_REUSED)', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [one, , other] = await slotsOn(barber.id, '2027-03-31');
      const customer = anActor('customer');
      await booking.bookings.create({ actor: customer, slotId: one.id, serviceId: service.id, idempotencyKey: 'k' });

      expect(await codeOf(booking.bookings.create({ actor: customer, slotId: other.id, serviceId: service.id, idempotencyKey: 'k' }))).toBe(
        'IDEMPOTENCY_KEY_REUSED',
      );
      const someoneElse = await booking.bookings.create({ actor: anActor('customer'), slotId: other.id, serviceId: service.id, idempotencyKey: 'k' });
      expect(someoneElse.created).toBe(true);
    });
  });

  describe('cancellation of a pending booking', () => {
    it('cancels, releases the held slots and emits booking.cancelled (no refund) and slot.changed', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking, { durationMinutes: 60 });
      const [first, second] = await slotsOn(barber.id, '2027-04-01');
      const customer = anActor('customer');
      const { booking: created } = await booking.bookings.create({ actor: customer, slotId: first.id, serviceId: service.id });

      const cancelled = await booking.bookings.cancel({ actor: customer, bookingId: created.id, reason: 'cannot make it' });

      expect(cancelled).toMatchObject({ id: created.id, status: 'cancelled', paymentStatus: 'unpaid', cancellationReason: 'cannot make it' });
      const [firstNow, secondNow] = await slotsOn(barber.id, '2027-04-01');
      expect([firstNow, secondNow]).toMatchObject([
        { id: first.id, status: 'available' },
        { id: second.id, status: 'available' },
      ]);
      const active = await booking.dataSource.query('SELECT count(*)::int AS n FROM booking_slots WHERE booking_id = $1 AND active', [created.id]);
      expect(active).toEqual([{ n: 0 }]);
      const [event] = (await outboxEvents(booking.dataSource, 'booking.cancelled')).filter((e) => e.bookingId === created.id);
      expect(event).toMatchObject({ cancelledBy: 'customer', refund: 'none', wasPaid: false, reason: 'cannot make it', status: 'cancelled' });
      // The freed slot can be booked again.
      const again = await booking.bookings.create({ actor: anActor('customer'), slotId: first.id, serviceId: service.id });
      expect(again.booking.slotIds).toEqual([first.id, second.id]);
    });

    it('lets its barber and an admin cancel, nobody else, and never twice', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [one, two] = await slotsOn(barber.id, '2027-04-02');
      const { booking: first } = await booking.bookings.create({ actor: anActor('customer'), slotId: one.id, serviceId: service.id });
      const { booking: second } = await booking.bookings.create({ actor: anActor('customer'), slotId: two.id, serviceId: service.id });

      expect(await codeOf(booking.bookings.cancel({ actor: anActor('customer'), bookingId: first.id }))).toBe('FORBIDDEN');
      expect(await codeOf(booking.bookings.cancel({ actor: anActor('barber', { barberId: randomUUID() }), bookingId: first.id }))).toBe('FORBIDDEN');
      await booking.bookings.cancel({ actor: anActor('barber', { barberId: barber.id }), bookingId: first.id });
      await booking.bookings.cancel({ actor: admin, bookingId: second.id });
      expect(await codeOf(booking.bookings.cancel({ actor: admin, bookingId: second.id }))).toBe('BOOKING_NOT_CANCELLABLE');
      const events = (await outboxEvents(booking.dataSource, 'booking.cancelled')).filter((e) => e.barberId === barber.id);
      expect(events.map((e) => e.cancelledBy)).toEqual(['barber', 'admin']);
    });

    it('refuses an expired booking (BOOKING_NOT_CANCELLABLE) and changes nothing', async () => {
      const barber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const [slot] = await slotsOn(barber.id, '2027-04-05');
      const customer = anActor('customer');
      const { booking: created } = await booking.bookings.create({ actor: customer, slotId: slot.id, serviceId: service.id });
      await booking.dataSource.query(`UPDATE bookings SET status = 'expired' WHERE id = $1`, [created.id]);
      await booking.dataSource.query(`UPDATE booking_slots SET active = false WHERE booking_id = $1`, [created.id]);
      await booking.dataSource.query(`UPDATE slots SET status = 'available', booking_id = NULL WHERE id = $1`, [slot.id]);
      const before = await tableCounts(booking.dataSource);

      expect(await codeOf(booking.bookings.cancel({ actor: customer, bookingId: created.id }))).toBe('BOOKING_NOT_CANCELLABLE');
      expect(await tableCounts(booking.dataSource)).toEqual(before);
    });
  });

  describe('reading bookings', () => {
    it('shows a customer their own, a barber their barber’s, an admin all with filters, newest first', async () => {
      const barber = await aBarberWithHours(booking);
      const otherBarber = await aBarberWithHours(booking);
      const service = await aService(booking);
      const customer = anActor('customer');
      const [a, b] = await slotsOn(barber.id, '2027-04-06');
      const [c] = await slotsOn(otherBarber.id, '2027-04-06');
      const first = (await booking.bookings.create({ actor: customer, slotId: a.id, serviceId: service.id })).booking;
      world.clock.advance(1000);
      const second = (await booking.bookings.create({ actor: customer, slotId: c.id, serviceId: service.id })).booking;
      world.clock.advance(1000);
      const strangers = (await booking.bookings.create({ actor: anActor('customer'), slotId: b.id, serviceId: service.id })).booking;

      const mine = await booking.bookings.list({ actor: customer, limit: 100, offset: 0 });
      expect(mine.map((x) => x.id)).toEqual([second.id, first.id]);
      const barbers = await booking.bookings.list({ actor: anActor('barber', { barberId: barber.id }), limit: 100, offset: 0 });
      expect(barbers.map((x) => x.id)).toEqual([strangers.id, first.id]);
      const filtered = await booking.bookings.list({ actor: admin, barberId: otherBarber.id, status: 'pending_payment', limit: 100, offset: 0 });
      expect(filtered.map((x) => x.id)).toEqual([second.id]);
      const paged = await booking.bookings.list({ actor: admin, barberId: barber.id, limit: 1, offset: 1 });
      expect(paged.map((x) => x.id)).toEqual([first.id]);

      expect(await codeOf(booking.bookings.get({ actor: customer, bookingId: strangers.id }))).toBe('FORBIDDEN');
      expect(await codeOf(booking.bookings.get({ actor: customer, bookingId: randomUUID() }))).toBe('BOOKING_NOT_FOUND');
      expect((await booking.bookings.get({ actor: anActor('barber', { barberId: barber.id }), bookingId: strangers.id })).id).toBe(strangers.id);
    });
  });
});
