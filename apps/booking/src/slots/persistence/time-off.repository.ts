import { queryRows } from '@app/platform';
import { EntityManager } from 'typeorm';
import { TimeOff } from '../domain/time-off';

interface TimeOffRow {
  id: string;
  barber_id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
  created_at: Date;
}

function toTimeOff(row: TimeOffRow): TimeOff {
  return { id: row.id, barberId: row.barber_id, startsAt: row.starts_at, endsAt: row.ends_at, reason: row.reason, createdAt: row.created_at };
}

export const timeOffRepository = {
  async insert(manager: EntityManager, timeOff: TimeOff): Promise<void> {
    await manager.query(
      `INSERT INTO time_off (id, barber_id, starts_at, ends_at, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [timeOff.id, timeOff.barberId, timeOff.startsAt, timeOff.endsAt, timeOff.reason, timeOff.createdAt],
    );
  },

  /** The barber's time off not yet over at `now`, by start, with how many slots each blocks now. */
  async listCurrentAndFuture(manager: EntityManager, barberId: string, now: Date): Promise<Array<TimeOff & { blockedSlots: number }>> {
    const rows = await queryRows<TimeOffRow & { blocked_slots: number }>(
      manager,
      `SELECT t.*, (SELECT count(*)::int FROM slots s
                     WHERE s.barber_id = t.barber_id AND s.status = 'blocked'
                       AND tstzrange(s.starts_at, s.ends_at) && tstzrange(t.starts_at, t.ends_at)) AS blocked_slots
         FROM time_off t WHERE t.barber_id = $1 AND t.ends_at > $2 ORDER BY t.starts_at, t.id`,
      [barberId, now],
    );
    return rows.map((row) => ({ ...toTimeOff(row), blockedSlots: row.blocked_slots }));
  },

  /** Deletes one of the barber's time off; null when there is no such one. */
  async delete(manager: EntityManager, barberId: string, id: string): Promise<TimeOff | null> {
    const rows = await queryRows<TimeOffRow>(manager, 'DELETE FROM time_off WHERE id = $1 AND barber_id = $2 RETURNING *', [id, barberId]);
    return rows[0] ? toTimeOff(rows[0]) : null;
  },
};
