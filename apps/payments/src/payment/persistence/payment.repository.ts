import { SEND_WITH_NEXT, queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { Payment, PaymentStatus } from '../domain/payment';

/*
 * Lock order, everywhere, so no two transactions wait on each other: a booking's payment rows
 * in attempt order, then their refund rows. The webhook inserts its stripe_events row first;
 * no other transaction touches that table.
 */

interface PaymentRow {
  id: string;
  booking_id: string;
  attempt: number;
  checkout_session_id: string;
  checkout_url: string;
  expires_at: Date;
  amount_cents: number;
  currency: string;
  customer_email: string;
  status: PaymentStatus;
  payment_intent_id: string | null;
  paid_amount_cents: number | null;
  paid_currency: string | null;
  flagged_reason: string | null;
  flagged_event_id: string | null;
  dead_lettered_at: Date | null;
  last_payment_error: string | null;
  last_payment_error_at: Date | null;
  charge_id: string | null;
  amount_refunded_cents: number;
  money_revision: number;
  dispute_id: string | null;
  dispute_status: string | null;
  dispute_evidence_due_by: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    bookingId: row.booking_id,
    attempt: row.attempt,
    checkoutSessionId: row.checkout_session_id,
    checkoutUrl: row.checkout_url,
    expiresAt: row.expires_at,
    amountCents: row.amount_cents,
    currency: row.currency,
    customerEmail: row.customer_email,
    status: row.status,
    paymentIntentId: row.payment_intent_id,
    paidAmountCents: row.paid_amount_cents,
    paidCurrency: row.paid_currency,
    flaggedReason: row.flagged_reason,
    flaggedEventId: row.flagged_event_id,
    deadLetteredAt: row.dead_lettered_at,
    lastPaymentError: row.last_payment_error,
    lastPaymentErrorAt: row.last_payment_error_at,
    chargeId: row.charge_id,
    amountRefundedCents: row.amount_refunded_cents,
    moneyRevision: row.money_revision,
    disputeId: row.dispute_id,
    disputeStatus: row.dispute_status,
    disputeEvidenceDueBy: row.dispute_evidence_due_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const uuid = z.uuid();
/** Ids from Stripe metadata are only as good as whoever wrote them: never let one reach a uuid cast. */
const isUuid = (value: string | null): value is string => value !== null && uuid.safeParse(value).success;

/** What save() and saveLocked() write: $1 is the id, $2–$17 the columns (savedValues). */
const SAVED_COLUMNS = `status = $2, payment_intent_id = $3, paid_amount_cents = $4, paid_currency = $5,
    flagged_reason = $6, flagged_event_id = $7, dead_lettered_at = $8, updated_at = $9,
    last_payment_error = $10, last_payment_error_at = $11, charge_id = $12, amount_refunded_cents = $13,
    money_revision = $14, dispute_id = $15, dispute_status = $16, dispute_evidence_due_by = $17`;

function savedValues(payment: Payment): unknown[] {
  return [
    payment.id,
    payment.status,
    payment.paymentIntentId,
    payment.paidAmountCents,
    payment.paidCurrency,
    payment.flaggedReason,
    payment.flaggedEventId,
    payment.deadLetteredAt,
    payment.updatedAt,
    payment.lastPaymentError,
    payment.lastPaymentErrorAt,
    payment.chargeId,
    payment.amountRefundedCents,
    payment.moneyRevision,
    payment.disputeId,
    payment.disputeStatus,
    payment.disputeEvidenceDueBy,
  ];
}

export const paymentRepository = {
  /** The booking's payments, first session first. */
  async listByBooking(manager: EntityManager, bookingId: string): Promise<Payment[]> {
    const rows = await queryRows<PaymentRow>(manager, 'SELECT * FROM payments WHERE booking_id = $1 ORDER BY attempt', [bookingId]);
    return rows.map(toPayment);
  },

  async listByBookings(manager: EntityManager, bookingIds: string[]): Promise<Payment[]> {
    const rows = await queryRows<PaymentRow>(manager, 'SELECT * FROM payments WHERE booking_id = ANY($1::uuid[]) ORDER BY booking_id, attempt', [
      bookingIds,
    ]);
    return rows.map(toPayment);
  },

  /** The booking's payments, locked in attempt order (the lock order everywhere). */
  async lockByBooking(manager: EntityManager, bookingId: string): Promise<Payment[]> {
    const rows = await queryRows<PaymentRow>(manager, 'SELECT * FROM payments WHERE booking_id = $1 ORDER BY attempt FOR UPDATE', [bookingId]);
    return rows.map(toPayment);
  },

  async lockById(manager: EntityManager, id: string): Promise<Payment | null> {
    if (!isUuid(id)) return null;
    const rows = await queryRows<PaymentRow>(manager, 'SELECT * FROM payments WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? toPayment(rows[0]) : null;
  },

  async lockByCheckoutSession(manager: EntityManager, checkoutSessionId: string): Promise<Payment | null> {
    const rows = await queryRows<PaymentRow>(manager, 'SELECT * FROM payments WHERE checkout_session_id = $1 FOR UPDATE', [checkoutSessionId]);
    return rows[0] ? toPayment(rows[0]) : null;
  },

  /**
   * The payment a PaymentIntent (or its charge) belongs to: the one that recorded this intent;
   * else the one its metadata names (we put paymentId there when opening the session); else, for
   * an intent carrying only bookingId, the booking's newest payment that has no intent yet.
   */
  async lockByPaymentIntent(
    manager: EntityManager,
    locator: { paymentIntentId: string; paymentId: string | null; bookingId: string | null },
  ): Promise<Payment | null> {
    const byIntent = await queryRows<PaymentRow>(manager, 'SELECT * FROM payments WHERE payment_intent_id = $1 ORDER BY attempt DESC LIMIT 1 FOR UPDATE', [
      locator.paymentIntentId,
    ]);
    if (byIntent[0]) return toPayment(byIntent[0]);
    if (isUuid(locator.paymentId)) {
      const byId = await queryRows<PaymentRow>(manager, 'SELECT * FROM payments WHERE id = $1 FOR UPDATE', [locator.paymentId]);
      const found = byId[0] ? toPayment(byId[0]) : null;
      if (found && (locator.bookingId === null || found.bookingId === locator.bookingId)) return found;
      if (found) return null;
    }
    if (isUuid(locator.bookingId)) {
      const latest = await queryRows<PaymentRow>(
        manager,
        'SELECT * FROM payments WHERE booking_id = $1 AND payment_intent_id IS NULL ORDER BY attempt DESC LIMIT 1 FOR UPDATE',
        [locator.bookingId],
      );
      return latest[0] ? toPayment(latest[0]) : null;
    }
    return null;
  },

  /** Insert a new session's payment; false when that attempt of the booking is already stored. */
  async insert(manager: EntityManager, payment: Payment): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO payments (id, booking_id, attempt, checkout_session_id, checkout_url, expires_at, amount_cents, currency,
                             customer_email, status, payment_intent_id, paid_amount_cents, paid_currency, flagged_reason,
                             flagged_event_id, dead_lettered_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        payment.id,
        payment.bookingId,
        payment.attempt,
        payment.checkoutSessionId,
        payment.checkoutUrl,
        payment.expiresAt,
        payment.amountCents,
        payment.currency,
        payment.customerEmail,
        payment.status,
        payment.paymentIntentId,
        payment.paidAmountCents,
        payment.paidCurrency,
        payment.flaggedReason,
        payment.flaggedEventId,
        payment.deadLetteredAt,
        payment.createdAt,
        payment.updatedAt,
      ],
    );
    return rows.length > 0;
  },

  /** Write a change the domain decided; `from` guards it (false: the payment moved on meanwhile). */
  async save(manager: EntityManager, payment: Payment, from: PaymentStatus): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(manager, `UPDATE payments SET ${SAVED_COLUMNS} WHERE id = $1 AND status = $18 RETURNING id`, [
      ...savedValues(payment),
      from,
    ]);
    return rows.length > 0;
  },

  /**
   * Write a change to a payment this transaction holds locked (lockBy…): nothing can have moved it
   * meanwhile and nobody reads the answer, so the statement goes to PostgreSQL with the
   * transaction's next one (SEND_WITH_NEXT). Only a bug (a CHECK) can make it fail, and that fails
   * the transaction all the same.
   */
  async saveLocked(manager: EntityManager, payment: Payment): Promise<void> {
    await manager.query(`${SEND_WITH_NEXT}UPDATE payments SET ${SAVED_COLUMNS} WHERE id = $1`, savedValues(payment));
  },

  /** The payment whose charge this is (disputes carry the charge and its PaymentIntent, none of our metadata). */
  async lockByCharge(manager: EntityManager, { chargeId, paymentIntentId }: { chargeId: string | null; paymentIntentId: string | null }): Promise<Payment | null> {
    const rows = await queryRows<PaymentRow>(
      manager,
      `SELECT * FROM payments WHERE (charge_id = $1 OR payment_intent_id = $2) ORDER BY attempt DESC LIMIT 1 FOR UPDATE`,
      [chargeId, paymentIntentId],
    );
    return rows[0] ? toPayment(rows[0]) : null;
  },

  /** Open payments the reconciler should ask Stripe about: created before `createdBefore`, or past their expiry. Oldest first. */
  async listOpenToReconcile(manager: EntityManager, { createdBefore, now, limit }: { createdBefore: Date; now: Date; limit: number }): Promise<Payment[]> {
    const rows = await queryRows<PaymentRow>(
      manager,
      `SELECT * FROM payments WHERE status = 'open' AND (created_at <= $1 OR expires_at <= $2) ORDER BY created_at LIMIT $3`,
      [createdBefore, now, limit],
    );
    return rows.map(toPayment);
  },

  /** Flagged payments whose dead letter is still to be written, with the Stripe event that carried the flag. */
  async listFlagsToDeadLetter(
    manager: EntityManager,
    { paymentId, limit }: { paymentId?: string; limit: number },
  ): Promise<Array<{ payment: Payment; event: { id: string; type: string; payload: unknown } }>> {
    const rows = await queryRows<PaymentRow & { event_type: string; event_payload: unknown }>(
      manager,
      `SELECT p.*, e.type AS event_type, e.payload AS event_payload
         FROM payments p JOIN stripe_events e ON e.id = p.flagged_event_id
        WHERE p.flagged_reason IS NOT NULL AND p.dead_lettered_at IS NULL AND ($1::uuid IS NULL OR p.id = $1::uuid)
        ORDER BY p.updated_at LIMIT $2`,
      [paymentId ?? null, limit],
    );
    return rows.map((row) => ({
      payment: toPayment(row),
      event: { id: row.flagged_event_id as string, type: row.event_type, payload: row.event_payload },
    }));
  },

  async markDeadLettered(manager: EntityManager, paymentId: string, at: Date): Promise<void> {
    await manager.query('UPDATE payments SET dead_lettered_at = $2 WHERE id = $1 AND dead_lettered_at IS NULL', [paymentId, at]);
  },
};
