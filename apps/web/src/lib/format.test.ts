import { describe, expect, it } from 'vitest';
import { instantAt } from '../test/render-app';
import { addDays, formatDuration, formatMoney, localDate, localTime, longDate, namedLocalTime, zoneName } from './format';

/** The next day on which the zone's UTC offset changes (a DST transition), found from now. */
function nextClockChange(timeZone: string): { before: string; after: string } {
  const offsetAt = (instant: Date) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
  const today = localDate(new Date(), timeZone);
  for (let days = 1; days < 400; days += 1) {
    const before = addDays(today, days);
    const after = addDays(before, 1);
    if (offsetAt(new Date(instantAt(before, '12:00', timeZone))) !== offsetAt(new Date(instantAt(after, '12:00', timeZone)))) {
      return { before, after };
    }
  }
  throw new Error(`${timeZone} has no clock change within 400 days`);
}

describe('money', () => {
  it('formats minor units in each currency with its own number of decimals', () => {
    expect(formatMoney(3000, 'gbp')).toBe('£30.00');
    expect(formatMoney(1999, 'eur')).toBe('€19.99');
    expect(formatMoney(2550, 'usd')).toBe('US$25.50');
    expect(formatMoney(1500, 'jpy')).toBe('JP¥1,500');
  });

  it('follows the locale asked for', () => {
    expect(formatMoney(1999, 'eur', 'de-DE')).toBe('19,99\u00a0€');
  });
});

describe('times in the barber’s zone, named', () => {
  it('shows the same instant as each barber’s wall clock', () => {
    const day = addDays(localDate(new Date(), 'Europe/London'), 10);
    const instant = instantAt(day, '09:30', 'Europe/London');
    expect(namedLocalTime(instant, 'Europe/London')).toBe('09:30 London time');
    const inNewYork = localTime(instant, 'America/New_York');
    expect(inNewYork).toMatch(/^0[34]:30$/);
    expect(namedLocalTime(instant, 'America/New_York')).toBe(`${inNewYork} New York time`);
    expect(localTime(instant, 'Asia/Kolkata')).toMatch(/^1[45]:00$/);
  });

  it('names zones by their city', () => {
    expect(zoneName('Europe/London')).toBe('London time');
    expect(zoneName('America/Argentina/Buenos_Aires')).toBe('Buenos Aires time');
    expect(zoneName('UTC')).toBe('UTC');
  });

  it('keeps 09:00 at 09:00 across a clock change, while the instant moves by the change', () => {
    const { before, after } = nextClockChange('Europe/London');
    const nineBefore = instantAt(before, '09:00', 'Europe/London');
    const nineAfter = instantAt(after, '09:00', 'Europe/London');
    expect(localTime(nineBefore, 'Europe/London')).toBe('09:00');
    expect(localTime(nineAfter, 'Europe/London')).toBe('09:00');
    const hoursApart = (new Date(nineAfter).getTime() - new Date(nineBefore).getTime()) / 3_600_000;
    expect([23, 25]).toContain(hoursApart);
    expect(localDate(nineAfter, 'Europe/London')).toBe(after);
  });

  it('puts a late-evening UTC instant on the next day in a zone ahead of UTC', () => {
    const day = addDays(localDate(new Date(), 'UTC'), 5);
    const lateUtc = instantAt(day, '23:30', 'UTC');
    expect(localDate(lateUtc, 'Asia/Tokyo')).toBe(addDays(day, 1));
    expect(longDate(addDays(day, 1))).toMatch(/^\w+day,? \d{1,2} \w+ \d{4}$/);
  });
});

describe('durations', () => {
  it('reads as minutes and hours', () => {
    expect(formatDuration(30)).toBe('30 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(75)).toBe('1 h 15 min');
  });
});
