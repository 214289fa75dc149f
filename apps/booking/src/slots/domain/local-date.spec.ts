import { DomainError } from '@app/contracts';
import { localDayRange, parseLocalDate } from './local-date';

describe('local calendar dates', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '20260101', '2026-02-29', '', null, 20260101])(
    'refuses %p as INVALID_DATE',
    (value) => {
      expect(() => parseLocalDate(value)).toThrow(DomainError);
      try {
        parseLocalDate(value);
      } catch (error) {
        expect((error as DomainError).code).toBe('INVALID_DATE');
      }
    },
  );

  it('accepts a date that exists', () => {
    expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
  });

  it('gives the local day as instants, 23 or 25 hours long on clock-change days', () => {
    const spring = localDayRange('2027-03-28', 'Europe/London');
    expect(spring.start.toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(spring.end.toISOString()).toBe('2027-03-28T23:00:00.000Z');
    const autumn = localDayRange('2026-10-25', 'Europe/London');
    expect(autumn.start.toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(autumn.end.toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });
});
