/**
 * Stable error codes shared by the services and the gateway. Services raise them (over
 * RPC as `RpcErrorBody`); the gateway alone decides which HTTP status each becomes.
 * Clients match on these strings: never rename one.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_TIME_ZONE',
  'INVALID_DATE',
  'INVALID_AVAILABILITY',
  'INVALID_TIME_RANGE',
  'UNAUTHORIZED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'USER_NOT_FOUND',
  'BARBER_NOT_FOUND',
  'SERVICE_NOT_FOUND',
  'SLOT_NOT_FOUND',
  'BOOKING_NOT_FOUND',
  'APPOINTMENT_NOT_FOUND',
  'EMAIL_TAKEN',
  'SLOT_UNAVAILABLE',
  'SLOT_BOOKED',
  'BOOKING_NOT_CANCELLABLE',
  'CHECKOUT_NOT_AVAILABLE',
  'APPOINTMENT_NOT_PAID',
  'APPOINTMENT_NOT_STARTED',
  'IDEMPOTENCY_KEY_REUSED',
  'SLOT_IN_PAST',
  'SERVICE_DOES_NOT_FIT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'PAYMENT_PROVIDER_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error shape every RPC handler returns for an expected failure. */
export interface RpcErrorBody {
  code: ErrorCode;
  message: string;
  /** For VALIDATION_FAILED: one entry per bad field. */
  errors?: Array<{ field: string; message: string }>;
}

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorBody).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as RpcErrorBody).code) &&
    typeof (value as RpcErrorBody).message === 'string'
  );
}

/**
 * Base of every expected failure raised by domain code: a stable `code`, a sentence for
 * humans, and per-field details for validation. Pure TypeScript — no HTTP, no Nest.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: Array<{ field: string; message: string }>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): RpcErrorBody {
    return this.errors ? { code: this.code, message: this.message, errors: this.errors } : { code: this.code, message: this.message };
  }
}
