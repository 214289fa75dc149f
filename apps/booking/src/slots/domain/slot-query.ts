import { DomainError, SlotStatus } from '@app/contracts';
import { DateTime } from 'luxon';
import { parseLocalDate } from './local-date';
import { InvalidTimeRangeError } from './slot.errors';

/** The longest range of days one slot query may cover (DESIGN §4). */
export const MAX_SLOT_QUERY_DAYS = 14;
const SLOT_STATUSES: readonly SlotStatus[] = ['available', 'held', 'booked', 'blocked'];

export interface SlotQuery {
  /** First and last local day, inclusive, in the barber's zone. */
  firstDay: string;
  lastDay: string;
  status: SlotStatus | null;
}

/**
 * `{date}` (one day) or `{from, to}` (both inclusive, at most MAX_SLOT_QUERY_DAYS days), each a
 * YYYY-MM-DD in the barber's zone, optionally narrowed to one `status`.
 */
export function parseSlotQuery(request: { date?: unknown; from?: unknown; to?: unknown; status?: unknown }): SlotQuery {
  const status = parseStatus(request.status);
  if (request.from === undefined && request.to === undefined) {
    const day = parseLocalDate(request.date);
    return { firstDay: day, lastDay: day, status };
  }
  if (request.date !== undefined) {
    throw new InvalidTimeRangeError([{ field: 'date', message: 'give either date, or from and to, not both' }]);
  }
  if (request.from === undefined || request.to === undefined) {
    const missing = request.from === undefined ? 'from' : 'to';
    throw new InvalidTimeRangeError([{ field: missing, message: 'from and to go together' }]);
  }
  const firstDay = parseLocalDate(request.from);
  const lastDay = parseLocalDate(request.to);
  const days = DateTime.fromISO(lastDay, { zone: 'utc' }).diff(DateTime.fromISO(firstDay, { zone: 'utc' }), 'days').days + 1;
  if (days < 1) throw new InvalidTimeRangeError([{ field: 'to', message: 'must not be before from' }]);
  if (days > MAX_SLOT_QUERY_DAYS) {
    throw new InvalidTimeRangeError([{ field: 'to', message: `must be at most ${MAX_SLOT_QUERY_DAYS} days from from, both included` }]);
  }
  return { firstDay, lastDay, status };
}

function parseStatus(value: unknown): SlotStatus | null {
  if (value === undefined || value === null) return null;
  const status = SLOT_STATUSES.find((known) => known === value);
  if (!status) {
    throw new DomainError('VALIDATION_FAILED', `status must be one of: ${SLOT_STATUSES.join(', ')}.`, [
      { field: 'status', message: `must be one of: ${SLOT_STATUSES.join(', ')}` },
    ]);
  }
  return status;
}

