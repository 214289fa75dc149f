import { AppointmentsTestWorld, BookingStory } from './support/appointments-test-app';

const T = (seconds: number) => new Date(Date.parse('2026-11-30T08:00:00.000Z') + seconds * 1000).toISOString();

/** booking.* put on appointments-inbox as booking's relay would, taken by the real consumer. */
describe('booking events applied by appointments (real PostgreSQL and Redis, through appointments-inbox)', () => {
  let world: AppointmentsTestWorld;

  beforeAll(async () => {
    world = await AppointmentsTestWorld.start('appointments_booking_events', '2026-11-30T08:00:00.000Z');
  });

  afterAll(async () => {
    await world?.close();
  });

  const updatesOf = async (bookingId: string) =>
    (await world.outbox('appointment.updated')).filter((p) => p.appointment.bookingId === bookingId).map((p) => p.appointment.status);
  const createdOf = async (bookingId: string) => (await world.outbox('appointment.created')).filter((p) => p.bookingId === bookingId);

  it('creates a pending appointment from booking.created once, under the id booking recorded, writing appointment.updated and no appointment.created', async () => {
    const story = new BookingStory();
    const created = story.created(T(0));
    await world.deliver(created, created);

    const row = await world.appointmentOf(story.bookingId);
    expect(row).toMatchObject({
      booking_id: story.bookingId,
      barber_id: story.barberId,
      customer_id: story.customerId,
      customer_name: 'Ada Lovelace',
      service_name: 'Haircut',
      status: 'pending',
      starts_at: new Date(story.startsAt),
      ends_at: new Date(story.endsAt),
    });
    expect(row!.id).toBe(story.appointmentId);
    expect(await createdOf(story.bookingId)).toEqual([]);
    expect(await updatesOf(story.bookingId)).toEqual(['pending']);
  });

  it('announces the appointment of a booking made before ids were derived (a v1 booking.created) with appointment.created', async () => {
    const story = new BookingStory();
    story.madeBeforeDerivedIds = true;
    const created = story.created(T(0));
    expect(created.version).toBe(1);
    expect(created.payload).not.toHaveProperty('appointmentId');
    await world.deliver(created, created);
    const row = await world.appointmentOf(story.bookingId);
    expect(row).toMatchObject({ id: story.appointmentId, status: 'pending', customer_name: 'Ada Lovelace' });
    expect(await createdOf(story.bookingId)).toEqual([{ appointmentId: row!.id, bookingId: story.bookingId, barberId: story.barberId }]);
  });

  it('marks it paid on booking.confirmed and cancelled on a later booking.cancelled; repeats change nothing', async () => {
    const story = new BookingStory();
    const confirmed = story.confirmed(T(10));
    await world.deliver(story.created(T(0)), confirmed, confirmed);
    expect((await world.appointmentOf(story.bookingId))?.status).toBe('paid');
    const cancelled = story.cancelled(T(20));
    await world.deliver(cancelled, cancelled, confirmed);
    expect((await world.appointmentOf(story.bookingId))?.status).toBe('cancelled');
    expect(await updatesOf(story.bookingId)).toEqual(['pending', 'paid', 'cancelled']);
  });

  it('keeps a booking.confirmed that arrives before booking.created, and fills the names in later', async () => {
    const story = new BookingStory();
    await world.deliver(story.confirmed(T(10)));
    expect(await world.appointmentOf(story.bookingId)).toMatchObject({ id: story.appointmentId, status: 'paid', customer_name: null, service_name: null });

    await world.deliver(story.created(T(0)));
    expect(await world.appointmentOf(story.bookingId)).toMatchObject({ status: 'paid', customer_name: 'Ada Lovelace', service_name: 'Haircut' });
    expect(await createdOf(story.bookingId)).toHaveLength(0);
    const updates = (await world.outbox('appointment.updated')).filter((p) => p.appointment.bookingId === story.bookingId);
    expect(updates.map((p) => [p.appointment.status, p.appointment.customerName])).toEqual([
      ['paid', ''],
      ['paid', 'Ada Lovelace'],
    ]);
  });

  it('cancels on booking.expired, and honours a late payment (confirmed after expired) in either delivery order', async () => {
    const inOrder = new BookingStory();
    await world.deliver(inOrder.created(T(0)), inOrder.expired(T(10)));
    expect((await world.appointmentOf(inOrder.bookingId))?.status).toBe('cancelled');
    await world.deliver(inOrder.confirmed(T(20)));
    expect((await world.appointmentOf(inOrder.bookingId))?.status).toBe('paid');

    const reordered = new BookingStory();
    await world.deliver(reordered.confirmed(T(20)), reordered.created(T(0)), reordered.expired(T(10)));
    expect((await world.appointmentOf(reordered.bookingId))?.status).toBe('paid');
  });

  it('creates one appointment per booking when its facts race each other (the worker runs jobs concurrently)', async () => {
    // Bookings made before ids were derived: every announcement must name the one appointment.
    const stories = Array.from({ length: 20 }, () => Object.assign(new BookingStory(), { madeBeforeDerivedIds: true }));
    await world.deliverConcurrently(stories.flatMap((s) => [s.confirmed(T(10)), s.created(T(0)), s.expired(T(5)), s.confirmed(T(10))]));
    for (const story of stories) {
      const row = await world.appointmentOf(story.bookingId);
      expect(row).toMatchObject({ status: 'paid', customer_name: 'Ada Lovelace', service_name: 'Haircut' });
      expect([...new Set((await createdOf(story.bookingId)).map((p) => p.appointmentId))]).toEqual([row!.id]);
    }
  });
});
