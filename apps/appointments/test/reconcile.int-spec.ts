import { BookingResource, BookingStatus, PaymentStatus } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { freePort } from '../../../test/support/redis-server';
import { ReconcileRpcController } from '../src/reconcile/reconcile.rpc-controller';
import { AppointmentsTestWorld, BookingStory, anActor } from './support/appointments-test-app';
import { FakeBooking } from './support/fake-booking';
import { codeOf } from '../../../test/support/domain-errors';

const NOW = '2026-11-30T08:00:00.000Z';
const T = (seconds: number) => new Date(Date.parse(NOW) + seconds * 1000).toISOString();

/** What booking's bookingStates would answer for the story's booking. */
function bookingState(story: BookingStory, status: BookingStatus, paymentStatus: PaymentStatus, updatedAt: string): BookingResource {
  return {
    id: story.bookingId,
    customerId: story.customerId,
    barberId: story.barberId,
    barberName: 'Kim',
    serviceId: randomUUID(),
    serviceName: 'Haircut',
    timeZone: 'Europe/London',
    slotIds: story.slotIds,
    startsAt: story.startsAt,
    endsAt: story.endsAt,
    priceCents: 2500,
    currency: 'gbp',
    status,
    paymentStatus,
    holdExpiresAt: T(1800),
    appointmentId: null,
    cancellationReason: null,
    rescheduledFrom: null,
    checkout: null,
    createdAt: T(0),
    updatedAt,
  };
}

/** DESIGN §6.6, appointments' reconciler, asking a fake booking (a real TCP microservice) for bookingStates. */
describe('appointments reconciler (real PostgreSQL and Redis, a fake booking over TCP)', () => {
  let booking: FakeBooking;
  let world: AppointmentsTestWorld;
  const admin = anActor('admin');

  beforeAll(async () => {
    booking = await FakeBooking.start();
    // No background run during the suite: the test runs it.
    world = await AppointmentsTestWorld.start('appointments_reconcile', NOW, {
      reconcileIntervalSeconds: 3600,
      bookingTcp: { host: '127.0.0.1', port: booking.port },
    });
  });

  afterAll(async () => {
    await world?.close();
    await booking?.close();
  });

  const reconciler = () => world.app.get(ReconcileRpcController);
  const updatesOf = async (bookingId: string) =>
    (await world.outbox('appointment.updated')).filter((p) => p.appointment.bookingId === bookingId).map((p) => p.appointment.status);

  it('refuses anyone but an admin', async () => {
    expect(await codeOf(reconciler().run({ actor: anActor('customer') }))).toBe('FORBIDDEN');
    expect(await codeOf(reconciler().run({ actor: anActor('barber', { barberId: randomUUID() }) }))).toBe('FORBIDDEN');
    expect(await codeOf(reconciler().run({} as never))).toBe('UNAUTHORIZED');
  });

  it('marks paid an appointment pending for a minute whose booking is confirmed; a second run repairs nothing', async () => {
    world.clock.set(T(0));
    const story = new BookingStory();
    await world.deliver(story.created(T(0)));
    booking.state.bookings.set(story.bookingId, bookingState(story, 'confirmed', 'paid', T(5)));

    world.clock.set(T(59)); // pending, but not for a minute yet
    expect(await reconciler().run({ actor: admin })).toEqual({ stale_pending: 0 });
    expect((await world.appointmentOf(story.bookingId))?.status).toBe('pending');

    world.clock.set(T(61));
    expect(await reconciler().run({ actor: admin })).toEqual({ stale_pending: 1 });
    expect((await world.appointmentOf(story.bookingId))?.status).toBe('paid');
    expect(await updatesOf(story.bookingId)).toEqual(['pending', 'paid']);

    expect(await reconciler().run({ actor: admin })).toEqual({ stale_pending: 0 });
    expect(await updatesOf(story.bookingId)).toEqual(['pending', 'paid']);

    // The real booking.confirmed arriving late changes nothing more.
    await world.deliver(story.confirmed(T(5)));
    expect(await updatesOf(story.bookingId)).toEqual(['pending', 'paid']);
  });

  it('cancels on an expired or cancelled booking, leaves a still-pending or unknown one pending', async () => {
    world.clock.set(T(100));
    const [expired, cancelled, pending, unknown] = [new BookingStory(), new BookingStory(), new BookingStory(), new BookingStory()];
    for (const story of [expired, cancelled, pending, unknown]) await world.deliver(story.created(T(100)));
    booking.state.bookings.set(expired.bookingId, bookingState(expired, 'expired', 'unpaid', T(110)));
    booking.state.bookings.set(cancelled.bookingId, bookingState(cancelled, 'cancelled', 'unpaid', T(110)));
    booking.state.bookings.set(pending.bookingId, bookingState(pending, 'pending_payment', 'unpaid', T(100)));

    world.clock.set(T(200));
    expect(await reconciler().run({ actor: admin })).toEqual({ stale_pending: 2 });
    expect((await world.appointmentOf(expired.bookingId))?.status).toBe('cancelled');
    expect((await world.appointmentOf(cancelled.bookingId))?.status).toBe('cancelled');
    expect((await world.appointmentOf(pending.bookingId))?.status).toBe('pending');
    expect((await world.appointmentOf(unknown.bookingId))?.status).toBe('pending');
    expect(await reconciler().run({ actor: admin })).toEqual({ stale_pending: 0 });

    // A late payment booking confirmed after the expiry (a later fact) still wins.
    await world.deliver(expired.confirmed(T(150)));
    expect((await world.appointmentOf(expired.bookingId))?.status).toBe('paid');
  });

  it('two runs at once repair each appointment once', async () => {
    world.clock.set(T(300));
    const story = new BookingStory();
    await world.deliver(story.created(T(300)));
    booking.state.bookings.set(story.bookingId, bookingState(story, 'confirmed', 'paid', T(310)));
    world.clock.set(T(400));
    const reports = await Promise.all([reconciler().run({ actor: admin }), reconciler().run({ actor: admin })]);
    expect(reports.reduce((sum, report) => sum + (report.stale_pending ?? 0), 0)).toBe(1);
    expect(await updatesOf(story.bookingId)).toEqual(['pending', 'paid']);
  });
});

describe('appointments reconciler with booking unreachable', () => {
  let world: AppointmentsTestWorld;

  beforeAll(async () => {
    world = await AppointmentsTestWorld.start('appointments_reconcile_down', NOW, {
      reconcileIntervalSeconds: 3600,
      bookingTcp: { host: '127.0.0.1', port: await freePort() }, // nothing listens there
    });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('logs, repairs nothing and leaves the appointment for the next run', async () => {
    const story = new BookingStory();
    await world.deliver(story.created(T(0)));
    world.clock.set(T(120));
    expect(await world.app.get(ReconcileRpcController).run({ actor: anActor('admin') })).toEqual({ stale_pending: 0 });
    expect((await world.appointmentOf(story.bookingId))?.status).toBe('pending');
  });
});
