import { queryRows } from '@app/platform';
import { SlotStatus } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { Slot } from '../domain/slot';
import { SlotTime } from '../domain/slot-generation';

export interface SlotRow {
  id: string;
  barber_id: string;
  starts_at: Date;
  ends_at: Date;
  status: SlotStatus;
  booking_id: string | null;
}

const COLUMNS = 'id, barber_id, starts_at, ends_at, status, booking_id';

export function toSlot(row: SlotRow): Slot {
  return {
    id: row.id,
    barberId: row.barber_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    bookingId: row.booking_id,
  };
}

const byStart = (a: Slot, b: Slot) => a.startsAt.getTime() - b.startsAt.getTime();

/** available → `to` for `bookingId`, rows locked in start order; only slots still available move. */
async function takeAvailable(
  manager: EntityManager,
  ids: string[],
  bookingId: string,
  to: 'held' | 'booked',
  now: Date,
): Promise<Slot[]> {
  const rows = await queryRows<SlotRow>(
    manager,
    `WITH locked AS (
       SELECT id FROM slots WHERE id = ANY($1::uuid[]) AND status = 'available' ORDER BY starts_at FOR UPDATE
     )
     UPDATE slots s SET status = $4, booking_id = $2, updated_at = $3
       FROM locked WHERE s.id = locked.id AND s.status = 'available'
     RETURNING ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}`,
    [ids, bookingId, now, to],
  );
  return rows.map(toSlot).sort(byStart);
}

/**
 * The slots of `bookingId` in one of `from` → `to`, rows locked in start order (time off locks
 * them so too, so the two never wait on each other); `owner` keeps or clears their booking_id.
 */
async function moveBookingSlots(
  manager: EntityManager,
  bookingId: string,
  from: SlotStatus[],
  to: SlotStatus,
  owner: 'keep' | 'clear',
  now: Date,
  onlyIds: string[] | null = null,
): Promise<Slot[]> {
  const rows = await queryRows<SlotRow>(
    manager,
    `WITH locked AS (
       SELECT id FROM slots WHERE booking_id = $1 AND status = ANY($2::text[]) AND ($5::uuid[] IS NULL OR id = ANY($5::uuid[]))
        ORDER BY starts_at FOR UPDATE
     )
     UPDATE slots s SET status = $3, booking_id = ${owner === 'keep' ? 's.booking_id' : 'NULL'}, updated_at = $4
       FROM locked WHERE s.id = locked.id AND s.status = ANY($2::text[])
     RETURNING ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}`,
    [bookingId, from, to, now, onlyIds],
  );
  return rows.map(toSlot).sort(byStart);
}

/*
 * Every status change is a conditional update on the status it expects, so two racing
 * transactions cannot both move one slot: under READ COMMITTED the second waits for the
 * first, re-checks the condition against the committed row, and changes nothing.
 * Rows are locked in start order everywhere, so two of them never wait on each other.
 */
export const slotRepository = {
  async findById(manager: EntityManager, id: string): Promise<Slot | null> {
    const rows = await queryRows<SlotRow>(manager, `SELECT ${COLUMNS} FROM slots WHERE id = $1`, [id]);
    return rows[0] ? toSlot(rows[0]) : null;
  },

  async findByIds(manager: EntityManager, ids: string[]): Promise<Slot[]> {
    const rows = await queryRows<SlotRow>(
      manager,
      `SELECT ${COLUMNS} FROM slots WHERE id = ANY($1::uuid[]) ORDER BY starts_at`,
      [ids],
    );
    return rows.map(toSlot);
  },

  /** One barber's slots starting in [from, to), in start order. */
  async listStartingBetween(manager: EntityManager, barberId: string, from: Date, to: Date): Promise<Slot[]> {
    const rows = await queryRows<SlotRow>(
      manager,
      `SELECT ${COLUMNS} FROM slots WHERE barber_id = $1 AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at`,
      [barberId, from, to],
    );
    return rows.map(toSlot);
  },

  /** The barber's free slots starting after `now` (what a template change may replace). */
  async listFreeFuture(manager: EntityManager, barberId: string, now: Date): Promise<Slot[]> {
    const rows = await queryRows<SlotRow>(
      manager,
      `SELECT ${COLUMNS} FROM slots s
        WHERE s.barber_id = $1 AND s.starts_at > $2 AND s.status IN ('available', 'blocked')
          AND NOT EXISTS (SELECT 1 FROM booking_slots bs WHERE bs.slot_id = s.id AND bs.active)
        ORDER BY s.starts_at`,
      [barberId, now],
    );
    return rows.map(toSlot);
  },

  /** available → held for `bookingId`; returns the slots it moved (fewer than asked means someone was first). */
  async hold(manager: EntityManager, ids: string[], bookingId: string, now: Date): Promise<Slot[]> {
    return takeAvailable(manager, ids, bookingId, 'held', now);
  },

  /**
   * available → booked for `bookingId` (a late payment taking its slots again); returns the
   * slots it moved: fewer than asked means one was taken, blocked or deleted meanwhile.
   */
  async bookAvailable(manager: EntityManager, ids: string[], bookingId: string, now: Date): Promise<Slot[]> {
    return takeAvailable(manager, ids, bookingId, 'booked', now);
  },

  /** held by `bookingId` → booked (its payment arrived); returns the slots it moved. */
  async bookHeld(manager: EntityManager, bookingId: string, now: Date): Promise<Slot[]> {
    return moveBookingSlots(manager, bookingId, ['held'], 'booked', 'keep', now);
  },

  /** held or booked by `bookingId` → available (only `onlyIds` among them when given); returns the slots it released. */
  async release(manager: EntityManager, bookingId: string, now: Date, onlyIds: string[] | null = null): Promise<Slot[]> {
    return moveBookingSlots(manager, bookingId, ['held', 'booked'], 'available', 'clear', now, onlyIds);
  },

  /**
   * Delete the given slots if they are still free: future, available or blocked, in no
   * active booking. Held and booked slots are never touched.
   */
  async deleteFree(manager: EntityManager, barberId: string, now: Date, ids: string[]): Promise<Slot[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<SlotRow>(
      manager,
      `DELETE FROM slots s
        WHERE s.barber_id = $1 AND s.starts_at > $2 AND s.status IN ('available', 'blocked')
          AND s.id = ANY($3::uuid[])
          AND NOT EXISTS (SELECT 1 FROM booking_slots bs WHERE bs.slot_id = s.id AND bs.active)
        RETURNING ${COLUMNS}`,
      [barberId, now, ids],
    );
    return rows.map(toSlot).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  },

  /**
   * Insert a grid. A slot that starts where one already starts, or overlaps one (a held or
   * booked slot that survived a template change), is skipped by the constraints; one that
   * overlaps the barber's time off is created blocked. Returns the slots created.
   */
  async insertGrid(
    manager: EntityManager,
    barberId: string,
    slots: SlotTime[],
    now: Date,
  ): Promise<Slot[]> {
    if (slots.length === 0) return [];
    const rows = await queryRows<SlotRow>(
      manager,
      `INSERT INTO slots (id, barber_id, starts_at, ends_at, status, created_at, updated_at)
       SELECT gen_random_uuid(), $1, g.starts_at, g.ends_at,
              CASE WHEN EXISTS (
                SELECT 1 FROM time_off t
                 WHERE t.barber_id = $1 AND tstzrange(t.starts_at, t.ends_at) && tstzrange(g.starts_at, g.ends_at)
              ) THEN 'blocked' ELSE 'available' END,
              $4, $4
         FROM unnest($2::timestamptz[], $3::timestamptz[]) AS g (starts_at, ends_at)
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [barberId, slots.map((slot) => slot.startsAt.toISOString()), slots.map((slot) => slot.endsAt.toISOString()), now],
    );
    return rows.map(toSlot).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  },

  /** Lock (in start order) and return the barber's slots overlapping [from, to). */
  async lockOverlapping(manager: EntityManager, barberId: string, from: Date, to: Date): Promise<Slot[]> {
    const rows = await queryRows<SlotRow>(
      manager,
      `SELECT ${COLUMNS} FROM slots
        WHERE barber_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)
        ORDER BY starts_at FOR UPDATE`,
      [barberId, from, to],
    );
    return rows.map(toSlot);
  },

  /** available → blocked for the given slots. */
  async block(manager: EntityManager, ids: string[], now: Date): Promise<Slot[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<SlotRow>(
      manager,
      `UPDATE slots SET status = 'blocked', updated_at = $2
        WHERE id = ANY($1::uuid[]) AND status = 'available'
        RETURNING ${COLUMNS}`,
      [ids, now],
    );
    return rows.map(toSlot).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  },

  /** The barber's held and booked slots starting after `now` (what a template change leaves alone). */
  async listTakenFuture(manager: EntityManager, barberId: string, now: Date): Promise<Slot[]> {
    const rows = await queryRows<SlotRow>(
      manager,
      `SELECT ${COLUMNS} FROM slots WHERE barber_id = $1 AND starts_at > $2 AND status IN ('held', 'booked') ORDER BY starts_at`,
      [barberId, now],
    );
    return rows.map(toSlot);
  },

  /**
   * blocked → available for the barber's future slots inside [from, to) that no other time off
   * covers (two periods may overlap: removing one must not open the other's hours).
   */
  async unblockOutsideTimeOff(manager: EntityManager, barberId: string, from: Date, to: Date, now: Date): Promise<Slot[]> {
    const rows = await queryRows<SlotRow>(
      manager,
      `UPDATE slots s SET status = 'available', updated_at = $4
        WHERE s.barber_id = $1 AND s.status = 'blocked' AND s.starts_at > $4
          AND tstzrange(s.starts_at, s.ends_at) && tstzrange($2, $3)
          AND NOT EXISTS (
                SELECT 1 FROM time_off t
                 WHERE t.barber_id = $1 AND tstzrange(t.starts_at, t.ends_at) && tstzrange(s.starts_at, s.ends_at))
        RETURNING ${COLUMNS}`,
      [barberId, from, to, now],
    );
    return rows.map(toSlot).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  },
};
