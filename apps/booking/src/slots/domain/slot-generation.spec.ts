import { AvailabilityTemplate } from './availability';
import { generateSlots, generateSlotsForDate, isInGrid } from './slot-generation';

const iso = (slots: Array<{ startsAt: Date; endsAt: Date }>) =>
  slots.map((slot) => [slot.startsAt.toISOString(), slot.endsAt.toISOString()]);

const WEEKDAYS_NINE_TO_FIVE: AvailabilityTemplate = {
  slotMinutes: 30,
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
};

describe('slot generation', () => {
  describe('Europe/London 09:00–17:00 keeps 09:00 local across clock changes', () => {
    it.each([
      ['2026-10-23', 'Friday before clocks go back (BST)', '2026-10-23T08:00:00.000Z', '2026-10-23T16:00:00.000Z'],
      ['2026-10-26', 'Monday after clocks went back (GMT)', '2026-10-26T09:00:00.000Z', '2026-10-26T17:00:00.000Z'],
      ['2027-03-26', 'Friday before clocks go forward (GMT)', '2027-03-26T09:00:00.000Z', '2027-03-26T17:00:00.000Z'],
      ['2027-03-29', 'Monday after clocks went forward (BST)', '2027-03-29T08:00:00.000Z', '2027-03-29T16:00:00.000Z'],
    ])('%s (%s): first slot %s, last slot ends %s', (date, _label, firstStart, lastEnd) => {
      const slots = generateSlotsForDate(WEEKDAYS_NINE_TO_FIVE, 'Europe/London', date);
      expect(slots).toHaveLength(16);
      expect(slots[0].startsAt.toISOString()).toBe(firstStart);
      expect(slots[slots.length - 1].endsAt.toISOString()).toBe(lastEnd);
      for (let i = 1; i < slots.length; i += 1) {
        expect(slots[i].startsAt.getTime()).toBe(slots[i - 1].endsAt.getTime());
      }
    });
  });

  it('gives a weekday without hours no slots', () => {
    expect(generateSlotsForDate(WEEKDAYS_NINE_TO_FIVE, 'Europe/London', '2027-03-27')).toEqual([]); // Saturday
    expect(generateSlotsForDate({ slotMinutes: 30, weekly: [] }, 'Europe/London', '2027-03-29')).toEqual([]);
  });

  it('stops where a whole slot no longer fits in the range', () => {
    const slots = generateSlotsForDate(
      { slotMinutes: 45, weekly: [{ weekday: 1, start: '09:00', end: '11:00' }] },
      'UTC',
      '2027-03-29',
    );
    expect(iso(slots)).toEqual([
      ['2027-03-29T09:00:00.000Z', '2027-03-29T09:45:00.000Z'],
      ['2027-03-29T09:45:00.000Z', '2027-03-29T10:30:00.000Z'],
    ]);
  });

  it('skips local times that do not exist when clocks go forward, without duplicates', () => {
    // Europe/London 2027-03-28 (Sunday): 01:00 GMT jumps to 02:00 BST.
    const template: AvailabilityTemplate = { slotMinutes: 30, weekly: [{ weekday: 7, start: '00:00', end: '04:00' }] };
    const slots = generateSlotsForDate(template, 'Europe/London', '2027-03-28');
    expect(iso(slots)).toEqual([
      ['2027-03-28T00:00:00.000Z', '2027-03-28T00:30:00.000Z'], // 00:00 GMT
      ['2027-03-28T00:30:00.000Z', '2027-03-28T01:00:00.000Z'], // 00:30 GMT
      ['2027-03-28T01:00:00.000Z', '2027-03-28T01:30:00.000Z'], // 02:00 BST
      ['2027-03-28T01:30:00.000Z', '2027-03-28T02:00:00.000Z'], // 02:30 BST
      ['2027-03-28T02:00:00.000Z', '2027-03-28T02:30:00.000Z'], // 03:00 BST
      ['2027-03-28T02:30:00.000Z', '2027-03-28T03:00:00.000Z'], // 03:30 BST
    ]);
  });

  it('never overlaps, even when slot lengths do not divide the skipped hour', () => {
    const template: AvailabilityTemplate = { slotMinutes: 45, weekly: [{ weekday: 7, start: '00:00', end: '06:00' }] };
    const slots = generateSlotsForDate(template, 'Europe/London', '2027-03-28');
    expect(slots.length).toBeGreaterThan(0);
    for (let i = 1; i < slots.length; i += 1) {
      expect(slots[i].startsAt.getTime()).toBeGreaterThanOrEqual(slots[i - 1].endsAt.getTime());
    }
  });

  it('keeps every slot one slot long when clocks go back (the repeated hour is not doubled)', () => {
    // Europe/London 2026-10-25 (Sunday): 02:00 BST falls back to 01:00 GMT.
    const template: AvailabilityTemplate = { slotMinutes: 60, weekly: [{ weekday: 7, start: '00:00', end: '03:00' }] };
    const slots = generateSlotsForDate(template, 'Europe/London', '2026-10-25');
    const starts = slots.map((slot) => slot.startsAt.toISOString());
    expect(new Set(starts).size).toBe(starts.length);
    for (const slot of slots) expect(slot.endsAt.getTime() - slot.startsAt.getTime()).toBe(3600_000);
    expect(starts[0]).toBe('2026-10-24T23:00:00.000Z'); // 00:00 BST
  });

  it('lets a range end at 24:00', () => {
    const slots = generateSlotsForDate(
      { slotMinutes: 60, weekly: [{ weekday: 1, start: '22:00', end: '24:00' }] },
      'America/New_York',
      '2027-03-29',
    );
    expect(iso(slots)).toEqual([
      ['2027-03-30T02:00:00.000Z', '2027-03-30T03:00:00.000Z'],
      ['2027-03-30T03:00:00.000Z', '2027-03-30T04:00:00.000Z'],
    ]);
  });

  it('generates several ranges of a day and several days in start order', () => {
    const template: AvailabilityTemplate = {
      slotMinutes: 60,
      weekly: [
        { weekday: 1, start: '14:00', end: '16:00' },
        { weekday: 1, start: '09:00', end: '10:00' },
        { weekday: 2, start: '09:00', end: '10:00' },
      ],
    };
    expect(iso(generateSlots(template, 'UTC', '2027-03-29', '2027-03-30'))).toEqual([
      ['2027-03-29T09:00:00.000Z', '2027-03-29T10:00:00.000Z'],
      ['2027-03-29T14:00:00.000Z', '2027-03-29T15:00:00.000Z'],
      ['2027-03-29T15:00:00.000Z', '2027-03-29T16:00:00.000Z'],
      ['2027-03-30T09:00:00.000Z', '2027-03-30T10:00:00.000Z'],
    ]);
  });

  it('tells whether a slot belongs to the current grid', () => {
    const [first] = generateSlotsForDate(WEEKDAYS_NINE_TO_FIVE, 'Europe/London', '2027-03-29');
    expect(isInGrid(WEEKDAYS_NINE_TO_FIVE, 'Europe/London', first)).toBe(true);
    const shifted = { startsAt: new Date(first.startsAt.getTime() + 15 * 60_000), endsAt: new Date(first.endsAt.getTime() + 15 * 60_000) };
    expect(isInGrid(WEEKDAYS_NINE_TO_FIVE, 'Europe/London', shifted)).toBe(false);
    expect(isInGrid({ slotMinutes: 30, weekly: [] }, 'Europe/London', first)).toBe(false);
  });
});
