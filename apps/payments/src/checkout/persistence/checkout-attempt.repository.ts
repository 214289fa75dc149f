import { queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';

/**
 * The parameters of a booking's n-th session that are not given by the request: its payment id
 * and `expires_at`. Reserved before calling Stripe and reused by every retry under the same
 * idempotency key, because Stripe answers a reused key with different parameters with an
 * idempotency error: a session created by a call that timed out on our side would otherwise
 * be unreachable, and the booking stuck without one.
 */
export interface CheckoutAttempt {
  bookingId: string;
  attempt: number;
  paymentId: string;
  expiresAt: Date;
}

interface CheckoutAttemptRow {
  booking_id: string;
  attempt: number;
  payment_id: string;
  expires_at: Date;
}

const toAttempt = (row: CheckoutAttemptRow): CheckoutAttempt => ({
  bookingId: row.booking_id,
  attempt: row.attempt,
  paymentId: row.payment_id,
  expiresAt: row.expires_at,
});

export const checkoutAttemptRepository = {
  /** The reservation for (booking, attempt): this one if it is the first, else the one made before. */
  async reserve(manager: EntityManager, proposal: CheckoutAttempt, now: Date): Promise<CheckoutAttempt> {
    const inserted = await queryRows<CheckoutAttemptRow>(
      manager,
      `INSERT INTO checkout_attempts (booking_id, attempt, payment_id, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (booking_id, attempt) DO NOTHING RETURNING *`,
      [proposal.bookingId, proposal.attempt, proposal.paymentId, proposal.expiresAt, now],
    );
    if (inserted[0]) return toAttempt(inserted[0]);
    // Reserved before (an earlier call that failed, or a concurrent twin): that reservation stands.
    const rows = await queryRows<CheckoutAttemptRow>(manager, 'SELECT * FROM checkout_attempts WHERE booking_id = $1 AND attempt = $2', [
      proposal.bookingId,
      proposal.attempt,
    ]);
    return toAttempt(rows[0]);
  },

  /**
   * Move a reservation's expiry. Only after Stripe refused the old one as too soon: a refused
   * parameter is not saved under the key (a created session would have been replayed instead),
   * so the key is still free for the corrected request.
   */
  async reschedule(manager: EntityManager, attempt: CheckoutAttempt, expiresAt: Date, now: Date): Promise<CheckoutAttempt> {
    await manager.query('UPDATE checkout_attempts SET expires_at = $3, updated_at = $4 WHERE booking_id = $1 AND attempt = $2', [
      attempt.bookingId,
      attempt.attempt,
      expiresAt,
      now,
    ]);
    return { ...attempt, expiresAt };
  },
};
