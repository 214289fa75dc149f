import { BookingResource } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { ReconcileRpcController } from '../src/reconcile/reconcile.rpc-controller';
import { BookingProcess, BookingTestWorld, aBarberWithHours, aService, admin, anActor, outboxEvents } from './support/booking-test-app';
import { deliver, envelopeOf, paymentSucceeded } from './support/payment-messages';
import { codeOf } from '../../../test/support/domain-errors';

// Monday 07:00 in London (GMT); the day's slots are generated from here.
const START = '2027-03-22T07:00:00Z';
const INTERVAL_SECONDS = 3600;

/** DESIGN §6.6, booking's reconciler: run on demand (the admin RPC) by two processes on one database. */
describe('booking reconciler (real PostgreSQL and Redis)', () => {
  let world: BookingTestWorld;
  let first: BookingProcess;
  let second: BookingProcess;
  let barberId: string;
  let serviceId: string;

  beforeAll(async () => {
    world = await BookingTestWorld.create('reconcile', START);
    // No background sweep or reconcile run during the suite: the test runs them.
    const config = { reconcileIntervalSeconds: INTERVAL_SECONDS, holdExpiryIntervalSeconds: INTERVAL_SECONDS, holdMinutes: 30, holdGraceSeconds: 60 };
    first = await world.start(config);
    second = await world.start(config);
    barberId = (await aBarberWithHours(first)).id;
    serviceId = (await aService(first)).id;
  });

  afterAll(async () => {
    await world?.close();
  });

  const reconcilerOf = (process: BookingProcess) => process.get(ReconcileRpcController);

  const book = async (): Promise<BookingResource> => {
    const slots = await first.slots.list({ barberId, date: '2027-03-24' });
    const slot = slots.find((s) => s.status === 'available');
    if (!slot) throw new Error('no free slot left');
    return (await first.bookings.create({ actor: anActor('customer'), slotId: slot.id, serviceId })).booking;
  };

  /**
   * A booking made before appointment ids were derived (so its link comes with appointment.created),
   * confirmed by a real payment.succeeded, whose appointment.created never came back.
   */
  const confirmedUnlinked = async (): Promise<BookingResource> => {
    const created = await book();
    await first.madeBeforeDerivedIds(created.id);
    await deliver(first, [paymentSucceeded(created)]);
    const confirmed = await first.bookings.get({ actor: admin, bookingId: created.id });
    expect(confirmed).toMatchObject({ status: 'confirmed', appointmentId: null });
    return confirmed;
  };

  const confirmationsOf = async (bookingId: string) =>
    (await outboxEvents<{ bookingId: string }>(first.dataSource, 'booking.confirmed')).filter((event) => event.bookingId === bookingId);

  const link = async (booking: BookingResource) =>
    deliver(first, [envelopeOf('appointment.created', { appointmentId: randomUUID(), bookingId: booking.id, barberId })]);

  it('refuses anyone but an admin', async () => {
    expect(await codeOf(reconcilerOf(first).run({ actor: anActor('customer') }))).toBe('FORBIDDEN');
    expect(await codeOf(reconcilerOf(first).run({ actor: anActor('barber', { barberId }) }))).toBe('FORBIDDEN');
    expect(await codeOf(reconcilerOf(first).run({} as never))).toBe('UNAUTHORIZED');
  });

  it('re-emits booking.confirmed for a confirmed booking left unlinked for a minute, once per interval', async () => {
    const booking = await confirmedUnlinked();
    expect(await confirmationsOf(booking.id)).toHaveLength(1);

    world.clock.advance(59_000); // not a minute yet
    expect(await reconcilerOf(first).run({ actor: admin })).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });

    world.clock.advance(2_000);
    expect(await reconcilerOf(first).run({ actor: admin })).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 1 });
    const confirmations = await confirmationsOf(booking.id);
    expect(confirmations).toHaveLength(2);
    expect(confirmations[1]).toEqual(confirmations[0]); // the same payload as the real confirmation

    // Straight away again: nothing new (the link is still missing, but it was re-announced within the interval).
    expect(await reconcilerOf(second).run({ actor: admin })).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });
    expect(await confirmationsOf(booking.id)).toHaveLength(2);

    // An interval later, still unlinked: announced again.
    world.clock.advance(INTERVAL_SECONDS * 1000 + 1000);
    expect(await reconcilerOf(first).run({ actor: admin })).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 1 });

    // Once linked, never again.
    await link(booking);
    world.clock.advance(INTERVAL_SECONDS * 1000 + 1000);
    expect(await reconcilerOf(first).run({ actor: admin })).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });
    expect(await confirmationsOf(booking.id)).toHaveLength(3);
    const after = await first.bookings.get({ actor: admin, bookingId: booking.id });
    expect(after.status).toBe('confirmed');
  });

  it('leaves a cancelled booking alone', async () => {
    const booking = await confirmedUnlinked();
    await first.bookings.cancel({ actor: admin, bookingId: booking.id });
    world.clock.advance(61_000);
    expect(await reconcilerOf(first).run({ actor: admin })).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });
    expect(await confirmationsOf(booking.id)).toHaveLength(1);
  });

  it('expires a lapsed hold (hold_lapsed), and a second run repairs nothing', async () => {
    const booking = await book();
    world.clock.advance(31 * 60_000 + 1000); // past the hold and its grace
    expect(await reconcilerOf(first).run({ actor: admin })).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 1, missing_appointment_link: 0 });
    expect((await first.bookings.get({ actor: admin, bookingId: booking.id })).status).toBe('expired');
    expect(await reconcilerOf(first).run({ actor: admin })).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });
  });

  it('two reconcilers at once make each repair once', async () => {
    const unlinked = await confirmedUnlinked();
    const lapsed = await book();
    world.clock.advance(31 * 60_000 + 1000);
    const reports = await Promise.all([reconcilerOf(first).run({ actor: admin }), reconcilerOf(second).run({ actor: admin })]);
    const total = (kind: string) => reports.reduce((sum, report) => sum + (report[kind] ?? 0), 0);
    expect(total('hold_lapsed')).toBe(1);
    expect(total('missing_appointment_link')).toBe(1);
    expect(await confirmationsOf(unlinked.id)).toHaveLength(2);
    expect((await first.bookings.get({ actor: admin, bookingId: lapsed.id })).status).toBe('expired');
    await link(unlinked);
  });

  it('answers bookingStates for known ids, skipping bad and unknown ones', async () => {
    const a = await book();
    const b = await confirmedUnlinked();
    const states = await reconcilerOf(second).bookingStates({ bookingIds: [a.id, b.id, 'not-a-uuid', randomUUID(), a.id] });
    expect(Object.keys(states).sort()).toEqual([a.id, b.id].sort());
    expect(states[a.id]).toEqual(await first.bookings.get({ actor: admin, bookingId: a.id }));
    expect(states[b.id]).toMatchObject({ id: b.id, status: 'confirmed', paymentStatus: 'paid' });
    expect(await reconcilerOf(second).bookingStates({ bookingIds: [] })).toEqual({});
    expect(await codeOf(reconcilerOf(second).bookingStates({ bookingIds: Array.from({ length: 501 }, () => randomUUID()) }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await codeOf(reconcilerOf(second).bookingStates({} as never))).toBe('VALIDATION_FAILED');
  });
});
