import { DomainError } from '@app/contracts';
import { validateTimeOff } from './time-off';

const fieldsOf = (input: Record<string, unknown>) => {
  try {
    validateTimeOff(input);
  } catch (error) {
    expect((error as DomainError).code).toBe('INVALID_TIME_RANGE');
    return ((error as DomainError).errors ?? []).map((p) => p.field);
  }
  return [];
};

describe('time off rules', () => {
  it('accepts a range of instants with offsets', () => {
    expect(validateTimeOff({ startsAt: '2027-01-04T09:00:00+01:00', endsAt: '2027-01-04T12:00:00Z', reason: ' dentist ' })).toEqual({
      startsAt: new Date('2027-01-04T08:00:00Z'),
      endsAt: new Date('2027-01-04T12:00:00Z'),
      reason: 'dentist',
    });
  });

  it('refuses an end not after the start, and more than 90 days', () => {
    expect(fieldsOf({ startsAt: '2027-01-04T09:00:00Z', endsAt: '2027-01-04T09:00:00Z' })).toEqual(['endsAt']);
    expect(fieldsOf({ startsAt: '2027-01-04T09:00:00Z', endsAt: '2027-04-05T09:00:01Z' })).toEqual(['endsAt']);
  });

  it('refuses what is not an instant', () => {
    expect(fieldsOf({ startsAt: '2027-01-04 09:00', endsAt: '2027-02-30T09:00:00Z' })).toEqual(['startsAt', 'endsAt']);
    expect(fieldsOf({ startsAt: '2027-01-04T09:00:00', endsAt: 5 })).toEqual(['startsAt', 'endsAt']);
  });
});
