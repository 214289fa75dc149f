import { ErrorCode } from '@app/contracts';

/**
 * The one place an error code becomes an HTTP status. Services and the gateway raise
 * codes; only this table decides what a client sees. `satisfies Record<ErrorCode, …>`
 * makes a new code in the contract a compile error here until it is given a status.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_TIME_ZONE: 400,
  INVALID_DATE: 400,
  INVALID_AVAILABILITY: 400,
  INVALID_TIME_RANGE: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  BARBER_NOT_FOUND: 404,
  SERVICE_NOT_FOUND: 404,
  SLOT_NOT_FOUND: 404,
  BOOKING_NOT_FOUND: 404,
  APPOINTMENT_NOT_FOUND: 404,
  TIME_OFF_NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  SERVICE_NAME_TAKEN: 409,
  BARBER_INACTIVE: 409,
  SERVICE_INACTIVE: 409,
  BOOKING_NOT_CONFIRMED: 409,
  CANNOT_DEACTIVATE_SELF: 409,
  SLOT_UNAVAILABLE: 409,
  SLOT_BOOKED: 409,
  BOOKING_NOT_CANCELLABLE: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  CHECKOUT_NOT_AVAILABLE: 409,
  APPOINTMENT_NOT_PAID: 409,
  APPOINTMENT_NOT_STARTED: 409,
  PAYLOAD_TOO_LARGE: 413,
  SLOT_IN_PAST: 422,
  SERVICE_DOES_NOT_FIT: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  PAYMENT_PROVIDER_UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, number>;

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
