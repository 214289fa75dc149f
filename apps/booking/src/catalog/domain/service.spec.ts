import { DomainError } from '@app/contracts';
import { validateNewService, validateServiceChanges } from './service';

const problemsOf = (input: unknown): string[] => {
  try {
    validateNewService(input);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('VALIDATION_FAILED');
    return (error.errors ?? []).map((problem) => problem.field);
  }
};

describe('new service rules', () => {
  const valid = { name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' };

  it('accepts a valid catalog entry', () => {
    expect(validateNewService(valid)).toEqual(valid);
    expect(problemsOf({ ...valid, priceCents: 0, durationMinutes: 480 })).toEqual([]);
  });

  it('names each bad field', () => {
    expect(problemsOf({ name: '', durationMinutes: 4, priceCents: 1.5, currency: 'GBP' }).sort()).toEqual([
      'currency',
      'durationMinutes',
      'name',
      'priceCents',
    ]);
    expect(problemsOf({ ...valid, durationMinutes: 481 })).toEqual(['durationMinutes']);
    expect(problemsOf({ ...valid, priceCents: -1 })).toEqual(['priceCents']);
    expect(problemsOf({ ...valid, durationMinutes: '30' })).toEqual(['durationMinutes']);
  });
});

describe('service edit rules', () => {
  const fieldsOf = (input: Record<string, unknown>): string[] => {
    try {
      validateServiceChanges(input);
      return [];
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return (error.errors ?? []).map((problem) => problem.field);
    }
  };

  it('keeps only the fields sent', () => {
    expect(validateServiceChanges({ priceCents: 1800 })).toEqual({ priceCents: 1800 });
    expect(validateServiceChanges({ name: ' Beard trim ', active: false })).toEqual({ name: 'Beard trim', active: false });
  });

  it('refuses what a new service would refuse, a non-boolean active, and an edit that changes nothing', () => {
    expect(fieldsOf({ priceCents: -1 })).toEqual(['priceCents']);
    expect(fieldsOf({ durationMinutes: 2 })).toEqual(['durationMinutes']);
    expect(fieldsOf({ name: '' })).toEqual(['name']);
    expect(fieldsOf({ active: 'no' })).toEqual(['active']);
    expect(fieldsOf({})).toEqual(['(request)']);
  });
});
