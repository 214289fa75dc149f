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
  'TIME_OFF_NOT_FOUND',
  'EMAIL_TAKEN',
  'SERVICE_NAME_TAKEN',
  'BARBER_INACTIVE',
  'SERVICE_INACTIVE',
  'BOOKING_NOT_CONFIRMED',
  'CANNOT_DEACTIVATE_SELF',
  'SLOT_UNAVAILABLE',
  'SLOT_BOOKED',
  'BOOKING_NOT_CANCELLABLE',
  'BOOKING_NOT_RESCHEDULABLE',
  'CHECKOUT_NOT_AVAILABLE',
  'APPOINTMENT_NOT_PAID',
  'APPOINTMENT_NOT_STARTED',
  'IDEMPOTENCY_KEY_REUSED',
  'SLOT_IN_PAST',
  'SLOT_TOO_SOON',
  'SERVICE_DOES_NOT_FIT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'PAYMENT_PROVIDER_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * For errors that arrive with only an HTTP status (framework exceptions: a body that is not JSON,
 * an unknown route): the code that status stands for. The gateway's code → status table maps
 * each of these codes back to the same status.
 */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      // Other client errors (405, 406, 415…) are the client sending what we do not accept.
      return status >= 400 && status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
  }
}

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

/*
 * The expected failures every service raises. One definition, so a code carries one sentence
 * whichever service answers.
 */

export type FieldProblem = { field: string; message: string };

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldProblem[]) {
    super('VALIDATION_FAILED', `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do that.') {
    super('FORBIDDEN', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'The request does not say who is asking.') {
    super('UNAUTHORIZED', message);
  }
}
