import { queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';
import { StripeEventLike } from '../domain/stripe-event';

export const stripeEventRepository = {
  /**
   * Record a verified event; false when its id is stored already (a redelivery). A concurrent
   * copy of the same event waits here on the primary key until the first commits, then sees
   * the conflict; if the first rolls back, the copy records and applies it instead.
   */
  async record(manager: EntityManager, event: StripeEventLike): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO stripe_events (id, type, payload) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, JSON.stringify(event)],
    );
    return rows.length > 0;
  },

  /** Which of these event ids are stored already (received by webhook or by an earlier reconcile). */
  async known(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await queryRows<{ id: string }>(manager, `SELECT id FROM stripe_events WHERE id = ANY($1::text[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  },
};
