import { withClient } from '../support/postgres';
import { summarize } from '../support/stats';

/**
 * Where the time of P2 goes, per payment, from the timestamps the pipeline already writes
 * (no instrumentation): every outbox row has `created_at` (clock_timestamp() at the insert,
 * inside the writing transaction), and every inbox row `processed_at` (now(): the start of the
 * consuming transaction). Envelopes link each event to the one that caused it. All clocks are
 * the one machine's wall clock, as is the benchmark's `answeredAt`/`receivedAt` (ms).
 *
 *   webhook answered ─ booking took payment.succeeded (inbox tx start) ─ booking.confirmed
 *   written ─ appointments took it ─ appointment.updated written ─ SSE received
 */
export interface StageInput {
  bookingId: string;
  /** Wall-clock ms when the webhook's 200 reached the benchmark. */
  answeredAt: number;
  /** Wall-clock ms when the appointment's `paid` arrived on the SSE feed. */
  receivedAt: number;
}

interface OutboxRow {
  id: string;
  type: string;
  created_at: Date;
  causation_id: string | null;
  booking_id: string | null;
}

async function rowsOf<T extends object>(url: string, sql: string): Promise<T[]> {
  return withClient(url, async (client) => (await client.query<T>(sql)).rows);
}

// appointment.updated carries the appointment resource; the other events the booking id itself.
const OUTBOX_SQL = `SELECT id, type, created_at, envelope->>'causationId' AS causation_id,
                           coalesce(envelope->'payload'->>'bookingId', envelope->'payload'->'appointment'->>'bookingId') AS booking_id
                      FROM outbox`;

export async function stageBreakdown(
  databases: { payments: string; booking: string; appointments: string },
  payments: StageInput[],
): Promise<Record<string, ReturnType<typeof summarize>>> {
  const [paymentsOutbox, bookingOutbox, bookingInbox, appointmentsOutbox, appointmentsInbox] =
    await Promise.all([
      rowsOf<OutboxRow>(databases.payments, `${OUTBOX_SQL} WHERE type = 'payment.succeeded'`),
      rowsOf<OutboxRow>(databases.booking, `${OUTBOX_SQL} WHERE type = 'booking.confirmed'`),
      rowsOf<{ message_id: string; processed_at: Date }>(
        databases.booking,
        `SELECT message_id, processed_at FROM inbox WHERE message_type = 'payment.succeeded'`,
      ),
      rowsOf<OutboxRow>(
        databases.appointments,
        `${OUTBOX_SQL} WHERE type = 'appointment.updated' AND envelope->'payload'->'appointment'->>'status' = 'paid'`,
      ),
      rowsOf<{ message_id: string; processed_at: Date }>(
        databases.appointments,
        `SELECT message_id, processed_at FROM inbox WHERE message_type = 'booking.confirmed'`,
      ),
    ]);
  const byBooking = (rows: OutboxRow[]) => new Map(rows.map((row) => [row.booking_id, row]));
  const succeeded = byBooking(paymentsOutbox);
  const confirmed = byBooking(bookingOutbox);
  const paid = byBooking(appointmentsOutbox);
  const taken = (rows: Array<{ message_id: string; processed_at: Date }>) =>
    new Map(rows.map((row) => [row.message_id, row.processed_at.getTime()]));
  const bookingTook = taken(bookingInbox);
  const appointmentsTook = taken(appointmentsInbox);

  // Since the relay's fast path (issue 19), `published_at` is when the row was marked published,
  // after its jobs were sent and often after they were taken: the relay is inside each wait below.
  const stages: Record<string, number[]> = {
    'webhook answered → booking took payment.succeeded (relay, queue wait)': [],
    '→ booking.confirmed written (booking tx)': [],
    '→ appointments took it (relay, queue wait)': [],
    '→ appointment.updated written (appointments tx)': [],
    '→ SSE received (relay, broadcast, SSE)': [],
  };
  const keys = Object.keys(stages);
  for (const payment of payments) {
    const a = succeeded.get(payment.bookingId);
    const b = confirmed.get(payment.bookingId);
    const c = paid.get(payment.bookingId);
    if (!a || !b || !c) continue;
    const points = [
      payment.answeredAt,
      bookingTook.get(a.id),
      b.created_at.getTime(),
      appointmentsTook.get(b.id),
      c.created_at.getTime(),
      payment.receivedAt,
    ];
    if (points.some((point) => point === undefined)) continue;
    for (let i = 1; i < points.length; i += 1)
      stages[keys[i - 1]].push(points[i]! - points[i - 1]!);
  }
  return Object.fromEntries(
    Object.entries(stages).map(([stage, samples]) => [stage, summarize(samples)]),
  );
}
