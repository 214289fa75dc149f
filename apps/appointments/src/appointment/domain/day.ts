import { DateTime, IANAZone } from 'luxon';
import { InvalidDateError } from './appointment.errors';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The day [start, next start) of a "YYYY-MM-DD" date that exists as written (2026-02-30 does
 * not) in `timeZone` (the barber's; UTC when absent or not a zone), else INVALID_DATE. A day
 * of a clock change is 23 or 25 hours long.
 */
export function dayRange(value: unknown, timeZone?: unknown): { start: Date; end: Date } {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) throw new InvalidDateError(value);
  const zone = typeof timeZone === 'string' && IANAZone.isValidZone(timeZone) ? timeZone : 'UTC';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = DateTime.fromObject({ year, month, day }, { zone });
  if (!start.isValid || start.year !== year || start.month !== month || start.day !== day) throw new InvalidDateError(value);
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}
