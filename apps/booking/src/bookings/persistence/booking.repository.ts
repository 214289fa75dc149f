import { SEND_WITH_NEXT, queryRows } from '@app/platform';
import { BookingStatus, CheckoutResource, PaymentStatus } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { Booking, CancelledBy } from '../domain/booking';
import { BookingScope } from '../domain/booking-access';
import { BookingListQuery } from '../domain/booking-request';

interface BookingRow {
  id: string;
  customer_id: string;
  customer_name: string;
  customer_email: string;
  barber_id: string;
  barber_name: string;
  time_zone: string;
  service_id: string;
  service_name: string;
  slot_ids: string[];
  starts_at: Date;
  ends_at: Date;
  price_cents: number;
  currency: string;
  status: BookingStatus;
  payment_status: PaymentStatus;
  hold_expires_at: Date;
  appointment_id: string | null;
  cancellation_reason: string | null;
  cancelled_by: CancelledBy | null;
  rescheduled_from_starts_at: Date | null;
  rescheduled_from_ends_at: Date | null;
  idempotency_key: string | null;
  checkout: CheckoutResource | null;
  payment_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Every column, plus the booking's slot ids in start order. */
const COLUMNS = 'b.*, ARRAY(SELECT bs.slot_id FROM booking_slots bs WHERE bs.booking_id = b.id ORDER BY bs.position) AS slot_ids';
const SELECT = `SELECT ${COLUMNS} FROM bookings b`;

function toBooking(row: BookingRow): Booking {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    barberId: row.barber_id,
    barberName: row.barber_name,
    timeZone: row.time_zone,
    serviceId: row.service_id,
    serviceName: row.service_name,
    slotIds: row.slot_ids,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    priceCents: row.price_cents,
    currency: row.currency,
    status: row.status,
    paymentStatus: row.payment_status,
    holdExpiresAt: row.hold_expires_at,
    appointmentId: row.appointment_id,
    cancellationReason: row.cancellation_reason,
    cancelledBy: row.cancelled_by,
    rescheduledFrom:
      row.rescheduled_from_starts_at && row.rescheduled_from_ends_at
        ? { startsAt: row.rescheduled_from_starts_at, endsAt: row.rescheduled_from_ends_at }
        : null,
    idempotencyKey: row.idempotency_key,
    checkout: row.checkout,
    paymentId: row.payment_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A status change and the slot links that follow it, in one statement (the links only if the row
 * moved): `from` ($2) guards it. Ends in the CTE `moved`; the caller adds its SELECT.
 */
const TRANSITION = `WITH moved AS (
     UPDATE bookings SET status = $3, payment_status = $4, cancellation_reason = $5, cancelled_by = $6, updated_at = $7,
                         payment_id = $8
      WHERE id = $1 AND status = $2 RETURNING id
   ), links AS (
     UPDATE booking_slots SET active = $9 WHERE booking_id IN (SELECT id FROM moved) AND active <> $9
   )`;

function transitionValues(booking: Booking, from: BookingStatus, active: boolean): unknown[] {
  return [booking.id, from, booking.status, booking.paymentStatus, booking.cancellationReason, booking.cancelledBy, booking.updatedAt, booking.paymentId, active];
}

/** The statuses bookings_no_overlapping_active checks (the booking schema's migration). */
const OVERLAP_CHECKED: ReadonlySet<BookingStatus> = new Set<BookingStatus>(['pending_payment', 'confirmed']);

/** Lock the booking's row for the rest of the transaction; false when there is none. */
async function lockRow(manager: EntityManager, id: string): Promise<boolean> {
  const locked = await queryRows<{ id: string }>(manager, 'SELECT id FROM bookings WHERE id = $1 FOR UPDATE', [id]);
  return locked.length > 0;
}

export const IDEMPOTENCY_KEY_CONSTRAINT = 'bookings_customer_idempotency_key';

export const bookingRepository = {
  async findById(manager: EntityManager, id: string): Promise<Booking | null> {
    const rows = await queryRows<BookingRow>(manager, `${SELECT} WHERE b.id = $1`, [id]);
    return rows[0] ? toBooking(rows[0]) : null;
  },

  /**
   * The booking, its row locked for the rest of the transaction. Lock first, read after, in two
   * statements: a statement that waited for the lock sees the row as the other transaction left
   * it, but its sub-select of booking_slots still reads the snapshot from before the wait — a
   * reschedule committed meanwhile would come back with its old slots (found by racing five
   * moves of one booking).
   */
  async lockById(manager: EntityManager, id: string): Promise<Booking | null> {
    if (!(await lockRow(manager, id))) return null;
    const rows = await queryRows<BookingRow>(manager, `${SELECT} WHERE b.id = $1`, [id]);
    return rows[0] ? toBooking(rows[0]) : null;
  },

  /**
   * lockById, and in the same read whether booking refused this payment before
   * (rejected_payments): one round trip fewer for every payment.succeeded.
   */
  async lockForPayment(manager: EntityManager, id: string, paymentId: string): Promise<{ booking: Booking; paymentRefused: boolean } | null> {
    if (!(await lockRow(manager, id))) return null;
    const rows = await queryRows<BookingRow & { payment_refused: boolean }>(
      manager,
      `SELECT ${COLUMNS}, EXISTS (SELECT 1 FROM rejected_payments r WHERE r.payment_id = $2) AS payment_refused
         FROM bookings b WHERE b.id = $1`,
      [id, paymentId],
    );
    return rows[0] ? { booking: toBooking(rows[0]), paymentRefused: rows[0].payment_refused } : null;
  },

  async findByIdempotencyKey(manager: EntityManager, customerId: string, key: string): Promise<Booking | null> {
    const rows = await queryRows<BookingRow>(manager, `${SELECT} WHERE b.customer_id = $1 AND b.idempotency_key = $2`, [
      customerId,
      key,
    ]);
    return rows[0] ? toBooking(rows[0]) : null;
  },

  /**
   * Pending bookings past their hold plus grace, oldest first, locked; rows another sweeper
   * has locked are skipped, so concurrent sweeps take disjoint batches.
   */
  async lockLapsed(manager: EntityManager, deadline: Date, limit: number): Promise<Booking[]> {
    const rows = await queryRows<BookingRow>(
      manager,
      `${SELECT} WHERE b.status = 'pending_payment' AND b.hold_expires_at < $1
        ORDER BY b.hold_expires_at LIMIT $2 FOR UPDATE OF b SKIP LOCKED`,
      [deadline, limit],
    );
    return rows.map(toBooking);
  },

  /** Ids of pending bookings whose hold ended before `endedBefore`, oldest first (no lock: a question to ask, not a change). */
  async findLapsedIds(manager: EntityManager, endedBefore: Date, limit: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `SELECT id FROM bookings WHERE status = 'pending_payment' AND hold_expires_at < $1 ORDER BY hold_expires_at, id LIMIT $2`,
      [endedBefore, limit],
    );
    return rows.map((row) => row.id);
  },

  /** The bookings among `ids` (unknown ones are absent). */
  async findByIds(manager: EntityManager, ids: string[]): Promise<Booking[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<BookingRow>(manager, `${SELECT} WHERE b.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toBooking);
  },

  /**
   * Ids of confirmed bookings with no appointment link, unchanged since `changedBefore` and not
   * re-announced by the reconciler since `reconciledBefore`, oldest first.
   */
  async findUnlinkedConfirmedIds(manager: EntityManager, changedBefore: Date, reconciledBefore: Date, limit: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `SELECT id FROM bookings
        WHERE status = 'confirmed' AND appointment_id IS NULL AND updated_at < $1
          AND (last_reconciled_at IS NULL OR last_reconciled_at < $2)
        ORDER BY updated_at, id LIMIT $3`,
      [changedBefore, reconciledBefore, limit],
    );
    return rows.map((row) => row.id);
  },

  /**
   * The booking, its row locked, when it is (still, once the lock is ours) confirmed, unlinked,
   * unchanged since `changedBefore` and not re-announced since `reconciledBefore`; else null.
   */
  async lockUnlinkedConfirmed(manager: EntityManager, id: string, changedBefore: Date, reconciledBefore: Date): Promise<Booking | null> {
    const rows = await queryRows<BookingRow>(
      manager,
      `${SELECT} WHERE b.id = $1 AND b.status = 'confirmed' AND b.appointment_id IS NULL AND b.updated_at < $2
          AND (b.last_reconciled_at IS NULL OR b.last_reconciled_at < $3)
        FOR UPDATE OF b`,
      [id, changedBefore, reconciledBefore],
    );
    return rows[0] ? toBooking(rows[0]) : null;
  },

  /** Remember that the reconciler re-announced the booking (updated_at is left alone: nothing a reader sees changed). */
  async markReconciled(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query('UPDATE bookings SET last_reconciled_at = $2 WHERE id = $1', [id, at]);
  },

  async list(manager: EntityManager, scope: Exclude<BookingScope, 'none'>, query: BookingListQuery): Promise<Booking[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (scope !== 'all' && 'customerId' in scope) where('b.customer_id = ?', scope.customerId);
    if (scope !== 'all' && 'barberId' in scope) where('b.barber_id = ?', scope.barberId);
    if (query.barberId) where('b.barber_id = ?', query.barberId);
    if (query.status) where('b.status = ?', query.status);
    if (query.from) where('b.starts_at >= ?', query.from);
    if (query.to) where('b.starts_at < ?', query.to);
    params.push(query.limit, query.offset);
    const rows = await queryRows<BookingRow>(
      manager,
      `${SELECT} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY b.created_at DESC, b.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map(toBooking);
  },

  /**
   * Insert the booking and its slots (active); the caller's transaction has taken the slots
   * already. Nobody reads the answers, so both go to PostgreSQL with the transaction's next
   * statement (SEND_WITH_NEXT, its COMMIT when the outbox rows wait too): a constraint they meet
   * (the customer's idempotency key, an overlap, a slot's active link) fails that statement, with
   * the same error, and the caller handles it around the transaction.
   */
  async insert(manager: EntityManager, booking: Booking): Promise<void> {
    await manager.query(
      `${SEND_WITH_NEXT}INSERT INTO bookings (id, customer_id, customer_name, customer_email, barber_id, service_id, service_name,
                             starts_at, ends_at, price_cents, currency, status, payment_status, hold_expires_at,
                             appointment_id, cancellation_reason, cancelled_by, idempotency_key, checkout,
                             payment_id, created_at, updated_at, barber_name, time_zone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
      [
        booking.id,
        booking.customerId,
        booking.customerName,
        booking.customerEmail,
        booking.barberId,
        booking.serviceId,
        booking.serviceName,
        booking.startsAt,
        booking.endsAt,
        booking.priceCents,
        booking.currency,
        booking.status,
        booking.paymentStatus,
        booking.holdExpiresAt,
        booking.appointmentId,
        booking.cancellationReason,
        booking.cancelledBy,
        booking.idempotencyKey,
        booking.checkout === null ? null : JSON.stringify(booking.checkout),
        booking.paymentId,
        booking.createdAt,
        booking.updatedAt,
        booking.barberName,
        booking.timeZone,
      ],
    );
    await manager.query(
      `${SEND_WITH_NEXT}INSERT INTO booking_slots (booking_id, slot_id, position, active)
       SELECT $1, slot_id, position::smallint, $3 FROM unnest($2::uuid[]) WITH ORDINALITY AS s (slot_id, position)`,
      [booking.id, booking.slotIds, true],
    );
  },

  /**
   * Write a status change. `from` guards it: a booking that has moved on meanwhile is left as
   * it is (false). booking_slots.active follows the status in the same statement's transaction.
   * Making a booking active again (a late payment) can violate the constraints that refuse two
   * active bookings on one slot or overlapping: run that inside a savepoint.
   */
  async saveTransition(manager: EntityManager, booking: Booking, from: BookingStatus, active: boolean): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(manager, `${TRANSITION} SELECT id FROM moved`, transitionValues(booking, from, active));
    return rows.length > 0;
  },

  /**
   * saveTransition for a booking this transaction holds locked (lockById, lockForPayment), on a
   * move that cannot meet the constraints: within the active statuses (pending → confirmed) or out
   * of them. Nothing can refuse it and nobody reads the answer, so it goes to PostgreSQL with the
   * transaction's next statement (SEND_WITH_NEXT).
   */
  async saveLockedTransition(manager: EntityManager, booking: Booking, from: BookingStatus, active: boolean): Promise<void> {
    if (OVERLAP_CHECKED.has(booking.status) && !OVERLAP_CHECKED.has(from)) {
      throw new Error(`${from} → ${booking.status} can meet the overlap constraint: use saveTransition`);
    }
    await manager.query(`${SEND_WITH_NEXT}${TRANSITION} SELECT 1`, transitionValues(booking, from, active));
  },

  /** Write the payment status alone (a refund's progress, a rejected payment); the status stays. */
  async savePaymentStatus(manager: EntityManager, booking: Booking): Promise<void> {
    await manager.query('UPDATE bookings SET payment_status = $2, updated_at = $3 WHERE id = $1', [
      booking.id,
      booking.paymentStatus,
      booking.updatedAt,
    ]);
  },

  /**
   * Write the payment status payments reported with this revision (payment.status_changed);
   * false when a newer or the same revision was applied already (a late or repeated message).
   */
  async savePaymentStatusAtRevision(manager: EntityManager, booking: Booking, revision: number): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      manager,
      'UPDATE bookings SET payment_status = $2, payment_revision = $3, updated_at = $4 WHERE id = $1 AND payment_revision < $3 RETURNING id',
      [booking.id, booking.paymentStatus, revision, booking.updatedAt],
    );
    return rows.length > 0;
  },

  /**
   * Move the booking to `booking.slotIds` (DESIGN §6.7), inside the transaction that took the new
   * slots and released the old ones: its times and rescheduledFrom, and its slot list (the old
   * ones are forgotten, the new ones active). The database refuses an overlap with another active
   * booking of the barber, or a slot active in another booking: the caller answers SLOT_UNAVAILABLE.
   */
  async saveReschedule(manager: EntityManager, booking: Booking): Promise<void> {
    await manager.query(
      `UPDATE bookings SET starts_at = $2, ends_at = $3, rescheduled_from_starts_at = $4, rescheduled_from_ends_at = $5, updated_at = $6
        WHERE id = $1`,
      [booking.id, booking.startsAt, booking.endsAt, booking.rescheduledFrom?.startsAt ?? null, booking.rescheduledFrom?.endsAt ?? null, booking.updatedAt],
    );
    await manager.query('DELETE FROM booking_slots WHERE booking_id = $1 AND NOT (slot_id = ANY($2::uuid[]))', [booking.id, booking.slotIds]);
    await manager.query(
      `${SEND_WITH_NEXT}INSERT INTO booking_slots (booking_id, slot_id, position, active)
       SELECT $1, slot_id, position::smallint, true FROM unnest($2::uuid[]) WITH ORDINALITY AS s (slot_id, position)
       ON CONFLICT (booking_id, slot_id) DO UPDATE SET position = EXCLUDED.position, active = true`,
      [booking.id, booking.slotIds],
    );
  },

  /** The slot an earlier reschedule of this caller with this Idempotency-Key asked for, if any. */
  async findReschedule(manager: EntityManager, actorId: string, key: string): Promise<{ bookingId: string; slotId: string } | null> {
    const rows = await queryRows<{ booking_id: string; slot_id: string }>(
      manager,
      'SELECT booking_id, slot_id FROM booking_reschedules WHERE actor_id = $1 AND idempotency_key = $2',
      [actorId, key],
    );
    return rows[0] ? { bookingId: rows[0].booking_id, slotId: rows[0].slot_id } : null;
  },

  async recordReschedule(manager: EntityManager, actorId: string, key: string, bookingId: string, slotId: string, now: Date): Promise<void> {
    await manager.query(
      'INSERT INTO booking_reschedules (actor_id, idempotency_key, booking_id, slot_id, created_at) VALUES ($1, $2, $3, $4, $5)',
      [actorId, key, bookingId, slotId, now],
    );
  },

  /** The two-way link (DESIGN §6.2): set once; true when this call set it. */
  async linkAppointment(manager: EntityManager, bookingId: string, appointmentId: string, now: Date): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      manager,
      'UPDATE bookings SET appointment_id = $2, updated_at = $3 WHERE id = $1 AND appointment_id IS NULL RETURNING id',
      [bookingId, appointmentId, now],
    );
    return rows.length > 0;
  },
};
