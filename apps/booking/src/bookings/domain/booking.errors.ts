import { DomainError } from '@app/contracts';

export class BookingNotFoundError extends DomainError {
  constructor() {
    super('BOOKING_NOT_FOUND', 'No such booking.');
  }
}

export class SlotUnavailableError extends DomainError {
  constructor() {
    super('SLOT_UNAVAILABLE', 'That time is no longer available.');
  }
}

export class SlotInPastError extends DomainError {
  constructor() {
    super('SLOT_IN_PAST', 'That slot has already started.');
  }
}

export class ServiceDoesNotFitError extends DomainError {
  constructor(durationMinutes: number) {
    super('SERVICE_DOES_NOT_FIT', `The barber has no ${durationMinutes} consecutive minutes from that slot.`);
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'That Idempotency-Key was already used for a different request.');
  }
}

export class BookingNotCancellableError extends DomainError {
  constructor(status: string) {
    super('BOOKING_NOT_CANCELLABLE', `A ${status} booking cannot be cancelled.`);
  }
}

export class SlotTooSoonError extends DomainError {
  constructor(minNoticeMinutes: number) {
    super('SLOT_TOO_SOON', `That time starts too soon: bookings need at least ${minNoticeMinutes} minutes' notice. Choose a later time.`);
  }
}

export class BookingNotReschedulableError extends DomainError {
  constructor(why: string) {
    super('BOOKING_NOT_RESCHEDULABLE', why);
  }
}

export class CheckoutNotAvailableError extends DomainError {
  constructor(why: string) {
    super('CHECKOUT_NOT_AVAILABLE', why);
  }
}
