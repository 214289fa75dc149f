import { randomUUID } from 'node:crypto';
import { HealthRpcController } from '../src/health/health.rpc-controller';
import { AppointmentsTestWorld, BookingStory, anActor } from './support/appointments-test-app';

const BEFORE_START = '2026-12-01T08:59:00.000Z';
const AFTER_START = '2026-12-01T09:05:00.000Z';

/** The appointments RPC rules (DESIGN §4) against a real database, appointments made by real booking events. */
describe('appointments RPC', () => {
  let world: AppointmentsTestWorld;
  const barberId = randomUUID();
  const barber = anActor('barber', { barberId });
  const otherBarber = anActor('barber', { barberId: randomUUID() });
  const admin = anActor('admin');

  beforeAll(async () => {
    world = await AppointmentsTestWorld.start('appointments_rpc', BEFORE_START);
  });

  afterAll(async () => {
    await world?.close();
  });

  beforeEach(() => world.clock.set(BEFORE_START));

  async function anAppointment(state: 'pending' | 'paid', startsAt = '2026-12-01T09:00:00.000Z', endsAt = '2026-12-01T09:30:00.000Z') {
    const story = new BookingStory(barberId, startsAt, endsAt);
    await world.deliver(story.created('2026-11-30T08:00:00.000Z'));
    if (state === 'paid') await world.deliver(story.confirmed('2026-11-30T08:01:00.000Z'));
    const row = await world.appointmentOf(story.bookingId);
    return { story, id: row!.id };
  }

  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'no error',
      (error: { code?: string }) => error.code,
    );

  it('answers health', () => {
    expect(world.app.get(HealthRpcController).health()).toEqual({ status: 'ok' });
  });

  it('completes a paid appointment once its start has passed, and writes appointment.updated', async () => {
    const { id } = await anAppointment('paid');
    expect(await codeOf(world.rpc.complete({ actor: barber, appointmentId: id }))).toBe('APPOINTMENT_NOT_STARTED');

    world.clock.set(AFTER_START);
    const completed = await world.rpc.complete({ actor: barber, appointmentId: id });
    expect(completed).toMatchObject({ id, status: 'completed', updatedAt: AFTER_START, customerName: 'Ada Lovelace' });
    expect((await world.outbox('appointment.updated')).filter((p) => p.appointment.id === id).map((p) => p.appointment.status)).toEqual([
      'pending',
      'paid',
      'completed',
    ]);
    expect(await codeOf(world.rpc.noShow({ actor: admin, appointmentId: id }))).toBe('APPOINTMENT_NOT_PAID');
  });

  it('refuses a no-show on a pending appointment (APPOINTMENT_NOT_PAID), and lets an admin mark a paid one', async () => {
    world.clock.set(AFTER_START);
    const pending = await anAppointment('pending');
    expect(await codeOf(world.rpc.noShow({ actor: barber, appointmentId: pending.id }))).toBe('APPOINTMENT_NOT_PAID');
    const paid = await anAppointment('paid');
    expect(await world.rpc.noShow({ actor: admin, appointmentId: paid.id })).toMatchObject({ status: 'no_show' });
  });

  it('refuses another barber or a customer (FORBIDDEN), and an unknown id (APPOINTMENT_NOT_FOUND)', async () => {
    world.clock.set(AFTER_START);
    const { id, story } = await anAppointment('paid');
    expect(await codeOf(world.rpc.complete({ actor: otherBarber, appointmentId: id }))).toBe('FORBIDDEN');
    const customer = anActor('customer', { userId: story.customerId });
    expect(await codeOf(world.rpc.noShow({ actor: customer, appointmentId: id }))).toBe('FORBIDDEN');
    expect((await world.appointmentOf(story.bookingId))?.status).toBe('paid');
    expect(await codeOf(world.rpc.complete({ actor: admin, appointmentId: randomUUID() }))).toBe('APPOINTMENT_NOT_FOUND');
    expect(await codeOf(world.rpc.get({ actor: admin, appointmentId: 'nope' }))).toBe('APPOINTMENT_NOT_FOUND');
    expect(await codeOf(world.rpc.get({ actor: undefined as never, appointmentId: id }))).toBe('UNAUTHORIZED');
  });

  it('shows one appointment to its customer, its barber and an admin only', async () => {
    const { id, story } = await anAppointment('pending');
    for (const actor of [anActor('customer', { userId: story.customerId }), barber, admin]) {
      expect(await world.rpc.get({ actor, appointmentId: id })).toMatchObject({ id, bookingId: story.bookingId, status: 'pending' });
    }
    expect(await codeOf(world.rpc.get({ actor: anActor('customer'), appointmentId: id }))).toBe('FORBIDDEN');
    expect(await codeOf(world.rpc.get({ actor: otherBarber, appointmentId: id }))).toBe('FORBIDDEN');
  });

  it('lists a barber’s UTC day ordered by start, to that barber or an admin, and checks the date', async () => {
    const dayBarberId = randomUUID();
    const dayBarber = anActor('barber', { barberId: dayBarberId });
    const stories = [
      new BookingStory(dayBarberId, '2026-12-03T15:00:00.000Z', '2026-12-03T15:30:00.000Z'),
      new BookingStory(dayBarberId, '2026-12-03T00:00:00.000Z', '2026-12-03T00:30:00.000Z'),
      new BookingStory(dayBarberId, '2026-12-04T00:00:00.000Z', '2026-12-04T00:30:00.000Z'),
      new BookingStory(dayBarberId, '2026-12-02T23:30:00.000Z', '2026-12-03T00:00:00.000Z'),
      new BookingStory(randomUUID(), '2026-12-03T10:00:00.000Z', '2026-12-03T10:30:00.000Z'),
    ];
    for (const story of stories) await world.deliver(story.created('2026-11-30T08:00:00.000Z'));

    for (const actor of [dayBarber, admin]) {
      const day = await world.rpc.day({ actor, barberId: dayBarberId, date: '2026-12-03' });
      expect(day.map((a) => a.startsAt)).toEqual(['2026-12-03T00:00:00.000Z', '2026-12-03T15:00:00.000Z']);
    }
    expect(await codeOf(world.rpc.day({ actor: barber, barberId: dayBarberId, date: '2026-12-03' }))).toBe('FORBIDDEN');
    expect(await codeOf(world.rpc.day({ actor: anActor('customer'), barberId: dayBarberId, date: '2026-12-03' }))).toBe('FORBIDDEN');
    for (const date of ['2026-02-30', '2026-12-3', 'tomorrow', '']) {
      expect(await codeOf(world.rpc.day({ actor: admin, barberId: dayBarberId, date }))).toBe('INVALID_DATE');
    }
  });
});
