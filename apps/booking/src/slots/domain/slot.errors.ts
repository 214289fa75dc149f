import { DomainError, FieldProblem } from '@app/contracts';

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

/** A booking in the way of a change to the barber's hours, as the barber would name it. */
export interface BookingInTheWay {
  bookingId: string;
  customerName: string;
  serviceName: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  paid: boolean;
}

export class SlotBookedError extends DomainError {
  constructor(inTheWay: BookingInTheWay[] = []) {
    super(
      'SLOT_BOOKED',
      inTheWay.length === 0
        ? 'A held or booked slot falls inside that time; cancel or move it first.'
        : `${inTheWay.map(describeBooking).join('; ')} ${inTheWay.length === 1 ? 'falls' : 'fall'} inside that time: cancel or move ${
            inTheWay.length === 1 ? 'it' : 'them'
          } first, or choose other times.`,
    );
  }
}

function describeBooking(booking: BookingInTheWay): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: booking.timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: booking.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const who = booking.customerName ? `${booking.customerName}'s` : 'A';
  const what = booking.paid ? 'booking' : 'unpaid hold';
  return `${who} ${what} for ${booking.serviceName} on ${day.format(booking.startsAt)}, ${time.format(booking.startsAt)}–${time.format(
    booking.endsAt,
  )} (${booking.timeZone} time; booking ${booking.bookingId})`;
}

export class TimeOffNotFoundError extends DomainError {
  constructor() {
    super('TIME_OFF_NOT_FOUND', 'No such time off for this barber.');
  }
}

export class SlotNotFoundError extends DomainError {
  constructor() {
    super('SLOT_NOT_FOUND', 'No such slot.');
  }
}
