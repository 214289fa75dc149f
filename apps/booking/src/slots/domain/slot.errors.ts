import { DomainError } from '@app/contracts';
import { FieldProblem } from '../../shared/domain/common.errors';

export class InvalidAvailabilityError extends DomainError {
  constructor(errors: FieldProblem[]) {
    super('INVALID_AVAILABILITY', `Invalid availability: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
}

export class InvalidTimeRangeError extends DomainError {
  constructor(errors: FieldProblem[]) {
    super('INVALID_TIME_RANGE', `Invalid time range: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
}

export class InvalidDateError extends DomainError {
  constructor(date: unknown) {
    super('INVALID_DATE', `${JSON.stringify(date) ?? 'undefined'} is not a calendar date (YYYY-MM-DD).`, [
      { field: 'date', message: 'must be an existing calendar date YYYY-MM-DD' },
    ]);
  }
}

export class SlotBookedError extends DomainError {
  constructor() {
    super('SLOT_BOOKED', 'A held or booked slot falls inside that time; cancel it first.');
  }
}

export class SlotNotFoundError extends DomainError {
  constructor() {
    super('SLOT_NOT_FOUND', 'No such slot.');
  }
}
