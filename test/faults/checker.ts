import { INBOX_QUEUES, deadLetterQueueOf } from '@app/contracts';
import { Job, Queue } from 'bullmq';
import { Client } from 'pg';
import type { SucceededPayment } from '../../tools/stripe-standin/src/server';
import { redisOptions } from '../support/queues';

/**
 * The promises of DESIGN §10 as checks over what the system left behind: the three service
 * databases, the Stripe stand-in's ledger and the dead-letter queues. Each check reads state
 * only; it never repairs anything. Run it after the system has converged: a message still on
 * its way shows up here as a violation.
 */

export const PROMISES = {
  no_slot_in_two_active_bookings: 'no slot is in two active bookings',
  no_overlapping_active_bookings: 'no two active bookings of one barber overlap',
  slots_agree_with_bookings:
    'held slots belong to pending bookings, booked slots to confirmed ones, ended bookings hold nothing, and a (moved) booking spans exactly its slots',
  succeeded_payments_honoured:
    'every payment Stripe took is a confirmed/paid booking with booked slots and a paid appointment, or was refunded in full',
  payments_agree_with_bookings:
    'a confirmed booking has exactly one succeeded payment (its own); no succeeded payment for a booking that did not keep it; no refund left pending',
  no_hold_past_expiry: 'no booking is pending past holdExpiresAt plus the grace',
  outbox_published: 'no outbox row is left unpublished (booking, payments, appointments)',
  dead_letters_recorded:
    'every dead letter holds its envelope and error, is listed by GET /admin/dlq, and every flagged payment was dead-lettered',
  bookings_agree_with_appointments:
    'every booking has its appointment, linked both ways, in the matching state (pending↔pending, confirmed↔paid/completed/no_show, expired/cancelled↔cancelled)',
  money_owed_visible:
    'money owed is visible: a payment whose refund failed or that is disputed has an open attention item of its kind (a dispute with its evidence due date) and its booking shows it; no item stays open once its fact resolved',
} as const;

export type PromiseName = keyof typeof PROMISES;

export interface PromiseResult {
  promise: PromiseName;
  description: string;
  violations: number;
  /** A few offending ids with what is wrong with each. */
  examples: string[];
}

/** The part of the stand-in's `ledger()` the checker reads (StripeLedger fits it). */
export interface LedgerView {
  succeededPayments: readonly SucceededPayment[];
  refunds: ReadonlyArray<{
    id: string;
    amount: number;
    charge: string | { id: string };
    status: string;
  }>;
}

export interface DeadLetterListing {
  counts(): Promise<ReadonlyArray<{ queue: string; count: number }>>;
  /** `queue`: a dead-letter queue's name, as `counts()` gives it. */
  list(queue: string): Promise<ReadonlyArray<{ jobId: string; error: string }>>;
}

export interface CheckerInputs {
  databases: { booking: string; payments: string; appointments: string };
  ledger: LedgerView;
  /** Where the dead-letter queues live: the services' REDIS_URL and QUEUE_PREFIX. */
  redis: { url: string; prefix: string };
  /** BOOKING_HOLD_GRACE_SECONDS. */
  holdGraceSeconds: number;
  /**
   * Extra seconds a lapsed hold may still be pending before it counts: the expiry sweep runs on
   * an interval, so a hold that lapsed a moment ago is not yet a broken promise.
   */
  holdSweepSlackSeconds?: number;
  /**
   * What on-call sees through the gateway: GET /admin/dlq (counts) and GET /admin/dlq/:queue (the
   * letters, every page). When given, the counts must match the queues and every dead letter
   * waiting in them must be listed with its error.
   */
  deadLetterListing?: DeadLetterListing;
  /** Examples kept per promise (default 5). */
  maxExamples?: number;
}

/** application_name of the suite's own connections (the PostgreSQL fault spares them). */
export const SUITE_APPLICATION_NAME = 'faults-checker';

const ACTIVE = new Set(['pending_payment', 'confirmed']);
/**
 * Payment statuses in which the money is still taken for the booking: succeeded, or in a
 * dispute's hands (DESIGN §5: the booking's own status does not change), with the paymentStatus
 * its booking shows.
 */
const TAKEN_PAYMENT_SHOWN_AS: Readonly<Record<string, string>> = {
  succeeded: 'paid',
  disputed: 'disputed',
  dispute_lost: 'dispute_lost',
};
/** Payment statuses that need a person, with the attention item that must be open for each. */
const OWED_ATTENTION_KIND: Readonly<Record<string, string>> = {
  refund_failed: 'refund_failed',
  disputed: 'dispute_open',
};
/** The appointment statuses each booking status agrees with (DESIGN §6.2, apps/appointments domain). */
const AGREEING_APPOINTMENT: Readonly<Record<string, readonly string[]>> = {
  pending_payment: ['pending'],
  confirmed: ['paid', 'completed', 'no_show'],
  // completed / no_show are final: a cancellation after the visit leaves them as they are.
  cancelled: ['cancelled', 'completed', 'no_show'],
  expired: ['cancelled'],
};

interface BookingRow {
  id: string;
  barber_id: string;
  status: string;
  payment_status: string;
  payment_id: string | null;
  appointment_id: string | null;
  cancelled_by: string | null;
  starts_at: Date;
  ends_at: Date;
}

interface BookingSlotRow {
  booking_id: string;
  slot_id: string;
  active: boolean;
  slot_status: string | null;
  slot_booking_id: string | null;
  slot_starts_at: Date | null;
  slot_ends_at: Date | null;
}

interface PaymentRow {
  id: string;
  booking_id: string;
  checkout_session_id: string;
  status: string;
  flagged_reason: string | null;
  flagged_event_id: string | null;
  dead_lettered_at: Date | null;
}

interface AppointmentRow {
  id: string;
  booking_id: string;
  barber_id: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
}

class Findings {
  private readonly rows = new Map<PromiseName, { violations: number; examples: string[] }>();

  constructor(private readonly maxExamples: number) {
    for (const name of Object.keys(PROMISES) as PromiseName[])
      this.rows.set(name, { violations: 0, examples: [] });
  }

  add(promise: PromiseName, example: string): void {
    const row = this.rows.get(promise)!;
    row.violations += 1;
    if (row.examples.length < this.maxExamples) row.examples.push(example);
  }

  results(): PromiseResult[] {
    return [...this.rows.entries()].map(([promise, row]) => ({
      promise,
      description: PROMISES[promise],
      ...row,
    }));
  }
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectPostgres(url);
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * A connection of the suite's own, tagged so a fault never cuts it; "too many clients" (the
 * services' pools and other suites share the server) is waited out for a while.
 */
export async function connectPostgres(url: string): Promise<Client> {
  for (let attempt = 1; ; attempt += 1) {
    const client = new Client({ connectionString: url, application_name: SUITE_APPLICATION_NAME });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code !== '53300' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** One row per promise with its violation count and a few examples; all zero means every promise holds. */
export async function checkPromises(inputs: CheckerInputs): Promise<PromiseResult[]> {
  const found = new Findings(inputs.maxExamples ?? 5);
  const [booking, payments, appointments] = await Promise.all([
    withClient(inputs.databases.booking, (client) => readBooking(client, inputs)),
    withClient(inputs.databases.payments, readPayments),
    withClient(inputs.databases.appointments, readAppointments),
  ]);
  const deadLetters = await readDeadLetters(inputs);

  const bookingsById = new Map(booking.bookings.map((row) => [row.id, row]));
  const slotsByBooking = groupBy(booking.bookingSlots, (row) => row.booking_id);
  const paymentsByBooking = groupBy(payments.payments, (row) => row.booking_id);
  const paymentsBySession = new Map(payments.payments.map((row) => [row.checkout_session_id, row]));
  const appointmentsByBooking = new Map(
    appointments.appointments.map((row) => [row.booking_id, row]),
  );

  // 1. No slot in two active bookings; no overlapping active bookings per barber.
  for (const row of booking.sharedSlots)
    found.add(
      'no_slot_in_two_active_bookings',
      `slot ${row.slot_id}: bookings ${row.bookings.join(', ')}`,
    );
  for (const row of booking.overlaps)
    found.add(
      'no_overlapping_active_bookings',
      `bookings ${row.a} and ${row.b} (barber ${row.barber_id})`,
    );

  // Slots agree with bookings. A slot two active bookings claim is reported above, not again here.
  const sharedSlotIds = new Set(booking.sharedSlots.map((row) => row.slot_id));
  for (const row of booking.strandedSlots.filter((stranded) => !sharedSlotIds.has(stranded.id))) {
    found.add(
      'slots_agree_with_bookings',
      `slot ${row.id} is ${row.status} for booking ${row.booking_id} which is ${row.booking_status ?? 'missing'}`,
    );
  }
  for (const row of booking.bookings) {
    const slots = slotsByBooking.get(row.id) ?? [];
    if (ACTIVE.has(row.status)) {
      const wanted = row.status === 'confirmed' ? 'booked' : 'held';
      if (slots.length === 0)
        found.add('slots_agree_with_bookings', `booking ${row.id} is ${row.status} with no slots`);
      // A moved booking (DESIGN §6.7) spans exactly its current slots.
      const starts = slots.map((slot) => slot.slot_starts_at?.getTime() ?? NaN);
      const ends = slots.map((slot) => slot.slot_ends_at?.getTime() ?? NaN);
      if (slots.length > 0 && (Math.min(...starts) !== row.starts_at.getTime() || Math.max(...ends) !== row.ends_at.getTime()))
        found.add('slots_agree_with_bookings', `booking ${row.id} is at ${row.starts_at.toISOString()} but its slots are not`);
      for (const slot of slots.filter((linked) => !sharedSlotIds.has(linked.slot_id))) {
        if (!slot.active || slot.slot_status !== wanted || slot.slot_booking_id !== row.id) {
          found.add(
            'slots_agree_with_bookings',
            `booking ${row.id} is ${row.status} but its slot ${slot.slot_id} is ${slot.slot_status ?? 'missing'} for ${slot.slot_booking_id ?? 'nobody'}${slot.active ? '' : ' (link inactive)'}`,
          );
        }
      }
    } else {
      for (const slot of slots.filter((s) => s.active)) {
        found.add(
          'slots_agree_with_bookings',
          `booking ${row.id} is ${row.status} but still owns slot ${slot.slot_id}`,
        );
      }
    }
  }

  // 2. Every payment Stripe took is honoured or refunded in full.
  const refundedByCharge = new Map<string, number>();
  for (const refund of inputs.ledger.refunds) {
    if (refund.status !== 'succeeded') continue;
    const charge = typeof refund.charge === 'string' ? refund.charge : refund.charge.id;
    refundedByCharge.set(charge, (refundedByCharge.get(charge) ?? 0) + refund.amount);
  }
  for (const paid of inputs.ledger.succeededPayments) {
    const refunded = refundedByCharge.get(paid.chargeId) ?? 0;
    const recorded =
      paid.checkoutSessionId === null ? undefined : paymentsBySession.get(paid.checkoutSessionId);
    const label = `payment ${paid.paymentIntentId} (${paid.amount} ${paid.currency}, booking ${paid.metadata.bookingId ?? '?'})`;
    if (
      !recorded ||
      !['refund_pending', 'refunded', ...Object.keys(TAKEN_PAYMENT_SHOWN_AS)].includes(
        recorded.status,
      )
    ) {
      found.add(
        'payments_agree_with_bookings',
        `${label}: payments recorded it as ${recorded?.status ?? 'nothing'}`,
      );
    }
    if (refunded === paid.amount) continue;
    if (refunded > 0) {
      found.add('succeeded_payments_honoured', `${label}: refunded only ${refunded}`);
      continue;
    }
    const problem = honouredProblem(
      paid,
      recorded?.id ?? paid.metadata.paymentId,
      bookingsById,
      slotsByBooking,
      appointmentsByBooking,
    );
    if (problem) found.add('succeeded_payments_honoured', `${label}: ${problem}`);
  }

  // Payments agree with bookings.
  for (const row of booking.bookings) {
    const own = paymentsByBooking.get(row.id) ?? [];
    const succeeded = own.filter((payment) => payment.status in TAKEN_PAYMENT_SHOWN_AS);
    if (row.status === 'confirmed') {
      if (
        succeeded.length !== 1 ||
        succeeded[0].id !== row.payment_id ||
        !Object.values(TAKEN_PAYMENT_SHOWN_AS).includes(row.payment_status)
      ) {
        found.add(
          'payments_agree_with_bookings',
          `confirmed booking ${row.id} (payment ${row.payment_id ?? 'none'}, ${row.payment_status}) has succeeded payments [${succeeded.map((p) => p.id).join(', ')}]`,
        );
      }
    } else {
      for (const payment of succeeded) {
        if (!keptUnderCancellationPolicy(row, payment.id)) {
          found.add(
            'payments_agree_with_bookings',
            `payment ${payment.id} succeeded for booking ${row.id} which is ${row.status}/${row.payment_status}`,
          );
        }
      }
    }
    if (row.payment_status === 'refund_pending')
      found.add('payments_agree_with_bookings', `booking ${row.id} still waits for a refund`);
  }
  for (const payment of payments.payments) {
    const owner = bookingsById.get(payment.booking_id);
    // A booking that ended closes its Checkout Sessions (DESIGN §6.4–6.5): nobody may pay it any more.
    if (payment.status === 'open' && owner && owner.status !== 'pending_payment')
      found.add(
        'payments_agree_with_bookings',
        `checkout of payment ${payment.id} is still open for booking ${owner.id} which is ${owner.status}`,
      );
    if (!owner)
      found.add(
        'payments_agree_with_bookings',
        `payment ${payment.id} is for unknown booking ${payment.booking_id}`,
      );
    if (payment.status === 'refund_pending')
      found.add(
        'payments_agree_with_bookings',
        `payment ${payment.id} (booking ${payment.booking_id}) is still refund_pending`,
      );
  }
  for (const refund of payments.refunds) {
    if (refund.status !== 'succeeded')
      found.add(
        'payments_agree_with_bookings',
        `refund ${refund.id} of payment ${refund.payment_id} is ${refund.status}`,
      );
  }

  // 7. Money owed is visible: on the booking and in GET /admin/attention, until it resolves.
  const openItems = new Map(
    payments.attention.map((item) => [`${item.payment_id}/${item.kind}`, item]),
  );
  for (const payment of payments.payments) {
    const kind = OWED_ATTENTION_KIND[payment.status];
    const owner = bookingsById.get(payment.booking_id);
    if (kind !== undefined) {
      const item = openItems.get(`${payment.id}/${kind}`);
      if (!item)
        found.add(
          'money_owed_visible',
          `payment ${payment.id} (booking ${payment.booking_id}) is ${payment.status} with no open ${kind} attention item`,
        );
      else if (kind === 'dispute_open' && item.due_by === null)
        found.add(
          'money_owed_visible',
          `dispute of payment ${payment.id} is open without its evidence due date`,
        );
    }
    const shown =
      payment.status in TAKEN_PAYMENT_SHOWN_AS
        ? TAKEN_PAYMENT_SHOWN_AS[payment.status]
        : payment.status;
    const speaksForBooking =
      owner !== undefined &&
      (owner.payment_id === payment.id || (owner.payment_id === null && kind !== undefined));
    if (
      (kind !== undefined || payment.status === 'dispute_lost') &&
      speaksForBooking &&
      owner.payment_status !== shown
    )
      found.add(
        'money_owed_visible',
        `payment ${payment.id} is ${payment.status} but booking ${owner.id} shows ${owner.payment_status}`,
      );
  }
  const paymentStatusById = new Map(
    payments.payments.map((payment) => [payment.id, payment.status]),
  );
  for (const item of payments.attention) {
    const still = Object.entries(OWED_ATTENTION_KIND).find(([, kind]) => kind === item.kind)?.[0];
    if (still !== undefined && paymentStatusById.get(item.payment_id) !== still)
      found.add(
        'money_owed_visible',
        `${item.kind} attention item of payment ${item.payment_id} is open but the payment is ${paymentStatusById.get(item.payment_id) ?? 'missing'}`,
      );
  }

  // 3. No hold past its expiry plus the grace.
  for (const row of booking.lapsedHolds)
    found.add(
      'no_hold_past_expiry',
      `booking ${row.id} pending, hold expired ${row.hold_expires_at.toISOString()}`,
    );

  // Outboxes.
  for (const [service, rows] of [
    ['booking', booking.unpublished],
    ['payments', payments.unpublished],
    ['appointments', appointments.unpublished],
  ] as const) {
    for (const row of rows)
      found.add('outbox_published', `${service} outbox ${row.id} (${row.type})`);
  }

  // 4. Dead letters recorded and visible.
  const incomplete = new Set<Job>();
  for (const letter of deadLetters.letters) {
    const data = letter.job.data as { error?: unknown; envelope?: unknown } | undefined;
    const missing = [
      typeof data?.error === 'string' && data.error.trim() !== '' ? null : 'error',
      data?.envelope === undefined || data.envelope === null ? 'envelope' : null,
    ].filter(Boolean);
    if (missing.length > 0) incomplete.add(letter.job);
    if (missing.length > 0)
      found.add(
        'dead_letters_recorded',
        `${letter.queue} job ${letter.job.id ?? '?'} has no ${missing.join(' or ')}`,
      );
  }
  if (inputs.deadLetterListing) {
    const listing = inputs.deadLetterListing;
    const counted = new Map((await listing.counts()).map((row) => [row.queue, row.count]));
    for (const queue of INBOX_QUEUES.map(deadLetterQueueOf)) {
      const waiting = deadLetters.letters.filter(
        (letter) => letter.queue === queue && letter.waiting,
      );
      if (counted.get(queue) !== waiting.length) {
        found.add(
          'dead_letters_recorded',
          `${queue}: GET /admin/dlq counts ${counted.get(queue) ?? 'nothing'}, the queue holds ${waiting.length}`,
        );
      }
      if (waiting.length === 0) continue;
      const listed = new Map(
        (await listing.list(queue)).map((letter) => [letter.jobId, letter.error]),
      );
      for (const letter of waiting.filter((candidate) => !incomplete.has(candidate.job))) {
        const error = listed.get(String(letter.job.id));
        if (error === undefined || error.trim() === '') {
          found.add(
            'dead_letters_recorded',
            `${queue} job ${letter.job.id ?? '?'} is ${error === undefined ? 'not listed' : 'listed without its error'} by GET /admin/dlq/${queue}`,
          );
        }
      }
    }
  }
  const letterIds = new Set(
    deadLetters.letters.map((letter) => `${letter.queue}/${letter.job.id}`),
  );
  for (const payment of payments.payments.filter((row) => row.flagged_reason !== null)) {
    const inQueue =
      payment.flagged_event_id !== null &&
      letterIds.has(`${deadLetterQueueOf('payments-inbox')}/${payment.flagged_event_id}`);
    if (payment.dead_lettered_at === null || !inQueue) {
      found.add(
        'dead_letters_recorded',
        `flagged payment ${payment.id} (${payment.flagged_reason}) is ${inQueue ? 'not marked dead-lettered' : 'not in payments-inbox-dlq'}`,
      );
    }
  }

  // Bookings and appointments agree.
  for (const row of booking.bookings) {
    const appointment = appointmentsByBooking.get(row.id);
    if (!appointment) {
      found.add(
        'bookings_agree_with_appointments',
        `booking ${row.id} (${row.status}) has no appointment`,
      );
      continue;
    }
    const problems: string[] = [];
    if (!(AGREEING_APPOINTMENT[row.status] ?? []).includes(appointment.status))
      problems.push(`booking ${row.status}, appointment ${appointment.status}`);
    if (row.appointment_id !== appointment.id)
      problems.push(
        `booking links appointment ${row.appointment_id ?? 'none'}, not ${appointment.id}`,
      );
    if (
      appointment.barber_id !== row.barber_id ||
      appointment.starts_at.getTime() !== row.starts_at.getTime() ||
      appointment.ends_at.getTime() !== row.ends_at.getTime()
    ) {
      problems.push('barber or times differ');
    }
    if (problems.length > 0)
      found.add('bookings_agree_with_appointments', `booking ${row.id}: ${problems.join('; ')}`);
  }
  for (const appointment of appointments.appointments) {
    if (!bookingsById.has(appointment.booking_id)) {
      found.add(
        'bookings_agree_with_appointments',
        `appointment ${appointment.id} is for unknown booking ${appointment.booking_id}`,
      );
    }
  }

  return found.results();
}

/** A customer's late cancellation keeps the payment (refund "none", DESIGN §6.5). */
function keptUnderCancellationPolicy(row: BookingRow, paymentId: string | undefined): boolean {
  return (
    row.status === 'cancelled' &&
    row.cancelled_by === 'customer' &&
    row.payment_status === 'paid' &&
    row.payment_id === paymentId
  );
}

/** Why an unrefunded payment is not honoured, or null when it is. */
function honouredProblem(
  paid: SucceededPayment,
  paymentId: string | undefined,
  bookings: Map<string, BookingRow>,
  slotsByBooking: Map<string, BookingSlotRow[]>,
  appointmentsByBooking: Map<string, AppointmentRow>,
): string | null {
  const bookingId = paid.metadata.bookingId;
  const row = bookingId === undefined ? undefined : bookings.get(bookingId);
  if (!row) return 'no such booking';
  if (keptUnderCancellationPolicy(row, paymentId)) return null;
  if (
    row.status !== 'confirmed' ||
    !Object.values(TAKEN_PAYMENT_SHOWN_AS).includes(row.payment_status)
  )
    return `booking is ${row.status}/${row.payment_status}, not refunded`;
  if (row.payment_id !== paymentId)
    return `booking was confirmed by payment ${row.payment_id ?? 'none'}, this one was kept too`;
  const slots = slotsByBooking.get(row.id) ?? [];
  if (
    slots.length === 0 ||
    slots.some((slot) => slot.slot_status !== 'booked' || slot.slot_booking_id !== row.id)
  ) {
    return `slots ${slots.map((slot) => `${slot.slot_id}:${slot.slot_status ?? 'missing'}`).join(', ')} are not all booked`;
  }
  const appointment = appointmentsByBooking.get(row.id);
  if (!appointment || !['paid', 'completed', 'no_show'].includes(appointment.status))
    return `appointment is ${appointment?.status ?? 'missing'}`;
  return null;
}

async function readBooking(client: Client, inputs: CheckerInputs) {
  const bookings = (
    await client.query<BookingRow>(
      `SELECT id, barber_id, status, payment_status, payment_id, appointment_id, cancelled_by, starts_at, ends_at FROM bookings`,
    )
  ).rows;
  const bookingSlots = (
    await client.query<BookingSlotRow>(
      `SELECT bs.booking_id, bs.slot_id, bs.active, s.status AS slot_status, s.booking_id AS slot_booking_id,
              s.starts_at AS slot_starts_at, s.ends_at AS slot_ends_at
         FROM booking_slots bs LEFT JOIN slots s ON s.id = bs.slot_id`,
    )
  ).rows;
  // Active by the booking's status or by the link's own flag: either way, one owner per slot.
  const sharedSlots = (
    await client.query<{ slot_id: string; bookings: string[] }>(
      `SELECT bs.slot_id, array_agg(b.id::text ORDER BY b.id) AS bookings
         FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id
        WHERE b.status IN ('pending_payment', 'confirmed') OR bs.active
        GROUP BY bs.slot_id HAVING count(*) > 1`,
    )
  ).rows;
  const overlaps = (
    await client.query<{ a: string; b: string; barber_id: string }>(
      `SELECT a.id AS a, b.id AS b, a.barber_id
         FROM bookings a JOIN bookings b ON b.barber_id = a.barber_id AND a.id < b.id
          AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        WHERE a.status IN ('pending_payment', 'confirmed') AND b.status IN ('pending_payment', 'confirmed')
          -- Two bookings on one slot are the shared-slot violation, not counted twice.
          AND NOT EXISTS (SELECT 1 FROM booking_slots x JOIN booking_slots y ON y.slot_id = x.slot_id
                           WHERE x.booking_id = a.id AND y.booking_id = b.id)`,
    )
  ).rows;
  const strandedSlots = (
    await client.query<{
      id: string;
      status: string;
      booking_id: string | null;
      booking_status: string | null;
    }>(
      `SELECT s.id, s.status, s.booking_id, b.status AS booking_status
         FROM slots s LEFT JOIN bookings b ON b.id = s.booking_id
        WHERE s.status IN ('held', 'booked')
          AND (b.id IS NULL OR (s.status = 'held' AND b.status <> 'pending_payment') OR (s.status = 'booked' AND b.status <> 'confirmed'))`,
    )
  ).rows;
  const lapsedHolds = (
    await client.query<{ id: string; hold_expires_at: Date }>(
      `SELECT id, hold_expires_at FROM bookings
        WHERE status = 'pending_payment' AND hold_expires_at + make_interval(secs => $1) < now()`,
      [inputs.holdGraceSeconds + (inputs.holdSweepSlackSeconds ?? 0)],
    )
  ).rows;
  return {
    bookings,
    bookingSlots,
    sharedSlots,
    overlaps,
    strandedSlots,
    lapsedHolds,
    unpublished: await unpublishedOutbox(client),
  };
}

async function readPayments(client: Client) {
  const payments = (
    await client.query<PaymentRow>(
      `SELECT id, booking_id, checkout_session_id, status, flagged_reason, flagged_event_id, dead_lettered_at FROM payments`,
    )
  ).rows;
  const refunds = (
    await client.query<{ id: string; payment_id: string; status: string }>(
      `SELECT id, payment_id, status FROM refunds`,
    )
  ).rows;
  const attention = (
    await client.query<{ payment_id: string; kind: string; due_by: Date | null }>(
      `SELECT payment_id, kind, due_by FROM attention_items WHERE closed_at IS NULL`,
    )
  ).rows;
  return { payments, refunds, attention, unpublished: await unpublishedOutbox(client) };
}

async function readAppointments(client: Client) {
  const appointments = (
    await client.query<AppointmentRow>(
      `SELECT id, booking_id, barber_id, starts_at, ends_at, status FROM appointments`,
    )
  ).rows;
  return { appointments, unpublished: await unpublishedOutbox(client) };
}

async function unpublishedOutbox(client: Client): Promise<Array<{ id: string; type: string }>> {
  return (
    await client.query<{ id: string; type: string }>(
      `SELECT id, type FROM outbox WHERE published_at IS NULL ORDER BY seq`,
    )
  ).rows;
}

/** Every job of every `<inbox>-dlq`, whatever its state; `waiting` ones are what GET /admin/dlq counts and lists. */
async function readDeadLetters(
  inputs: CheckerInputs,
): Promise<{ letters: Array<{ queue: string; job: Job; waiting: boolean }> }> {
  const letters: Array<{ queue: string; job: Job; waiting: boolean }> = [];
  for (const queueName of INBOX_QUEUES.map(deadLetterQueueOf)) {
    const queue = new Queue(queueName, {
      connection: redisOptions(inputs.redis.url),
      prefix: inputs.redis.prefix,
    });
    try {
      const waiting = new Set(
        (await queue.getJobs(['waiting', 'delayed', 'prioritized']))
          .filter(Boolean)
          .map((job) => job.id),
      );
      for (const job of (
        await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed'])
      ).filter(Boolean)) {
        letters.push({ queue: queueName, job, waiting: waiting.has(job.id) });
      }
    } finally {
      await queue.close();
    }
  }
  return { letters };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Total violations across every promise. */
export function totalViolations(results: readonly PromiseResult[]): number {
  return results.reduce((sum, row) => sum + row.violations, 0);
}
