import { DomainError } from '@app/contracts';
import { validateAvailability } from './availability';

const problemsOf = (input: { slotMinutes?: unknown; weekly?: unknown }) => {
  try {
    validateAvailability(input);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('INVALID_AVAILABILITY');
    return error.errors ?? [];
  }
  return [];
};

describe('availability template rules', () => {
  it('accepts a valid template and sorts its ranges', () => {
    expect(
      validateAvailability({
        slotMinutes: 30,
        weekly: [
          { weekday: 2, start: '09:00', end: '17:00' },
          { weekday: 1, start: '13:00', end: '24:00' },
          { weekday: 1, start: '09:00', end: '13:00' },
        ],
      }),
    ).toEqual({
      slotMinutes: 30,
      weekly: [
        { weekday: 1, start: '09:00', end: '13:00' },
        { weekday: 1, start: '13:00', end: '24:00' },
        { weekday: 2, start: '09:00', end: '17:00' },
      ],
    });
  });

  it('accepts an empty week (no hours at all)', () => {
    expect(validateAvailability({ slotMinutes: 5, weekly: [] })).toEqual({ slotMinutes: 5, weekly: [] });
  });

  it.each([4, 241, 30.5, '30', undefined])('refuses slotMinutes %p', (slotMinutes) => {
    expect(problemsOf({ slotMinutes, weekly: [] }).map((p) => p.field)).toEqual(['slotMinutes']);
  });

  it('names each bad entry', () => {
    const problems = problemsOf({
      slotMinutes: 30,
      weekly: [
        { weekday: 0, start: '09:00', end: '17:00' },
        { weekday: 8, start: '09:00', end: '17:00' },
        { weekday: 1, start: '9:00', end: '17:00' },
        { weekday: 1, start: '10:00', end: '24:30' },
        { weekday: 2, start: '17:00', end: '09:00' },
        { weekday: 3, start: '24:00', end: '24:00' },
        'monday',
      ],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'weekly[0].weekday',
      'weekly[1].weekday',
      'weekly[2].start',
      'weekly[3].end',
      'weekly[4]',
      'weekly[5].start',
      'weekly[6]',
    ]);
  });

  it('refuses overlapping ranges on one weekday, but not touching ones or other days', () => {
    const problems = problemsOf({
      slotMinutes: 30,
      weekly: [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '12:00', end: '14:00' },
        { weekday: 1, start: '13:30', end: '15:00' },
        { weekday: 2, start: '09:00', end: '12:00' },
      ],
    });
    expect(problems).toEqual([{ field: 'weekly[2]', message: expect.stringContaining('overlaps weekly[1]') }]);
  });

  it('refuses a weekly that is not a list', () => {
    expect(problemsOf({ slotMinutes: 30, weekly: { weekday: 1 } }).map((p) => p.field)).toEqual(['weekly']);
  });
});
