import { DomainError } from '@app/contracts';

export class BarberNotFoundError extends DomainError {
  constructor() {
    super('BARBER_NOT_FOUND', 'No such barber.');
  }
}

export class InvalidTimeZoneError extends DomainError {
  constructor(timeZone: unknown) {
    super('INVALID_TIME_ZONE', `${JSON.stringify(timeZone) ?? 'undefined'} is not a known IANA time zone (e.g. "Europe/London").`, [
      { field: 'timeZone', message: 'must be an IANA time zone such as "Europe/London"' },
    ]);
  }
}

export class BarberInactiveError extends DomainError {
  constructor(name: string) {
    super('BARBER_INACTIVE', `${name} is not taking bookings; choose another barber.`);
  }
}
