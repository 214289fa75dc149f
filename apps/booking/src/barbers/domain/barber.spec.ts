import { DomainError } from '@app/contracts';
import { canonicalTimeZone, validateNewBarber } from './barber';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'NOT_A_DOMAIN_ERROR';
  }
  return undefined;
};

describe('new barber rules', () => {
  it('accepts a name and an IANA zone, storing the canonical zone spelling', () => {
    expect(validateNewBarber({ name: '  Sam ', timeZone: 'europe/london' })).toEqual({
      name: 'Sam',
      timeZone: 'Europe/London',
      description: null,
    });
  });

  it.each(['Mars/Olympus', '+01:00', '', 'Europe/London; DROP TABLE', 42])('refuses the zone %p as INVALID_TIME_ZONE', (zone) => {
    expect(codeOf(() => validateNewBarber({ name: 'Sam', timeZone: zone }))).toBe(
      typeof zone === 'number' ? 'VALIDATION_FAILED' : 'INVALID_TIME_ZONE',
    );
  });

  it('refuses an empty or over-long name', () => {
    expect(codeOf(() => validateNewBarber({ name: '  ', timeZone: 'UTC' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => validateNewBarber({ name: 'x'.repeat(101), timeZone: 'UTC' }))).toBe('VALIDATION_FAILED');
  });

  it('canonicalises zones Intl knows under another case', () => {
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('America/New_York')).toBe('America/New_York');
  });
});
