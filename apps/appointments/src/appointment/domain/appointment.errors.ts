import { DomainError } from '@app/contracts';

export class AppointmentNotFoundError extends DomainError {
  constructor() {
    super('APPOINTMENT_NOT_FOUND', 'No such appointment.');
  }
}

export class AppointmentNotPaidError extends DomainError {
  constructor(status: string) {
    super('APPOINTMENT_NOT_PAID', `Only a paid appointment can be completed or marked no-show; this one is ${status}.`);
  }
}

export class AppointmentNotStartedError extends DomainError {
  constructor() {
    super('APPOINTMENT_NOT_STARTED', 'The appointment has not started yet.');
  }
}

export class InvalidDateError extends DomainError {
  constructor(value: unknown) {
    super('INVALID_DATE', `"${String(value)}" is not a calendar date (YYYY-MM-DD).`);
  }
}
