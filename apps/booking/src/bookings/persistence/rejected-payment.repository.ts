import { queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';

export interface RejectedPayment {
  paymentId: string;
  bookingId: string;
  amountCents: number;
  currency: string;
  reason: string;
  rejectedAt: Date;
  refundedAt: Date | null;
}

interface RejectedPaymentRow {
  payment_id: string;
  booking_id: string;
  amount_cents: number;
  currency: string;
  reason: string;
  rejected_at: Date;
  refunded_at: Date | null;
}

function toRejectedPayment(row: RejectedPaymentRow): RejectedPayment {
  return {
    paymentId: row.payment_id,
    bookingId: row.booking_id,
    amountCents: row.amount_cents,
    currency: row.currency,
    reason: row.reason,
    rejectedAt: row.rejected_at,
    refundedAt: row.refunded_at,
  };
}

/** Payments booking refused (booking.payment_rejected), one row per payment id. */
export const rejectedPaymentRepository = {
  async findByPaymentId(manager: EntityManager, paymentId: string): Promise<RejectedPayment | null> {
    const rows = await queryRows<RejectedPaymentRow>(manager, 'SELECT * FROM rejected_payments WHERE payment_id = $1', [paymentId]);
    return rows[0] ? toRejectedPayment(rows[0]) : null;
  },

  /** Record the refusal; false when this payment was refused before (nothing written). */
  async insert(manager: EntityManager, rejected: Omit<RejectedPayment, 'refundedAt'>): Promise<boolean> {
    const rows = await queryRows<{ payment_id: string }>(
      manager,
      `INSERT INTO rejected_payments (payment_id, booking_id, amount_cents, currency, reason, rejected_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (payment_id) DO NOTHING RETURNING payment_id`,
      [rejected.paymentId, rejected.bookingId, rejected.amountCents, rejected.currency, rejected.reason, rejected.rejectedAt],
    );
    return rows.length > 0;
  },

  /** Note the refund of a refused payment (first report wins). */
  async markRefunded(manager: EntityManager, paymentId: string, at: Date): Promise<void> {
    await manager.query('UPDATE rejected_payments SET refunded_at = $2 WHERE payment_id = $1 AND refunded_at IS NULL', [paymentId, at]);
  },

  /** How many of a booking's refused payments have not been reported refunded yet. */
  async countUnrefunded(manager: EntityManager, bookingId: string): Promise<number> {
    const rows = await queryRows<{ n: number }>(
      manager,
      'SELECT count(*)::int AS n FROM rejected_payments WHERE booking_id = $1 AND refunded_at IS NULL',
      [bookingId],
    );
    return rows[0]?.n ?? 0;
  },
};
