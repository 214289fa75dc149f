import type { AvailabilityChange, AvailabilityTemplate } from './hooks/use-availability';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export interface RangeInForm {
  key: string;
  start: string;
  end: string;
}

/** The editor's state: text as typed, ranges by ISO weekday (Monday = 1). */
export interface HoursForm {
  slotMinutes: string;
  days: Record<number, RangeInForm[]>;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

// A time field cannot say "24:00": the API's midnight at the end of a day is 00:00 as an end here.
const endInForm = (end: string) => (end === '24:00' ? '00:00' : end);
const endForApi = (end: string) => (end === '00:00' ? '24:00' : end);
const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function toForm(template: Pick<AvailabilityTemplate, 'slotMinutes' | 'weekly'>, newKey: () => string): HoursForm {
  const days: Record<number, RangeInForm[]> = {};
  for (const range of [...template.weekly].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))) {
    (days[range.weekday] ??= []).push({ key: newKey(), start: range.start, end: endInForm(range.end) });
  }
  return { slotMinutes: String(template.slotMinutes), days };
}

/** The request body the form stands for, or the sentence saying what to fix first. */
export function fromForm(form: HoursForm): AvailabilityChange | string {
  const slotMinutes = Number(form.slotMinutes);
  if (!Number.isInteger(slotMinutes) || slotMinutes < 5 || slotMinutes > 240) return 'The slot length must be a whole number of minutes from 5 to 240.';
  const weekly: AvailabilityChange['weekly'] = [];
  for (const [index, name] of WEEKDAYS.entries()) {
    const weekday = index + 1;
    const ranges = [...(form.days[weekday] ?? [])].sort((a, b) => a.start.localeCompare(b.start));
    let previousEnd = -1;
    for (const range of ranges) {
      if (!TIME.test(range.start) || !TIME.test(range.end)) return `Give both a start and an end for the hours on ${name}.`;
      const end = endForApi(range.end);
      const endMinutes = end === '24:00' ? 24 * 60 : minutes(end);
      if (endMinutes <= minutes(range.start)) return `On ${name}, ${range.start}–${range.end} ends before it starts.`;
      if (minutes(range.start) < previousEnd) return `The hours on ${name} overlap; make them one range or move one.`;
      previousEnd = endMinutes;
      weekly.push({ weekday, start: range.start, end });
    }
  }
  return { slotMinutes, weekly };
}
