import { DateTime } from 'luxon';
import { AvailabilityTemplate, minutesOfDay } from './availability';
import { addDays, localDateOf, weekdayOf } from './local-date';

export interface SlotTime {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The instant a local wall-clock time names in `timeZone`, or null when that time does not
 * exist there (the hour skipped when clocks go forward). An ambiguous time (the hour repeated
 * when clocks go back) resolves to one of its two instants, as luxon chooses.
 */
function wallClockToInstant(date: string, minutes: number, timeZone: string): DateTime | null {
  const day = minutes >= 24 * 60 ? addDays(date, 1) : date;
  const minuteOfDay = minutes % (24 * 60);
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  const hour = Math.floor(minuteOfDay / 60);
  const minute = minuteOfDay % 60;
  const local = DateTime.fromObject({ year, month, day: dayOfMonth, hour, minute }, { zone: timeZone });
  // luxon moves a non-existent time forward past the gap: that is not the time we asked for.
  if (!local.isValid || local.day !== dayOfMonth || local.hour !== hour || local.minute !== minute) return null;
  return local;
}

/**
 * The slots of one local date: for each of that weekday's ranges, starts at start + k·slotMinutes
 * (local wall clock) while the slot's nominal end is within the range. Each slot lasts exactly
 * slotMinutes of real time. Starts that do not exist locally are skipped, and a slot that
 * would overlap the one before it (possible right after a clock change) is dropped, so the
 * result never overlaps and never repeats.
 */
export function generateSlotsForDate(template: AvailabilityTemplate, timeZone: string, date: string): SlotTime[] {
  const weekday = weekdayOf(date);
  const slots: SlotTime[] = [];
  for (const range of template.weekly) {
    if (range.weekday !== weekday) continue;
    const from = minutesOfDay(range.start);
    const to = minutesOfDay(range.end);
    if (from === null || to === null) continue;
    for (let start = from; start + template.slotMinutes <= to; start += template.slotMinutes) {
      const local = wallClockToInstant(date, start, timeZone);
      if (!local) continue;
      slots.push({ startsAt: local.toJSDate(), endsAt: local.plus({ minutes: template.slotMinutes }).toJSDate() });
    }
  }
  return withoutOverlaps(slots);
}

/** Every slot of the local dates from `fromDate` to `toDate`, both included, in start order. */
export function generateSlots(template: AvailabilityTemplate, timeZone: string, fromDate: string, toDate: string): SlotTime[] {
  const slots: SlotTime[] = [];
  for (let date = fromDate; date <= toDate; date = addDays(date, 1)) {
    slots.push(...generateSlotsForDate(template, timeZone, date));
  }
  return withoutOverlaps(slots);
}

function withoutOverlaps(slots: SlotTime[]): SlotTime[] {
  const sorted = [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const kept: SlotTime[] = [];
  for (const slot of sorted) {
    const previous = kept[kept.length - 1];
    if (previous && slot.startsAt.getTime() < previous.endsAt.getTime()) continue;
    kept.push(slot);
  }
  return kept;
}

/** Whether the template, as it stands, has a slot exactly here (used when a held slot is released). */
export function isInGrid(template: AvailabilityTemplate, timeZone: string, slot: SlotTime): boolean {
  return generateSlotsForDate(template, timeZone, localDateOf(slot.startsAt, timeZone)).some(
    (candidate) =>
      candidate.startsAt.getTime() === slot.startsAt.getTime() && candidate.endsAt.getTime() === slot.endsAt.getTime(),
  );
}
