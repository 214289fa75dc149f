import { InvalidDateError } from './appointment.errors';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The UTC day [start, next start) of a "YYYY-MM-DD" date that exists as written (2026-02-30
 * does not), else INVALID_DATE. The appointments service does not know barbers' zones yet.
 */
export function utcDayRange(value: unknown): { start: Date; end: Date } {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) throw new InvalidDateError(value);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(Date.UTC(year, month - 1, day));
  if (start.getUTCFullYear() !== year || start.getUTCMonth() !== month - 1 || start.getUTCDate() !== day) throw new InvalidDateError(value);
  return { start, end: new Date(Date.UTC(year, month - 1, day + 1)) };
}
