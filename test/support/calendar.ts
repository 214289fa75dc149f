import { DateTime } from 'luxon';

/**
 * Calendar days for tests of the running system, derived from now in the barber's time zone, so
 * the same test proves the same thing in any month of any year. A test that needs a fixed
 * instant injects a clock instead (the services' CLOCK provider, TestClock); a literal date in a
 * test of the running system passes until that day comes and fails ever after (issue 13), and
 * the `local/no-calendar-date-literals` lint rule refuses one.
 */
export class ShopCalendar {
  constructor(
    readonly zone: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (!DateTime.now().setZone(zone).isValid) throw new Error(`Unknown time zone ${zone}`);
  }

  private today(): DateTime {
    return DateTime.fromJSDate(this.now(), { zone: this.zone }).startOf('day');
  }

  /**
   * `count` working days (Monday–Friday, the hours the tests' barbers keep), in order, the first
   * at least `daysAhead` days after today; a day whose slots a test books, far enough ahead that
   * every slot of it lies in the future whatever the hour the test runs at.
   */
  weekdays(count: number, { daysAhead = 2 }: { daysAhead?: number } = {}): string[] {
    const days: string[] = [];
    for (let day = this.today().plus({ days: daysAhead }); days.length < count; day = day.plus({ days: 1 })) {
      if (day.weekday <= 5) days.push(day.toISODate()!);
    }
    return days;
  }

  /** The first working day at least `daysAhead` days after today. */
  weekday(daysAhead = 2): string {
    return this.weekdays(1, { daysAhead })[0];
  }

  /** The ISO weekday (Monday = 1 … Sunday = 7) of a date, as availability templates number them. */
  isoWeekday(date: string): number {
    return DateTime.fromISO(date, { zone: this.zone }).weekday;
  }

  /** The ISO instant in UTC of a wall-clock time on a date of this zone: ("2027-01-05", "09:00") → "2027-01-05T09:00:00.000Z" in London. */
  at(date: string, localTime: string): string {
    const instant = DateTime.fromISO(`${date}T${localTime}`, { zone: this.zone });
    if (!instant.isValid) throw new Error(`${date} ${localTime} is not a time in ${this.zone}: ${instant.invalidExplanation}`);
    return instant.toUTC().toISO();
  }

  /** The wall-clock time ("09:30") of an instant in this zone. */
  localTime(iso: string): string {
    return DateTime.fromISO(iso, { zone: this.zone }).toFormat('HH:mm');
  }

  /**
   * The zone's next change of UTC offset after today (a DST transition), found from the zone's
   * rules at run time: the last working day wholly before it, the first wholly after it, and the
   * days in between. Undefined for a zone without transitions in the next `withinDays`.
   */
  nextClockChange(withinDays = 400): { before: string; after: string; between: string[]; offsetBefore: number; offsetAfter: number } | undefined {
    const start = this.today();
    const offsetOn = (day: DateTime) => day.offset;
    for (let day = start.plus({ days: 1 }); day <= start.plus({ days: withinDays }); day = day.plus({ days: 1 })) {
      // A day whose end has another offset than its start holds the change.
      if (offsetOn(day) === offsetOn(day.endOf('day'))) continue;
      let before = day.minus({ days: 1 });
      while (before.weekday > 5) before = before.minus({ days: 1 });
      let after = day.plus({ days: 1 });
      while (after.weekday > 5) after = after.plus({ days: 1 });
      const between: string[] = [];
      for (let inner = before.plus({ days: 1 }); inner < after; inner = inner.plus({ days: 1 })) between.push(inner.toISODate()!);
      if (before <= start) continue; // too close to today to be bookable: take the next one
      return { before: before.toISODate()!, after: after.toISODate()!, between, offsetBefore: before.offset, offsetAfter: after.offset };
    }
    return undefined;
  }

  /** Whole days from today to `date` (for the slot horizon a test needs). */
  daysUntil(date: string): number {
    return Math.round(DateTime.fromISO(date, { zone: this.zone }).diff(this.today(), 'days').days);
  }
}

/** The zone the end-to-end tests' barbers work in: it has clock changes, so DST is exercised. */
export const LONDON = new ShopCalendar('Europe/London');
