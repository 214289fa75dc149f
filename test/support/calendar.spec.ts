import { ShopCalendar } from './calendar';

/** The calendar on an injected clock: each case pins "today" to the instant it is about. */
const on = (now: string, zone = 'Europe/London') => new ShopCalendar(zone, () => new Date(now));

describe('ShopCalendar', () => {
  it('gives working days at least two days ahead, skipping the weekend', () => {
    // Thursday 2027-01-07 23:30 London: Saturday and Sunday are skipped.
    expect(on('2027-01-07T23:30:00Z').weekdays(4)).toEqual(['2027-01-11', '2027-01-12', '2027-01-13', '2027-01-14']);
    expect(on('2027-01-04T08:00:00Z').weekday(40)).toBe('2027-02-15');
  });

  it("counts today in the zone's own calendar, not UTC's", () => {
    // 23:30 UTC on Monday is already Tuesday in Tokyo.
    expect(on('2027-01-04T23:30:00Z', 'Asia/Tokyo').weekday(0)).toBe('2027-01-05');
    expect(on('2027-01-04T23:30:00Z', 'Europe/London').weekday(0)).toBe('2027-01-04');
  });

  it('turns a wall-clock time into the UTC instant on either side of a clock change', () => {
    const london = on('2027-03-01T12:00:00Z');
    expect(london.at('2027-03-26', '09:00')).toBe('2027-03-26T09:00:00.000Z');
    expect(london.at('2027-03-29', '09:00')).toBe('2027-03-29T08:00:00.000Z');
    expect(london.localTime('2027-03-29T08:00:00.000Z')).toBe('09:00');
    expect(london.isoWeekday('2027-03-29')).toBe(1);
  });

  it("finds the zone's next clock change in either direction, with the working days around it", () => {
    expect(on('2027-01-04T12:00:00Z').nextClockChange()).toEqual({
      before: '2027-03-26',
      after: '2027-03-29',
      between: ['2027-03-27', '2027-03-28'],
      offsetBefore: 0,
      offsetAfter: 60,
    });
    expect(on('2027-08-02T12:00:00Z').nextClockChange()).toMatchObject({ before: '2027-10-29', after: '2027-11-01', offsetBefore: 60, offsetAfter: 0 });
    // Too close to be bookable (the change is tomorrow): the one after it.
    expect(on('2027-03-27T12:00:00Z').nextClockChange()).toMatchObject({ before: '2027-10-29' });
    expect(on('2027-01-04T12:00:00Z', 'Asia/Tokyo').nextClockChange()).toBeUndefined();
  });

  it('counts the days from today to a date, for the slot horizon a test needs', () => {
    expect(on('2027-01-04T12:00:00Z').daysUntil('2027-03-29')).toBe(84);
  });
});
