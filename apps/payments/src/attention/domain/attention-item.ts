import { AttentionItemResource, AttentionKind } from '@app/contracts';

/**
 * Something a person must act on (DESIGN §5, §10 promise 7): money still owed to a customer (a
 * refund that failed), a dispute to answer before its evidence is due, money moved outside the
 * system, a success refused for its amount. Opened by the fact, closed by the fact that resolves
 * it, never by hand; at most one open item per payment and kind.
 */
export interface AttentionItem {
  id: string;
  kind: AttentionKind;
  bookingId: string;
  paymentId: string;
  since: Date;
  detail: string;
  dueBy: Date | null;
  closedAt: Date | null;
}

export function toAttentionItemResource(item: AttentionItem): AttentionItemResource {
  return {
    kind: item.kind,
    bookingId: item.bookingId,
    paymentId: item.paymentId,
    since: item.since.toISOString(),
    detail: item.detail,
    dueBy: item.dueBy?.toISOString() ?? null,
  };
}
