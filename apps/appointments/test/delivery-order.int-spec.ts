import { Envelope } from '@app/contracts';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { AppointmentsTestWorld, BookingStory } from './support/appointments-test-app';

const T = (seconds: number) => new Date(Date.parse('2026-11-30T08:00:00.000Z') + seconds * 1000).toISOString();

/** Real booking histories, each fact in the order (and at the instant) booking wrote it. */
const HISTORIES: Record<string, (story: BookingStory) => Envelope[]> = {
  paid: (s) => [s.created(T(0)), s.confirmed(T(10))],
  expired: (s) => [s.created(T(0)), s.expired(T(10))],
  cancelledUnpaid: (s) => [s.created(T(0)), s.cancelled(T(10), false)],
  paidThenCancelled: (s) => [s.created(T(0)), s.confirmed(T(10)), s.cancelled(T(20))],
  expiredThenLatePayment: (s) => [s.created(T(0)), s.expired(T(10)), s.confirmed(T(20))],
  cancelledThenLatePayment: (s) => [s.created(T(0)), s.cancelled(T(10), false), s.confirmed(T(20))],
  // DESIGN §6.7: moves, and the facts after them carrying the new time.
  movedThenPaid: (s) => [s.created(T(0)), s.rescheduled(T(10), T(7200), T(9000), false), s.confirmed(T(20))],
  paidThenMoved: (s) => [s.created(T(0)), s.confirmed(T(10)), s.rescheduled(T(20), T(10800), T(12600), true)],
  movedThenCancelled: (s) => [s.created(T(0)), s.rescheduled(T(10), T(7200), T(9000), false), s.cancelled(T(20), false)],
};
const NAMES = Object.keys(HISTORIES);

/** How one fact is delivered: once, redelivered (same message id: the inbox skips it), or written twice (a new id). */
type Copies = 'once' | 'redelivered' | 'reissued';

/**
 * DESIGN §6.2 "any order of these events ends in the same state", through the real consumer and
 * database: for every history, any permutation of its deliveries (with duplicates of both kinds)
 * ends where the canonical order ends, under the id booking derived from its own (for a booking
 * made before ids were derived too, announced by appointment.created naming that one appointment;
 * for a newer one, not announced at all) and a last appointment.updated equal to the final state.
 * Each run uses a fresh booking (its own rows), so runs never see each other's state.
 */
describe('appointment state is independent of delivery order (fast-check, real handlers and database)', () => {
  let world: AppointmentsTestWorld;
  const canonical = new Map<string, unknown>();

  beforeAll(async () => {
    world = await AppointmentsTestWorld.start('appointments_delivery_order', '2026-11-30T08:00:00.000Z');
    for (const name of NAMES) {
      for (const legacy of [false, true]) {
        const story = new BookingStory();
        story.madeBeforeDerivedIds = legacy;
        await world.deliver(...HISTORIES[name](story));
        canonical.set(`${name}:${legacy}`, await finalState(story));
      }
    }
  });

  afterAll(async () => {
    await world?.close();
  });

  async function finalState(story: BookingStory) {
    const row = await world.appointmentOf(story.bookingId);
    if (!row) throw new Error(`no appointment for booking ${story.bookingId}`);
    const created = (await world.outbox('appointment.created')).filter((p) => p.bookingId === story.bookingId);
    const updates = (await world.outbox('appointment.updated')).filter((p) => p.appointment.bookingId === story.bookingId);
    const last = updates.at(-1)?.appointment;
    return {
      status: row.status,
      customerName: row.customer_name,
      serviceName: row.service_name,
      times: [row.starts_at.toISOString(), row.ends_at.toISOString()],
      ownIds: row.customer_id === story.customerId && row.barber_id === story.barberId,
      idIsDerived: row.id === story.appointmentId,
      // Every announcement names the booking's one appointment (it is repeated when a
      // booking.confirmed says booking has no link yet; booking records the link once).
      appointmentCreated: [...new Set(created.map((p) => p.appointmentId === row.id && p.barberId === story.barberId))],
      lastUpdate: last && { id: last.id === row.id, status: last.status, customerName: last.customerName, serviceName: last.serviceName, startsAt: last.startsAt },
    };
  }

  it('matches the canonical final state for every permutation with duplicates', async () => {
    expect(canonical.get('paid:false')).toMatchObject({ status: 'paid', customerName: 'Ada Lovelace', idIsDerived: true, appointmentCreated: [] });
    expect(canonical.get('paid:true')).toMatchObject({ status: 'paid', customerName: 'Ada Lovelace', idIsDerived: true, appointmentCreated: [true] });
    for (const legacy of [false, true]) {
      expect(canonical.get(`expiredThenLatePayment:${legacy}`)).toMatchObject({ status: 'paid' });
      expect(canonical.get(`paidThenCancelled:${legacy}`)).toMatchObject({ status: 'cancelled' });
      expect(canonical.get(`movedThenPaid:${legacy}`)).toMatchObject({ status: 'paid', times: [T(7200), T(9000)], lastUpdate: { startsAt: T(7200) } });
      expect(canonical.get(`paidThenMoved:${legacy}`)).toMatchObject({ status: 'paid', times: [T(10800), T(12600)], lastUpdate: { startsAt: T(10800) } });
      expect(canonical.get(`movedThenCancelled:${legacy}`)).toMatchObject({ status: 'cancelled', times: [T(7200), T(9000)] });
    }

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...NAMES),
        fc.boolean(),
        fc.array(fc.constantFrom<Copies>('once', 'redelivered', 'reissued'), { minLength: 3, maxLength: 3 }),
        fc.array(fc.nat(1000), { minLength: 6, maxLength: 6 }),
        async (name, legacy, copies, sortKeys) => {
          const story = new BookingStory();
          story.madeBeforeDerivedIds = legacy;
          const facts = HISTORIES[name](story);
          const deliveries = facts.flatMap((envelope, i) => {
            switch (copies[i]) {
              case 'once':
                return [envelope];
              case 'redelivered':
                return [envelope, envelope];
              case 'reissued':
                return [envelope, { ...envelope, id: randomUUID(), correlationId: randomUUID() }];
            }
          });
          const order = deliveries.map((envelope, i) => ({ envelope, key: sortKeys[i] ?? 0, i })).sort((a, b) => a.key - b.key || a.i - b.i);
          await world.deliver(...order.map((d) => d.envelope));
          expect(await finalState(story)).toEqual(canonical.get(`${name}:${legacy}`));
        },
      ),
      { numRuns: 40 },
    );
  });
});
