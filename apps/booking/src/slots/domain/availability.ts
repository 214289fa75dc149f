import { FieldProblem } from '@app/contracts';
import { InvalidAvailabilityError } from './slot.errors';

/** One opening of the weekly template: ISO weekday and local wall-clock "HH:MM" (end may be "24:00"). */
export interface WeeklyRange {
  weekday: number;
  start: string;
  end: string;
}

export interface AvailabilityTemplate {
  slotMinutes: number;
  weekly: WeeklyRange[];
}

export const SLOT_MINUTES_MIN = 5;
export const SLOT_MINUTES_MAX = 240;
const MAX_RANGES = 100;
const CLOCK_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes since local midnight of "HH:MM" ("24:00" is 1440), or null when not a clock time. */
export function minutesOfDay(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = CLOCK_TIME.exec(value);
  if (!match) return null;
  const hour = Number(match[1] ?? match[3]);
  const minute = Number(match[2] ?? match[4]);
  return hour * 60 + minute;
}

/**
 * The template as given, or INVALID_AVAILABILITY naming every bad entry: slot length in
 * [5, 240] whole minutes; each range a weekday 1..7 and start < end within 00:00–24:00;
 * no two ranges of one weekday overlapping (touching is fine). Ranges come back sorted.
 */
export function validateAvailability(input: { slotMinutes?: unknown; weekly?: unknown }): AvailabilityTemplate {
  const problems: FieldProblem[] = [];
  const { slotMinutes, weekly } = input ?? {};
  if (
    typeof slotMinutes !== 'number' ||
    !Number.isInteger(slotMinutes) ||
    slotMinutes < SLOT_MINUTES_MIN ||
    slotMinutes > SLOT_MINUTES_MAX
  ) {
    problems.push({ field: 'slotMinutes', message: `must be a whole number of minutes from ${SLOT_MINUTES_MIN} to ${SLOT_MINUTES_MAX}` });
  }
  if (!Array.isArray(weekly)) {
    problems.push({ field: 'weekly', message: 'must be a list of {weekday, start, end}' });
    throw new InvalidAvailabilityError(problems);
  }
  if (weekly.length > MAX_RANGES) {
    problems.push({ field: 'weekly', message: `must have at most ${MAX_RANGES} entries` });
    throw new InvalidAvailabilityError(problems);
  }

  const ranges: Array<WeeklyRange & { index: number; from: number; to: number }> = [];
  weekly.forEach((entry: unknown, index) => {
    const field = `weekly[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push({ field, message: 'must be {weekday, start, end}' });
      return;
    }
    const { weekday, start, end } = entry as Record<string, unknown>;
    let ok = true;
    if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      problems.push({ field: `${field}.weekday`, message: 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)' });
      ok = false;
    }
    const parsedFrom = minutesOfDay(start);
    const from = parsedFrom === 24 * 60 ? null : parsedFrom;
    const to = minutesOfDay(end);
    if (from === null) {
      problems.push({ field: `${field}.start`, message: 'must be a local time "HH:MM" from 00:00 to 23:59' });
      ok = false;
    }
    if (to === null) {
      problems.push({ field: `${field}.end`, message: 'must be a local time "HH:MM" from 00:00 to 24:00' });
      ok = false;
    }
    if (from !== null && to !== null && from >= to) {
      problems.push({ field, message: `start ${String(start)} must be before end ${String(end)}` });
      ok = false;
    }
    if (ok) ranges.push({ weekday: weekday as number, start: start as string, end: end as string, index, from: from!, to: to! });
  });

  ranges.sort((a, b) => a.weekday - b.weekday || a.from - b.from);
  for (let i = 1; i < ranges.length; i += 1) {
    const previous = ranges[i - 1];
    const current = ranges[i];
    if (previous.weekday === current.weekday && current.from < previous.to) {
      problems.push({
        field: `weekly[${current.index}]`,
        message: `overlaps weekly[${previous.index}] (${previous.start}–${previous.end}) on weekday ${current.weekday}`,
      });
    }
  }
  if (problems.length > 0) throw new InvalidAvailabilityError(problems);
  return { slotMinutes: slotMinutes as number, weekly: ranges.map(({ weekday, start, end }) => ({ weekday, start, end })) };
}
