import { DomainError } from '@app/contracts';
import { canonicalTimeZone, validateBarberChanges, validateNewBarber } from './barber';

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

describe('barber edit rules', () => {
  it('keeps only the fields sent, trimmed, with the canonical zone; an empty description clears it', () => {
    expect(validateBarberChanges({ name: ' Robin ' })).toEqual({ name: 'Robin' });
    expect(validateBarberChanges({ timeZone: 'america/new_york', active: false })).toEqual({ timeZone: 'America/New_York', active: false });
    expect(validateBarberChanges({ description: '  ' })).toEqual({ description: null });
    expect(validateBarberChanges({ description: null })).toEqual({ description: null });
  });

  it('refuses an edit that changes nothing, a bad zone, an empty name and a non-boolean active', () => {
    expect(codeOf(() => validateBarberChanges({}))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => validateBarberChanges({ timeZone: 'Mars/Olympus' }))).toBe('INVALID_TIME_ZONE');
    expect(codeOf(() => validateBarberChanges({ name: ' ' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => validateBarberChanges({ active: 'false' }))).toBe('VALIDATION_FAILED');
  });
});
