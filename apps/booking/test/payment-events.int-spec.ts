import { BookingResource, Envelope, QUEUES, SlotResource, appointmentIdOf } from '@app/contracts';
import { DeadLetterService, QueueRegistry } from '@app/messaging';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { eventually } from '../../../test/support/test-infra';
import { ExpireLapsedHoldsUseCase } from '../src/bookings/use-cases/expire-lapsed-holds/expire-lapsed-holds.use-case';
import {
  BookingProcess,
  BookingTestWorld,
  aBarberWithHours,
  aService,
  admin,
  anActor,
  outboxEvents,
} from './support/booking-test-app';
import {
  applyThroughInbox,
  deliver,
  eventCount,
  paymentExpired,
  paymentFailed,
  paymentRefunded,
  paymentSucceeded,
  reissued,
} from './support/payment-messages';

const HOLD_MINUTES = 30;
const GRACE_SECONDS = 60;
// Monday 07:00 in London (GMT); the week's slots are generated from here.
const START = '2027-03-22T07:00:00Z';
const WEEKDAYS = ['2027-03-23', '2027-03-24', '2027-03-25', '2027-03-26', '2027-03-29', '2027-03-30', '2027-03-31', '2027-04-01'];

describe('payment events applied by booking (real PostgreSQL and Redis, through booking-inbox)', () => {
  let world: BookingTestWorld;
  let booking: BookingProcess;
  let barberId: string;
  let serviceId: string;
  let longServiceId: string;
  let free: SlotResource[];

  beforeAll(async () => {
    world = await BookingTestWorld.create('payment_events', START);
    // Holds are swept only when a test says so: the suite moves the shared clock.
    booking = await world.start({ holdMinutes: HOLD_MINUTES, holdGraceSeconds: GRACE_SECONDS, holdExpiryIntervalSeconds: 3600 });
    const barber = await aBarberWithHours(booking);
    barberId = barber.id;
    serviceId = (await aService(booking)).id;
    longServiceId = (await aService(booking, { name: 'Cut and beard', durationMinutes: 60, priceCents: 4000 })).id;
    free = [];
    for (const date of WEEKDAYS) free.push(...(await booking.slots.list({ barberId, date })));
  });

  afterAll(async () => {
    await world?.close();
  });

  /** Slots nobody has used yet in this suite, in start order; two consecutive ones for the 60-minute service. */
  const nextSlot = (): SlotResource => {
    const slot = free.shift();
    if (!slot) throw new Error('the suite ran out of slots');
    return slot;
  };
  const nextPair = (): [SlotResource, SlotResource] => {
    for (;;) {
      const [first, second] = free;
      if (!first || !second) throw new Error('the suite ran out of slots');
      free.shift();
      if (second.startsAt === first.endsAt) {
        free.shift();
        return [first, second];
      }
    }
  };

  const book = async (slot: SlotResource = nextSlot(), service = serviceId, customer = anActor('customer')): Promise<BookingResource> =>
    (await booking.bookings.create({ actor: customer, slotId: slot.id, serviceId: service })).booking;

  const read = (bookingId: string) => booking.bookings.get({ actor: admin, bookingId });

  const slotStatuses = async (ids: string[]): Promise<Array<{ id: string; status: string; booking_id: string | null }>> =>
    booking.dataSource.query('SELECT id, status, booking_id FROM slots WHERE id = ANY($1::uuid[]) ORDER BY starts_at', [ids]);

  const activeLinks = async (bookingId: string): Promise<number> => {
    const [row]: Array<{ n: number }> = await booking.dataSource.query(
      'SELECT count(*)::int AS n FROM booking_slots WHERE booking_id = $1 AND active',
      [bookingId],
    );
    return row.n;
  };

  const paymentIdOf = async (bookingId: string): Promise<string | null> => {
    const [row]: Array<{ payment_id: string | null }> = await booking.dataSource.query('SELECT payment_id FROM bookings WHERE id = $1', [
      bookingId,
    ]);
    return row.payment_id;
  };

  /** Everything a payment event can change for one booking, in a form two bookings can be compared by. */
  const stateOf = async (created: BookingResource, paymentId: string) => {
    const current = await read(created.id);
    return {
      status: current.status,
      paymentStatus: current.paymentStatus,
      cancellationReason: current.cancellationReason,
      keptPayment: (await paymentIdOf(created.id)) === paymentId,
      slots: (await slotStatuses(created.slotIds)).map((slot) => `${slot.status}:${slot.booking_id === created.id ? 'own' : slot.booking_id}`),
      activeLinks: await activeLinks(created.id),
      confirmedEvents: await eventCount(booking.dataSource, 'booking.confirmed', created.id),
      rejectedEvents: await eventCount(booking.dataSource, 'booking.payment_rejected', created.id),
    };
  };

  const expireLapsedHolds = async (): Promise<void> => {
    world.clock.advance((HOLD_MINUTES * 60 + GRACE_SECONDS + 1) * 1000);
    await booking.get(ExpireLapsedHoldsUseCase).execute();
  };

  describe('payment.succeeded', () => {
    it('confirms a pending booking: paid, its slots booked, exactly one booking.confirmed and a slot.changed', async () => {
      const [first, second] = nextPair();
      const created = await book(first, longServiceId);
      const paid = paymentSucceeded(created);

      await deliver(booking, [paid]);

      expect(await read(created.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', cancellationReason: null });
      expect(await paymentIdOf(created.id)).toBe(paid.payload.paymentId);
      expect(await slotStatuses([first.id, second.id])).toEqual([
        { id: first.id, status: 'booked', booking_id: created.id },
        { id: second.id, status: 'booked', booking_id: created.id },
      ]);
      expect(await activeLinks(created.id)).toBe(2);
      const confirmed = (await outboxEvents(booking.dataSource, 'booking.confirmed')).filter((event) => event.bookingId === created.id);
      expect(confirmed).toEqual([
        {
          bookingId: created.id,
          customerId: created.customerId,
          barberId,
          slotIds: [first.id, second.id],
          startsAt: first.startsAt,
          endsAt: second.endsAt,
          status: 'confirmed',
          paymentStatus: 'paid',
          paymentId: paid.payload.paymentId,
          appointmentId: appointmentIdOf(created.id),
        },
      ]);
      const booked = (await outboxEvents<{ slots: SlotResource[] }>(booking.dataSource, 'slot.changed')).filter((event) =>
        event.slots.some((slot) => slot.id === first.id && slot.status === 'booked'),
      );
      expect(booked).toEqual([{ barberId, slots: [{ ...first, status: 'booked' }, { ...second, status: 'booked' }] }]);
      // The booked slots show as booked to everyone.
      const day = await booking.slots.list({ barberId, date: first.startsAt.slice(0, 10) });
      expect(day.find((slot) => slot.id === first.id)?.status).toBe('booked');
    });

    it('has one effect when the same message is delivered 10 times at once, or re-sent 10 times under new ids', async () => {
      const created = await book();
      const paid = paymentSucceeded(created);
      const copies: Envelope[] = Array.from({ length: 10 }, () => paid);
      const resent: Envelope[] = Array.from({ length: 10 }, () => reissued(paid));

      await deliver(booking, [...copies, ...resent]);

      expect(await stateOf(created, paid.payload.paymentId)).toEqual({
        status: 'confirmed',
        paymentStatus: 'paid',
        cancellationReason: null,
        keptPayment: true,
        slots: ['booked:own'],
        activeLinks: 1,
        confirmedEvents: 1,
        rejectedEvents: 0,
      });
      const [{ n: applied }] = await booking.dataSource.query(
        `SELECT count(*)::int AS n FROM inbox WHERE message_id = ANY($1::uuid[])`,
        [[paid.id, ...resent.map((envelope) => envelope.id)]],
      );
      expect(applied).toBe(11);
    });

    it('rejects a second payment for a confirmed booking and keeps the first (double payment)', async () => {
      const created = await book();
      const first = paymentSucceeded(created);
      const second = paymentSucceeded(created);
      await deliver(booking, [first]);
      await deliver(booking, [second, reissued(second)]);

      expect(await stateOf(created, first.payload.paymentId)).toMatchObject({
        status: 'confirmed',
        paymentStatus: 'paid',
        keptPayment: true,
        slots: ['booked:own'],
        confirmedEvents: 1,
        rejectedEvents: 1,
      });
      const rejected = (await outboxEvents(booking.dataSource, 'booking.payment_rejected')).filter((event) => event.bookingId === created.id);
      expect(rejected).toEqual([{ bookingId: created.id, paymentId: second.payload.paymentId, reason: 'booking already paid by another payment' }]);

      // The second payment's refund leaves the booking paid; a refund of the first would not.
      await deliver(booking, [paymentRefunded(created, second.payload.paymentId)]);
      expect(await read(created.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
      const [row] = await booking.dataSource.query('SELECT refunded_at FROM rejected_payments WHERE payment_id = $1', [second.payload.paymentId]);
      expect(row.refunded_at).toBeInstanceOf(Date);
    });

    it('confirms nothing for a payment whose amount or currency differs from the price, and asks for its refund', async () => {
      const created = await book();
      const short = paymentSucceeded(created, { amountCents: created.priceCents - 1 });
      const foreign = paymentSucceeded(created, { currency: 'eur' });
      await deliver(booking, [short, foreign]);

      expect(await read(created.id)).toMatchObject({ status: 'pending_payment', paymentStatus: 'unpaid' });
      expect(await slotStatuses(created.slotIds)).toEqual([expect.objectContaining({ status: 'held' })]);
      const rejected = (await outboxEvents<{ paymentId: string; reason: string }>(booking.dataSource, 'booking.payment_rejected')).filter(
        (event) => [short.payload.paymentId, foreign.payload.paymentId].includes(event.paymentId),
      );
      expect(rejected.map((event) => event.reason).sort()).toEqual([
        'amount mismatch: paid 2499 gbp, booking costs 2500 gbp',
        'amount mismatch: paid 2500 eur, booking costs 2500 gbp',
      ]);

      // The right payment still confirms it.
      const right = paymentSucceeded(created);
      await deliver(booking, [right]);
      expect(await stateOf(created, right.payload.paymentId)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', slots: ['booked:own'] });
    });

    it('dead-letters a payment for a booking this service does not know, after one attempt', async () => {
      const unknown = paymentSucceeded({ id: randomUUID(), priceCents: 2500, currency: 'gbp' });
      const jobId = `${unknown.id}-unknown`;
      await booking.get(QueueRegistry).get(QUEUES.bookingInbox).add(unknown.type, unknown, { jobId });
      const dead = await eventually('the unknown booking’s payment to be dead-lettered', async () =>
        (await booking.get(DeadLetterService).list(QUEUES.bookingInbox)).find((letter) => letter.jobId === jobId),
      );
      expect(dead).toMatchObject({ attemptsMade: 1, error: expect.stringContaining('unknown booking') });
    });
  });

  describe('late payment (DESIGN §6.4)', () => {
    it('confirms again a booking the hold sweep expired when its slots are still free', async () => {
      const [first, second] = nextPair();
      const created = await book(first, longServiceId);
      await expireLapsedHolds();
      expect(await read(created.id)).toMatchObject({ status: 'expired', paymentStatus: 'unpaid' });
      expect((await slotStatuses(created.slotIds)).map((slot) => slot.status)).toEqual(['available', 'available']);

      const paid = paymentSucceeded(created);
      await deliver(booking, [paid, paid]);

      expect(await stateOf(created, paid.payload.paymentId)).toEqual({
        status: 'confirmed',
        paymentStatus: 'paid',
        cancellationReason: null,
        keptPayment: true,
        slots: ['booked:own', 'booked:own'],
        activeLinks: 2,
        confirmedEvents: 1,
        rejectedEvents: 0,
      });
      const announced = (await outboxEvents<{ slots: SlotResource[] }>(booking.dataSource, 'slot.changed')).filter((event) =>
        event.slots.some((slot) => slot.id === first.id && slot.status === 'booked'),
      );
      expect(announced).toEqual([{ barberId, slots: [{ ...first, status: 'booked' }, { ...second, status: 'booked' }] }]);
    });

    it('confirms again a pending booking its customer cancelled, clearing the cancellation', async () => {
      const customer = anActor('customer');
      const created = await book(nextSlot(), serviceId, customer);
      await booking.bookings.cancel({ actor: customer, bookingId: created.id, reason: 'paying took too long' });

      const paid = paymentSucceeded(created);
      await deliver(booking, [paid]);

      const current = await read(created.id);
      expect(current).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', cancellationReason: null });
      const [row] = await booking.dataSource.query('SELECT cancelled_by FROM bookings WHERE id = $1', [created.id]);
      expect(row.cancelled_by).toBeNull();
      expect(await slotStatuses(created.slotIds)).toEqual([expect.objectContaining({ status: 'booked', booking_id: created.id })]);
    });

    it('rejects it once when another booking took the slot: stays expired, refund pending, then refunded', async () => {
      const slot = nextSlot();
      const created = await book(slot);
      await expireLapsedHolds();
      const other = await book(slot);
      const paid = paymentSucceeded(created);

      await deliver(booking, [paid, paid, reissued(paid)]);

      expect(await stateOf(created, paid.payload.paymentId)).toEqual({
        status: 'expired',
        paymentStatus: 'refund_pending',
        cancellationReason: null,
        keptPayment: false,
        slots: [`held:${other.id}`],
        activeLinks: 0,
        confirmedEvents: 0,
        rejectedEvents: 1,
      });
      const rejected = (await outboxEvents(booking.dataSource, 'booking.payment_rejected')).filter((event) => event.bookingId === created.id);
      expect(rejected).toEqual([{ bookingId: created.id, paymentId: paid.payload.paymentId, reason: 'slots no longer available' }]);
      expect(await read(other.id)).toMatchObject({ status: 'pending_payment' });

      await deliver(booking, [paymentRefunded(created, paid.payload.paymentId)]);
      expect(await read(created.id)).toMatchObject({ status: 'expired', paymentStatus: 'refunded' });
      // A success re-sent after the refund is still the refused payment: nothing moves.
      await deliver(booking, [reissued(paid)]);
      expect(await read(created.id)).toMatchObject({ status: 'expired', paymentStatus: 'refunded' });
      expect(await eventCount(booking.dataSource, 'booking.payment_rejected', created.id)).toBe(1);
    });

    it('takes none of the slots when only some are free (the partial take is rolled back)', async () => {
      const [first, second] = nextPair();
      const created = await book(first, longServiceId);
      await expireLapsedHolds();
      const other = await book(second); // the 30-minute service takes only the second slot

      await deliver(booking, [paymentSucceeded(created)]);

      expect(await read(created.id)).toMatchObject({ status: 'expired', paymentStatus: 'refund_pending' });
      expect(await slotStatuses([first.id, second.id])).toEqual([
        { id: first.id, status: 'available', booking_id: null },
        { id: second.id, status: 'held', booking_id: other.id },
      ]);
      expect(await activeLinks(created.id)).toBe(0);
    });

    it('treats a refusal by the database constraints as lost and still commits the rejection', async () => {
      // Bypass the slots to put an overlapping active booking in place, as a bug might: only the
      // exclusion constraint stands between the late payment and a double booking.
      const slot = nextSlot();
      const created = await book(slot);
      await expireLapsedHolds();
      const intruder = randomUUID();
      await booking.dataSource.query(
        `INSERT INTO bookings (id, customer_id, customer_name, customer_email, barber_id, service_id, service_name, starts_at, ends_at,
                               price_cents, currency, status, payment_status, hold_expires_at, created_at, updated_at, barber_name, time_zone)
         SELECT $2, customer_id, customer_name, customer_email, barber_id, service_id, service_name, starts_at, ends_at,
                price_cents, currency, 'confirmed', 'paid', hold_expires_at, created_at, updated_at, barber_name, time_zone
           FROM bookings WHERE id = $1`,
        [created.id, intruder],
      );
      const paid = paymentSucceeded(created);

      await deliver(booking, [paid]);

      expect(await read(created.id)).toMatchObject({ status: 'expired', paymentStatus: 'refund_pending' });
      expect(await slotStatuses([slot.id])).toEqual([{ id: slot.id, status: 'available', booking_id: null }]);
      expect(await eventCount(booking.dataSource, 'booking.payment_rejected', created.id)).toBe(1);
      const [{ n }] = await booking.dataSource.query('SELECT count(*)::int AS n FROM inbox WHERE message_id = $1', [paid.id]);
      expect(n).toBe(1);
      await booking.dataSource.query(`UPDATE bookings SET status = 'cancelled' WHERE id = $1`, [intruder]);
    });

    it('ends confirmed whichever wins when the hold sweep and the payment race (10 bookings)', async () => {
      const created = await Promise.all(Array.from({ length: 10 }, () => book()));
      const payments = created.map((one) => paymentSucceeded(one));
      world.clock.advance((HOLD_MINUTES * 60 + GRACE_SECONDS + 1) * 1000);

      await Promise.all([
        booking.get(ExpireLapsedHoldsUseCase).execute(),
        deliver(booking, payments),
        booking.get(ExpireLapsedHoldsUseCase).execute(),
      ]);

      for (const [index, one] of created.entries()) {
        expect(await stateOf(one, payments[index].payload.paymentId)).toEqual({
          status: 'confirmed',
          paymentStatus: 'paid',
          cancellationReason: null,
          keptPayment: true,
          slots: ['booked:own'],
          activeLinks: 1,
          confirmedEvents: 1,
          rejectedEvents: 0,
        });
      }
    });

    it('refunds a payment that arrives after the appointment time began', async () => {
      const created = await book();
      await expireLapsedHolds();
      world.clock.set(created.startsAt);
      await deliver(booking, [paymentSucceeded(created)]);
      expect(await read(created.id)).toMatchObject({ status: 'expired', paymentStatus: 'refund_pending' });
      const [event] = (await outboxEvents(booking.dataSource, 'booking.payment_rejected')).filter((e) => e.bookingId === created.id);
      expect(event.reason).toBe('booking time has already started');
      world.clock.set(START);
    });
  });

  describe('payment.failed and payment.expired', () => {
    it.each([
      ['payment.expired', paymentExpired, 'checkout_expired'],
      ['payment.failed', paymentFailed, 'payment_failed'],
    ] as const)('%s expires a pending booking and releases its slots', async (_type, message, reason) => {
      const [first, second] = nextPair();
      const created = await book(first, longServiceId);
      const event = message(created.id);

      await deliver(booking, [event, event, reissued(event)]);

      expect(await read(created.id)).toMatchObject({ status: 'expired', paymentStatus: 'unpaid' });
      expect(await slotStatuses([first.id, second.id])).toEqual([
        { id: first.id, status: 'available', booking_id: null },
        { id: second.id, status: 'available', booking_id: null },
      ]);
      expect(await activeLinks(created.id)).toBe(0);
      const expired = (await outboxEvents(booking.dataSource, 'booking.expired')).filter((e) => e.bookingId === created.id);
      expect(expired).toEqual([expect.objectContaining({ reason, status: 'expired', paymentStatus: 'unpaid', slotIds: [first.id, second.id] })]);
      // Free for the next customer.
      expect((await book(first, longServiceId)).slotIds).toEqual([first.id, second.id]);
    });

    it('leaves a confirmed booking confirmed when the expiry or failure arrives after the payment', async () => {
      const created = await book();
      const paid = paymentSucceeded(created);
      await deliver(booking, [paid]);
      await deliver(booking, [paymentExpired(created.id, paid.payload.paymentId), paymentFailed(created.id, paid.payload.paymentId)]);

      expect(await stateOf(created, paid.payload.paymentId)).toMatchObject({ status: 'confirmed', paymentStatus: 'paid', slots: ['booked:own'] });
      expect(await eventCount(booking.dataSource, 'booking.expired', created.id)).toBe(0);
    });

    it('leaves an expired or cancelled booking as it is', async () => {
      const customer = anActor('customer');
      const cancelled = await book(nextSlot(), serviceId, customer);
      await booking.bookings.cancel({ actor: customer, bookingId: cancelled.id });
      await deliver(booking, [paymentExpired(cancelled.id), paymentFailed(cancelled.id)]);
      expect(await read(cancelled.id)).toMatchObject({ status: 'cancelled', paymentStatus: 'unpaid' });
      expect(await eventCount(booking.dataSource, 'booking.expired', cancelled.id)).toBe(0);
    });
  });

  describe('payment.refunded', () => {
    it('marks the booking’s own payment refunded whatever the booking’s status', async () => {
      const created = await book();
      const paid = paymentSucceeded(created);
      await deliver(booking, [paid]);
      const refund = paymentRefunded(created, paid.payload.paymentId);
      await deliver(booking, [refund, refund, reissued(refund)]);
      expect(await read(created.id)).toMatchObject({ status: 'confirmed', paymentStatus: 'refunded' });
      expect(await slotStatuses(created.slotIds)).toEqual([expect.objectContaining({ status: 'booked' })]);
    });
  });

  describe('any order of the same payment’s events ends as the right order does', () => {
    type Step = { type: 'payment.succeeded' | 'payment.expired' | 'payment.failed'; resend: boolean };
    const steps = fc
      .array(
        fc.record({
          type: fc.constantFrom<Step['type']>('payment.succeeded', 'payment.expired', 'payment.failed'),
          // false: the very same message again (a redelivery); true: the fact re-sent under a new id.
          resend: fc.boolean(),
        }),
        { minLength: 1, maxLength: 7 },
      )
      .filter((sequence) => sequence.some((step) => step.type === 'payment.succeeded'));

    /** A new pending booking and the messages about its one payment. */
    const scenario = async () => {
      const created = await book();
      const succeeded = paymentSucceeded(created);
      const { paymentId } = succeeded.payload;
      const canonical: Record<Step['type'], Envelope> = {
        'payment.succeeded': succeeded,
        'payment.expired': paymentExpired(created.id, paymentId),
        'payment.failed': paymentFailed(created.id, paymentId),
      };
      const envelopesFor = (sequence: Step[]) =>
        sequence.map((step) => (step.resend ? reissued(canonical[step.type]) : canonical[step.type]));
      return { created, paymentId, canonical, envelopesFor };
    };

    let rightOrder: Awaited<ReturnType<typeof stateOf>>;

    beforeAll(async () => {
      world.clock.set(START);
      const { created, paymentId, canonical } = await scenario();
      await applyThroughInbox(booking, canonical['payment.succeeded']);
      await applyThroughInbox(booking, canonical['payment.expired']);
      rightOrder = await stateOf(created, paymentId);
      expect(rightOrder).toEqual({
        status: 'confirmed',
        paymentStatus: 'paid',
        cancellationReason: null,
        keptPayment: true,
        slots: ['booked:own'],
        activeLinks: 1,
        confirmedEvents: 1,
        rejectedEvents: 0,
      });
    });

    it('applied one after another, with duplicates', async () => {
      await fc.assert(
        fc.asyncProperty(steps, async (sequence) => {
          const { created, paymentId, envelopesFor } = await scenario();
          for (const envelope of envelopesFor(sequence)) await applyThroughInbox(booking, envelope);
          expect(await stateOf(created, paymentId)).toEqual(rightOrder);
        }),
        { numRuns: 60 },
      );
    });

    it('delivered all at once through the queue', async () => {
      await fc.assert(
        fc.asyncProperty(steps, async (sequence) => {
          const { created, paymentId, envelopesFor } = await scenario();
          await deliver(booking, envelopesFor(sequence));
          expect(await stateOf(created, paymentId)).toEqual(rightOrder);
        }),
        { numRuns: 15 },
      );
    });
  });
});
