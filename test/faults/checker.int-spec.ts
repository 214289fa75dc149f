import { openServiceDataSource } from '@app/platform';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { appointmentsDataSourceOptions } from '../../apps/appointments/src/database/data-source';
import { bookingDataSourceOptions } from '../../apps/booking/src/database/data-source';
import { paymentsDataSourceOptions } from '../../apps/payments/src/database/data-source';
import type { SucceededPayment } from '../../tools/stripe-standin/src/server';
import { redisOptions } from '../support/queues';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, uniqueName } from '../support/test-infra';
import { DeadLetterListing, PromiseName, PromiseResult, checkPromises } from './checker';

const GRACE_SECONDS = 30;
const PRICE = 2500;

/**
 * The checker can fail: against databases migrated by the services' own migrations, a
 * consistent state reports nothing, and each kind of violation seeded into it is reported
 * under its promise and no other.
 */
describe('fault-suite checker (real PostgreSQL and Redis)', () => {
  const prefix = uniqueName('checker');
  const dbs: Record<
    'booking' | 'payments' | 'appointments',
    { url: string; drop: () => Promise<void> }
  > = {} as never;
  let booking: Client;
  let payments: Client;
  let appointments: Client;
  let ledger: {
    succeededPayments: SucceededPayment[];
    refunds: Array<{ id: string; amount: number; charge: string; status: string }>;
  };
  let listing: DeadLetterListing;

  // The baseline world (see seedBaseline).
  const barberId = randomUUID();
  const serviceId = randomUUID();
  const ids = {
    confirmed: randomUUID(),
    pending: randomUUID(),
    expired: randomUUID(),
    refunded: randomUUID(),
    kept: randomUUID(),
  };
  const slot = Array.from({ length: 8 }, () => randomUUID());
  const pay = {
    confirmed: randomUUID(),
    pending: randomUUID(),
    refunded: randomUUID(),
    kept: randomUUID(),
    flagged: randomUUID(),
  };
  const appointmentOf: Record<string, string> = {};
  const FLAGGED_EVENT = 'evt_flagged_amount';

  const dlq = (name: string) => new Queue(name, { connection: redisOptions(REDIS_URL), prefix });
  async function addDeadLetter(
    queueName: string,
    jobId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    const queue = dlq(queueName);
    try {
      await queue.add('x', data, { jobId, removeOnComplete: false, removeOnFail: false });
    } finally {
      await queue.close();
    }
  }
  async function realCounts(): Promise<Array<{ queue: string; count: number }>> {
    const out: Array<{ queue: string; count: number }> = [];
    for (const name of [
      'booking-inbox-dlq',
      'payments-inbox-dlq',
      'appointments-inbox-dlq',
      'gateway-live-dlq',
    ]) {
      const queue = dlq(name);
      try {
        out.push({
          queue: name,
          count: await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized'),
        });
      } finally {
        await queue.close();
      }
    }
    return out;
  }

  /** What GET /admin/dlq/:queue answers: the waiting letters' data (DeadLetterService.list). */
  async function realList(name: string): Promise<Array<{ jobId: string; error: string }>> {
    const queue = dlq(name);
    try {
      return (await queue.getWaiting()).map((job) => job.data as { jobId: string; error: string });
    } finally {
      await queue.close();
    }
  }

  const check = (): Promise<PromiseResult[]> =>
    checkPromises({
      databases: {
        booking: dbs.booking.url,
        payments: dbs.payments.url,
        appointments: dbs.appointments.url,
      },
      ledger: ledger,
      redis: { url: REDIS_URL, prefix },
      holdGraceSeconds: GRACE_SECONDS,
      deadLetterListing: listing,
    });

  /** Exactly the named promise is violated (and how often); every other one holds. */
  async function expectOnlyViolated(promise: PromiseName, count = 1): Promise<PromiseResult> {
    const results = await check();
    const violated = Object.fromEntries(
      results.filter((row) => row.violations > 0).map((row) => [row.promise, row.violations]),
    );
    expect(violated).toEqual({ [promise]: count });
    const row = results.find((result) => result.promise === promise)!;
    expect(row.examples).toHaveLength(count);
    return row;
  }

  async function migrate(
    label: keyof typeof dbs,
    options: (url: string) => DataSourceOptions,
  ): Promise<Client> {
    dbs[label] = await createTestDatabase(`checker_${label}`);
    const dataSource = await openServiceDataSource({
      ...options(dbs[label].url),
      url: dbs[label].url,
    });
    await dataSource.destroy();
    const client = new Client({ connectionString: dbs[label].url });
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    booking = await migrate('booking', (url) => bookingDataSourceOptions(url, 2));
    payments = await migrate('payments', paymentsDataSourceOptions);
    appointments = await migrate('appointments', appointmentsDataSourceOptions);
  });

  afterAll(async () => {
    await Promise.all([booking?.end(), payments?.end(), appointments?.end()]);
    await deleteQueueKeys(REDIS_URL, prefix);
    for (const db of Object.values(dbs)) await db.drop();
  });

  beforeEach(async () => {
    await booking.query(
      'TRUNCATE booking_slots, slots, rejected_payments, bookings, services, barbers, outbox, inbox CASCADE',
    );
    await payments.query(
      'TRUNCATE refunds, payments, stripe_events, checkout_attempts, outbox, inbox CASCADE',
    );
    await appointments.query('TRUNCATE appointments, outbox, inbox');
    await deleteQueueKeys(REDIS_URL, prefix);
    listing = { counts: realCounts, list: realList };
    await seedBaseline();
  });

  const at = (hour: number, minute = 0) => new Date(Date.UTC(2030, 0, 7, hour, minute));

  async function insertSlot(
    id: string,
    start: Date,
    status: string,
    owner: string | null,
  ): Promise<void> {
    await booking.query(
      `INSERT INTO slots (id, barber_id, starts_at, ends_at, status, booking_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), now())`,
      [id, barberId, start, new Date(start.getTime() + 30 * 60_000), status, owner],
    );
  }

  async function insertBooking(
    id: string,
    fields: {
      status: string;
      paymentStatus: string;
      start: Date;
      minutes?: number;
      paymentId?: string | null;
      cancelledBy?: string;
      holdExpiresAt?: Date;
    },
    slots: Array<{ id: string; active: boolean }>,
    appointmentStatus: string | null,
  ): Promise<void> {
    const end = new Date(fields.start.getTime() + (fields.minutes ?? 30) * 60_000);
    const appointmentId = randomUUID();
    appointmentOf[id] = appointmentId;
    await booking.query(
      `INSERT INTO bookings (id, customer_id, customer_name, customer_email, barber_id, service_id, service_name, starts_at, ends_at,
                             price_cents, currency, status, payment_status, hold_expires_at, appointment_id, payment_id, cancelled_by,
                             created_at, updated_at, barber_name, time_zone)
       VALUES ($1, $2, 'Customer', 'c@test.local', $3, $4, 'Haircut', $5, $6, $7, 'gbp', $8, $9, $10, $11, $12, $13, now(), now(), 'Kim', 'Europe/London')`,
      [
        id,
        randomUUID(),
        barberId,
        serviceId,
        fields.start,
        end,
        PRICE,
        fields.status,
        fields.paymentStatus,
        fields.holdExpiresAt ?? new Date(Date.now() + 10 * 60_000),
        appointmentStatus === null ? null : appointmentId,
        fields.paymentId ?? null,
        fields.cancelledBy ?? null,
      ],
    );
    for (const [position, linked] of slots.entries()) {
      await booking.query(
        'INSERT INTO booking_slots (booking_id, slot_id, position, active) VALUES ($1, $2, $3, $4)',
        [id, linked.id, position, linked.active],
      );
    }
    if (appointmentStatus !== null) {
      await appointments.query(
        `INSERT INTO appointments (id, booking_id, barber_id, customer_id, starts_at, ends_at, status, last_fact_kind, last_fact_at, updated_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'created', now(), now(), now())`,
        [appointmentId, id, barberId, randomUUID(), fields.start, end, appointmentStatus],
      );
    }
  }

  async function insertPayment(
    id: string,
    bookingId: string,
    status: string,
    extra: { flaggedReason?: string; flaggedEventId?: string; deadLettered?: boolean } = {},
  ) {
    await payments.query(
      `INSERT INTO payments (id, booking_id, attempt, checkout_session_id, checkout_url, expires_at, amount_cents, currency, customer_email, status,
                             flagged_reason, flagged_event_id, dead_lettered_at)
       VALUES ($1, $2, (SELECT count(*) + 1 FROM payments WHERE booking_id = $2), $3, 'http://checkout', now() + interval '30 minutes', $4, 'gbp',
               'c@test.local', $5, $6, $7, $8)`,
      [
        id,
        bookingId,
        sessionOf(id),
        PRICE,
        status,
        extra.flaggedReason ?? null,
        extra.flaggedEventId ?? null,
        extra.deadLettered ? new Date() : null,
      ],
    );
  }

  const sessionOf = (paymentId: string) => `cs_test_${paymentId}`;
  const chargeOf = (paymentId: string) => `ch_${paymentId}`;

  function stripePaid(paymentId: string, bookingId: string, amount = PRICE): SucceededPayment {
    return {
      paymentIntentId: `pi_${paymentId}`,
      checkoutSessionId: sessionOf(paymentId),
      chargeId: chargeOf(paymentId),
      amount,
      currency: 'gbp',
      amountRefunded: 0,
      metadata: { bookingId, paymentId },
      refundIds: [],
      created: 0,
    };
  }

  function stripeRefund(paymentId: string, amount = PRICE) {
    return { id: `re_${paymentId}`, amount, charge: chargeOf(paymentId), status: 'succeeded' };
  }

  async function insertRefund(paymentId: string, status = 'succeeded'): Promise<void> {
    await payments.query(
      `INSERT INTO refunds (id, payment_id, stripe_refund_id, amount_cents, currency, reason, status) VALUES ($1, $2, $3, $4, 'gbp', 'booking_cancelled', $5)`,
      [randomUUID(), paymentId, `re_${paymentId}`, PRICE, status],
    );
  }

  /**
   * A consistent world: a confirmed 60-minute booking on two booked slots, a pending one
   * holding a slot, an expired one, one cancelled and refunded, one cancelled late by its
   * customer (money kept by policy), an amount mismatch refunded and dead-lettered, and
   * published outbox rows everywhere.
   */
  async function seedBaseline(): Promise<void> {
    await inBookingTransaction(seedBookingsAndAppointments);
    await seedPaymentsAndLetters();
  }

  /** In one transaction: a slot names its booking before the booking row exists (a deferred key). */
  async function inBookingTransaction(seed: () => Promise<void>): Promise<void> {
    await booking.query('BEGIN');
    try {
      await seed();
      await booking.query('COMMIT');
    } catch (error) {
      await booking.query('ROLLBACK');
      throw error;
    }
  }

  async function seedBookingsAndAppointments(): Promise<void> {
    await booking.query(
      `INSERT INTO barbers (id, name, time_zone, created_at, updated_at) VALUES ($1, 'Sky', 'UTC', now(), now())`,
      [barberId],
    );
    await booking.query(
      `INSERT INTO services (id, name, duration_minutes, price_cents, currency, created_at) VALUES ($1, 'Haircut', 30, $2, 'gbp', now())`,
      [serviceId, PRICE],
    );
    await insertSlot(slot[0], at(9), 'booked', ids.confirmed);
    await insertSlot(slot[1], at(9, 30), 'booked', ids.confirmed);
    await insertSlot(slot[2], at(10), 'held', ids.pending);
    await insertSlot(slot[3], at(10, 30), 'available', null);
    await insertSlot(slot[4], at(11), 'available', null);
    await insertSlot(slot[5], at(11, 30), 'available', null);
    await insertSlot(slot[6], at(12), 'available', null);
    await insertSlot(slot[7], at(12, 30), 'available', null);

    await insertBooking(
      ids.confirmed,
      {
        status: 'confirmed',
        paymentStatus: 'paid',
        start: at(9),
        minutes: 60,
        paymentId: pay.confirmed,
      },
      [
        { id: slot[0], active: true },
        { id: slot[1], active: true },
      ],
      'paid',
    );
    await insertBooking(
      ids.pending,
      { status: 'pending_payment', paymentStatus: 'unpaid', start: at(10) },
      [{ id: slot[2], active: true }],
      'pending',
    );
    await insertBooking(
      ids.expired,
      { status: 'expired', paymentStatus: 'unpaid', start: at(10, 30) },
      [{ id: slot[3], active: false }],
      'cancelled',
    );
    await insertBooking(
      ids.refunded,
      {
        status: 'cancelled',
        paymentStatus: 'refunded',
        start: at(11),
        paymentId: pay.refunded,
        cancelledBy: 'admin',
      },
      [{ id: slot[4], active: false }],
      'cancelled',
    );
    await insertBooking(
      ids.kept,
      {
        status: 'cancelled',
        paymentStatus: 'paid',
        start: at(11, 30),
        paymentId: pay.kept,
        cancelledBy: 'customer',
      },
      [{ id: slot[5], active: false }],
      'cancelled',
    );
  }

  async function seedPaymentsAndLetters(): Promise<void> {
    await insertPayment(pay.confirmed, ids.confirmed, 'succeeded');
    await insertPayment(pay.pending, ids.pending, 'open');
    await insertPayment(pay.refunded, ids.refunded, 'refunded');
    await insertRefund(pay.refunded);
    await insertPayment(pay.kept, ids.kept, 'succeeded');
    await insertPayment(pay.flagged, ids.expired, 'refunded', {
      flaggedReason: 'amount 1 gbp does not match',
      flaggedEventId: FLAGGED_EVENT,
      deadLettered: true,
    });
    await insertRefund(pay.flagged);
    await addDeadLetter('payments-inbox-dlq', FLAGGED_EVENT, {
      queue: 'payments-inbox',
      jobId: FLAGGED_EVENT,
      type: 'checkout.session.completed',
      envelope: { id: FLAGGED_EVENT },
      error: 'amount 1 gbp does not match the booking price',
      stacktrace: [],
      attemptsMade: 0,
      failedAt: new Date().toISOString(),
    });

    ledger = {
      succeededPayments: [
        stripePaid(pay.confirmed, ids.confirmed),
        stripePaid(pay.refunded, ids.refunded),
        stripePaid(pay.kept, ids.kept),
        stripePaid(pay.flagged, ids.expired, 1),
      ],
      refunds: [stripeRefund(pay.refunded), stripeRefund(pay.flagged, 1)],
    };

    for (const client of [booking, payments, appointments]) {
      await client.query(
        `INSERT INTO outbox (id, type, envelope, published_at) VALUES ($1, 'booking.created', '{}', now())`,
        [randomUUID()],
      );
    }
  }

  it('reports no violation of any promise for a consistent state', async () => {
    const results = await check();
    expect(results.map((row) => row.promise).sort()).toEqual([
      'bookings_agree_with_appointments',
      'dead_letters_recorded',
      'money_owed_visible',
      'no_hold_past_expiry',
      'no_overlapping_active_bookings',
      'no_slot_in_two_active_bookings',
      'outbox_published',
      'payments_agree_with_bookings',
      'slots_agree_with_bookings',
      'succeeded_payments_honoured',
    ]);
    expect(results.filter((row) => row.violations > 0)).toEqual([]);
  });

  async function openAttentionItem(
    paymentId: string,
    bookingId: string,
    kind: string,
    dueBy: Date | null = null,
  ): Promise<void> {
    await payments.query(
      `INSERT INTO attention_items (id, kind, booking_id, payment_id, since, detail, due_by) VALUES ($1, $2, $3, $4, now(), 'seeded', $5)`,
      [randomUUID(), kind, bookingId, paymentId, dueBy],
    );
  }

  /** The confirmed booking's payment is disputed (DESIGN §5): the booking stays confirmed and shows it. */
  async function disputeTheConfirmedPayment(): Promise<void> {
    await payments.query(`UPDATE payments SET status = 'disputed' WHERE id = $1`, [pay.confirmed]);
    await booking.query(`UPDATE bookings SET payment_status = 'disputed' WHERE id = $1`, [
      ids.confirmed,
    ]);
  }

  it('reports no violation for a dispute that shows on its booking and has its attention item with the due date', async () => {
    await disputeTheConfirmedPayment();
    await openAttentionItem(
      pay.confirmed,
      ids.confirmed,
      'dispute_open',
      new Date(Date.now() + 7 * 86_400_000),
    );
    expect((await check()).filter((row) => row.violations > 0)).toEqual([]);
  });

  it('sees a disputed payment with no attention item (promise 7)', async () => {
    await disputeTheConfirmedPayment();
    const row = await expectOnlyViolated('money_owed_visible');
    expect(row.examples[0]).toContain(`payment ${pay.confirmed}`);
  });

  it('sees a dispute the booking does not show', async () => {
    await payments.query(`UPDATE payments SET status = 'disputed' WHERE id = $1`, [pay.confirmed]);
    await openAttentionItem(
      pay.confirmed,
      ids.confirmed,
      'dispute_open',
      new Date(Date.now() + 7 * 86_400_000),
    );
    const row = await expectOnlyViolated('money_owed_visible');
    expect(row.examples[0]).toContain('shows paid');
  });

  it('sees an attention item left open after its dispute closed', async () => {
    await openAttentionItem(
      pay.confirmed,
      ids.confirmed,
      'dispute_open',
      new Date(Date.now() + 7 * 86_400_000),
    );
    const row = await expectOnlyViolated('money_owed_visible');
    expect(row.examples[0]).toContain('is open but the payment is succeeded');
  });

  it('sees a refund that failed with no attention item, and holds promise 7 once the item is open', async () => {
    await payments.query(`UPDATE payments SET status = 'refund_failed' WHERE id = $1`, [
      pay.refunded,
    ]);
    await payments.query(`UPDATE refunds SET status = 'failed' WHERE payment_id = $1`, [
      pay.refunded,
    ]);
    await booking.query(`UPDATE bookings SET payment_status = 'refund_failed' WHERE id = $1`, [
      ids.refunded,
    ]);
    ledger.refunds = ledger.refunds.map((refund) =>
      refund.charge === chargeOf(pay.refunded) ? { ...refund, status: 'failed' } : refund,
    );
    const moneyOwed = async () =>
      (await check()).find((row) => row.promise === 'money_owed_visible')!;

    expect(await moneyOwed()).toMatchObject({
      violations: 1,
      examples: [expect.stringContaining('no open refund_failed attention item')],
    });
    await openAttentionItem(pay.refunded, ids.refunded, 'refund_failed');
    expect(await moneyOwed()).toMatchObject({ violations: 0 });
  });

  it('sees a slot in two active bookings', async () => {
    // The database refuses it; a checker must not rely on that, so the guards go first.
    await booking.query('DROP INDEX IF EXISTS booking_slots_one_active_booking_per_slot');
    await booking.query(
      'ALTER TABLE bookings DROP CONSTRAINT IF EXISTS bookings_no_overlapping_active',
    );
    const second = randomUUID();
    await insertBooking(
      second,
      { status: 'pending_payment', paymentStatus: 'unpaid', start: at(9) },
      [{ id: slot[0], active: true }],
      'pending',
    );
    const row = await expectOnlyViolated('no_slot_in_two_active_bookings');
    expect(row.examples[0]).toContain(slot[0]);
  });

  it('sees two overlapping active bookings of one barber', async () => {
    await booking.query(
      'ALTER TABLE bookings DROP CONSTRAINT IF EXISTS bookings_no_overlapping_active',
    );
    // Its own slot, overlapping the grid's (a bug that got past both constraints), so only the overlap is wrong.
    await booking.query('ALTER TABLE slots DROP CONSTRAINT IF EXISTS slots_no_overlap');
    const overlapping = randomUUID();
    const ownSlot = randomUUID();
    await inBookingTransaction(async () => {
      await insertSlot(ownSlot, at(9, 15), 'held', overlapping);
      await insertBooking(
        overlapping,
        { status: 'pending_payment', paymentStatus: 'unpaid', start: at(9, 15) },
        [{ id: ownSlot, active: true }],
        'pending',
      );
    });
    const row = await expectOnlyViolated('no_overlapping_active_bookings');
    expect(row.examples[0]).toContain(overlapping);
  });

  it('sees a slot still held for a booking that expired', async () => {
    await booking.query(`UPDATE slots SET status = 'held', booking_id = $1 WHERE id = $2`, [
      ids.expired,
      slot[3],
    ]);
    const row = await expectOnlyViolated('slots_agree_with_bookings');
    expect(row.examples[0]).toContain(slot[3]);
  });

  it('sees a moved booking whose times are not its slots\' (its appointment moved with it)', async () => {
    const shift = "interval '1 day'";
    await booking.query(`UPDATE bookings SET starts_at = starts_at + ${shift}, ends_at = ends_at + ${shift} WHERE id = $1`, [ids.confirmed]);
    await appointments.query(`UPDATE appointments SET starts_at = starts_at + ${shift}, ends_at = ends_at + ${shift} WHERE booking_id = $1`, [ids.confirmed]);
    const row = await expectOnlyViolated('slots_agree_with_bookings');
    expect(row.examples[0]).toContain(ids.confirmed);
  });

  it('sees a payment Stripe took that is neither honoured nor refunded', async () => {
    // Payments believes it refunded the pending booking's payment; Stripe never did.
    await payments.query(`UPDATE payments SET status = 'refunded' WHERE id = $1`, [pay.pending]);
    ledger.succeededPayments.push(stripePaid(pay.pending, ids.pending));
    const row = await expectOnlyViolated('succeeded_payments_honoured');
    expect(row.examples[0]).toContain(ids.pending);
  });

  it('sees a payment refunded only in part', async () => {
    ledger.refunds = ledger.refunds.map((refund) =>
      refund.charge === chargeOf(pay.refunded) ? { ...refund, amount: PRICE - 1 } : refund,
    );
    const row = await expectOnlyViolated('succeeded_payments_honoured');
    expect(row.examples[0]).toContain('refunded only');
  });

  it('sees a confirmed booking with a second succeeded payment', async () => {
    const second = randomUUID();
    await insertPayment(second, ids.confirmed, 'succeeded');
    const row = await expectOnlyViolated('payments_agree_with_bookings');
    expect(row.examples[0]).toContain(second);
  });

  it('sees a checkout left open for a booking that expired', async () => {
    const open = randomUUID();
    await insertPayment(open, ids.expired, 'open');
    const row = await expectOnlyViolated('payments_agree_with_bookings');
    expect(row.examples[0]).toContain(`checkout of payment ${open} is still open`);
  });

  it('sees a refund left pending', async () => {
    await payments.query(`UPDATE refunds SET status = 'pending' WHERE payment_id = $1`, [
      pay.refunded,
    ]);
    await expectOnlyViolated('payments_agree_with_bookings');
  });

  it('sees a pending booking past its hold plus the grace', async () => {
    await booking.query(
      `UPDATE bookings SET hold_expires_at = now() - make_interval(secs => $2) WHERE id = $1`,
      [ids.pending, GRACE_SECONDS + 5],
    );
    const row = await expectOnlyViolated('no_hold_past_expiry');
    expect(row.examples[0]).toContain(ids.pending);
  });

  it('does not count a hold still inside its grace', async () => {
    await booking.query(
      `UPDATE bookings SET hold_expires_at = now() - make_interval(secs => $2) WHERE id = $1`,
      [ids.pending, GRACE_SECONDS - 10],
    );
    expect((await check()).filter((row) => row.violations > 0)).toEqual([]);
  });

  it.each(['booking', 'payments', 'appointments'] as const)(
    'sees an unpublished outbox row in %s',
    async (service) => {
      const client = { booking, payments, appointments }[service];
      const id = randomUUID();
      await client.query(
        `INSERT INTO outbox (id, type, envelope) VALUES ($1, 'booking.created', '{}')`,
        [id],
      );
      const row = await expectOnlyViolated('outbox_published');
      expect(row.examples[0]).toBe(`${service} outbox ${id} (booking.created)`);
    },
  );

  it('sees a dead letter without its error', async () => {
    await addDeadLetter('booking-inbox-dlq', 'no-error', {
      queue: 'booking-inbox',
      jobId: 'no-error',
      type: 'payment.succeeded',
      envelope: { id: 'x' },
    });
    const row = await expectOnlyViolated('dead_letters_recorded');
    expect(row.examples[0]).toContain('no-error');
  });

  it('sees dead letters that GET /admin/dlq does not count', async () => {
    listing = {
      ...listing,
      counts: async () => (await realCounts()).map((row) => ({ ...row, count: 0 })),
    };
    const row = await expectOnlyViolated('dead_letters_recorded');
    expect(row.examples[0]).toContain('payments-inbox-dlq');
  });

  it('sees a dead letter that GET /admin/dlq/:queue does not list', async () => {
    listing = { ...listing, list: async () => [] };
    const row = await expectOnlyViolated('dead_letters_recorded');
    expect(row.examples[0]).toContain(`job ${FLAGGED_EVENT} is not listed`);
  });

  it('sees a flagged payment that never reached the dead-letter queue', async () => {
    await deleteQueueKeys(REDIS_URL, prefix);
    const row = await expectOnlyViolated('dead_letters_recorded');
    expect(row.examples[0]).toContain(pay.flagged);
  });

  it('sees a booking and its appointment disagree', async () => {
    await appointments.query(`UPDATE appointments SET status = 'paid' WHERE booking_id = $1`, [
      ids.pending,
    ]);
    const row = await expectOnlyViolated('bookings_agree_with_appointments');
    expect(row.examples[0]).toContain('booking pending_payment, appointment paid');
  });

  it('sees a booking with no appointment', async () => {
    await appointments.query('DELETE FROM appointments WHERE booking_id = $1', [ids.expired]);
    const row = await expectOnlyViolated('bookings_agree_with_appointments');
    expect(row.examples[0]).toContain('has no appointment');
  });
});
