import { queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';
import { Refund, RefundReason, RefundStatus } from '../domain/refund';

interface RefundRow {
  id: string;
  payment_id: string;
  stripe_refund_id: string | null;
  amount_cents: number;
  currency: string;
  reason: RefundReason;
  status: RefundStatus;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    paymentId: row.payment_id,
    stripeRefundId: row.stripe_refund_id,
    amountCents: row.amount_cents,
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const refundRepository = {
  /** The payment's refund, locked (take the payment's lock first). */
  async lockByPayment(manager: EntityManager, paymentId: string): Promise<Refund | null> {
    const rows = await queryRows<RefundRow>(manager, 'SELECT * FROM refunds WHERE payment_id = $1 FOR UPDATE', [paymentId]);
    return rows[0] ? toRefund(rows[0]) : null;
  },

  /** false when the payment has its refund already (one full refund per payment). */
  async insert(manager: EntityManager, refund: Refund): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO refunds (id, payment_id, stripe_refund_id, amount_cents, currency, reason, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (payment_id) DO NOTHING RETURNING id`,
      [
        refund.id,
        refund.paymentId,
        refund.stripeRefundId,
        refund.amountCents,
        refund.currency,
        refund.reason,
        refund.status,
        refund.createdAt,
        refund.updatedAt,
      ],
    );
    return rows.length > 0;
  },

  async save(manager: EntityManager, refund: Refund): Promise<void> {
    await manager.query(
      `UPDATE refunds SET stripe_refund_id = $2, amount_cents = $3, currency = $4, status = $5, failure_reason = $6, updated_at = $7 WHERE id = $1`,
      [refund.id, refund.stripeRefundId, refund.amountCents, refund.currency, refund.status, refund.failureReason, refund.updatedAt],
    );
  },

  /**
   * Refunds Stripe has and still reports `pending`, untouched since `before` (all of them when
   * `before` is now): the reconciler asks Stripe how each ended, in case its webhook was lost.
   */
  async listPendingAtStripe(manager: EntityManager, { before, limit }: { before: Date; limit: number }): Promise<Refund[]> {
    const rows = await queryRows<RefundRow>(
      manager,
      `SELECT * FROM refunds WHERE status = 'pending' AND stripe_refund_id IS NOT NULL AND updated_at <= $1 ORDER BY updated_at LIMIT $2`,
      [before, limit],
    );
    return rows.map(toRefund);
  },

  /**
   * Payments whose refund was asked for but never reached Stripe (the call after the webhook's
   * commit failed), untouched since `before` so an attempt still under way is left alone.
   */
  async listUnissued(manager: EntityManager, { before, limit }: { before: Date; limit: number }): Promise<string[]> {
    const rows = await queryRows<{ payment_id: string }>(
      manager,
      `SELECT payment_id FROM refunds WHERE status = 'pending' AND stripe_refund_id IS NULL AND updated_at < $1
        ORDER BY updated_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((row) => row.payment_id);
  },
};
