import { DateTime } from 'luxon';
import { InvalidDateError } from './slot.errors';

/**
 * Calendar dates ("YYYY-MM-DD") are days in a barber's time zone. A local day is not always
 * 24 hours long (DST), so every range here is computed by calendar math in the zone.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date if it exists as written (2026-02-30 does not), else INVALID_DATE. */
export function parseLocalDate(value: unknown): string {
  if (typeof value !== 'string' || !DATE.test(value)) throw new InvalidDateError(value);
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  if (!parsed.isValid || parsed.toISODate() !== value) throw new InvalidDateError(value);
  return value;
}

/** [start of the local day, start of the next local day) as instants. */
export function localDayRange(date: string, timeZone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).startOf('day').toJSDate() };
}

export function localDateOf(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

/** ISO weekday of a calendar date: Monday = 1 … Sunday = 7. */
export function weekdayOf(date: string): number {
  return DateTime.fromISO(date, { zone: 'utc' }).weekday;
}
