import { queryRows } from '@app/platform';
import { AttentionKind } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AttentionItem } from '../domain/attention-item';

interface AttentionItemRow {
  id: string;
  kind: AttentionKind;
  booking_id: string;
  payment_id: string;
  since: Date;
  detail: string;
  due_by: Date | null;
  closed_at: Date | null;
}

function toAttentionItem(row: AttentionItemRow): AttentionItem {
  return {
    id: row.id,
    kind: row.kind,
    bookingId: row.booking_id,
    paymentId: row.payment_id,
    since: row.since,
    detail: row.detail,
    dueBy: row.due_by,
    closedAt: row.closed_at,
  };
}

export const attentionItemRepository = {
  /**
   * Open an item, or bring the open one of this payment and kind up to date (a dispute's new
   * due date): `since` stays when it was first seen.
   */
  async open(
    manager: EntityManager,
    item: {
      kind: AttentionKind;
      bookingId: string;
      paymentId: string;
      detail: string;
      dueBy: Date | null;
      now: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO attention_items (id, kind, booking_id, payment_id, since, detail, due_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (payment_id, kind) WHERE closed_at IS NULL DO UPDATE SET detail = EXCLUDED.detail, due_by = EXCLUDED.due_by`,
      [randomUUID(), item.kind, item.bookingId, item.paymentId, item.now, item.detail, item.dueBy],
    );
  },

  /** Close the payment's open items of these kinds; how many were open. */
  async close(
    manager: EntityManager,
    where: { paymentId: string } | { bookingId: string },
    kinds: AttentionKind[],
    because: string,
    now: Date,
  ): Promise<number> {
    const [column, value] =
      'paymentId' in where ? ['payment_id', where.paymentId] : ['booking_id', where.bookingId];
    const rows = await queryRows<{ id: string }>(
      manager,
      `UPDATE attention_items SET closed_at = $3, closed_because = $4
        WHERE ${column} = $1 AND kind = ANY($2::text[]) AND closed_at IS NULL RETURNING id`,
      [value, kinds, now, because],
    );
    return rows.length;
  },

  /** Every open item, oldest first. */
  async listOpen(manager: EntityManager, limit: number): Promise<AttentionItem[]> {
    const rows = await queryRows<AttentionItemRow>(
      manager,
      'SELECT * FROM attention_items WHERE closed_at IS NULL ORDER BY since, id LIMIT $1',
      [limit],
    );
    return rows.map(toAttentionItem);
  },

  async countOpenByKind(manager: EntityManager): Promise<Map<AttentionKind, number>> {
    const rows = await queryRows<{ kind: AttentionKind; n: string }>(
      manager,
      'SELECT kind, count(*) AS n FROM attention_items WHERE closed_at IS NULL GROUP BY kind',
    );
    return new Map(rows.map((row) => [row.kind, Number(row.n)]));
  },
};
