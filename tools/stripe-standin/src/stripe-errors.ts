/**
 * Stripe's v1 error shape, `{ error: { type, code?, message, param? } }`, with the HTTP status the
 * SDK maps to its error classes (400/404 → StripeInvalidRequestError or StripeIdempotencyError,
 * 401 → StripeAuthenticationError, 402 → StripeCardError, 5xx → StripeAPIError).
 */
export type StripeErrorType =
  'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    code?: string;
    message: string;
    param?: string;
    doc_url?: string;
  };
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly extra: {
      code?: string;
      param?: string;
      /**
       * Stripe saves an idempotent result only once the endpoint started executing: an error
       * from parameter validation is not saved, so a corrected retry with the same key works.
       */
      savedForIdempotency?: boolean;
    } = {},
  ) {
    super(message);
  }

  get savedForIdempotency(): boolean {
    return this.extra.savedForIdempotency ?? false;
  }

  toBody(): StripeErrorBody {
    const { code, param } = this.extra;
    return {
      error: {
        type: this.type,
        ...(code === undefined
          ? {}
          : { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` }),
        message: this.message,
        ...(param === undefined ? {} : { param }),
      },
    };
  }
}

/** A parameter problem (400, never saved for idempotency). */
export function invalidParam(
  param: string,
  message: string,
  code = 'parameter_invalid',
): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { code, param });
}

export function missingParam(param: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, {
    code: 'parameter_missing',
    param,
  });
}

export function unknownParam(param: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${param}`, {
    code: 'parameter_unknown',
    param,
  });
}

/** `No such checkout.session: 'cs_test_x'` → 404 resource_missing. */
export function resourceMissing(objectName: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, 'invalid_request_error', `No such ${objectName}: '${id}'`, {
    code: 'resource_missing',
    param,
  });
}

/** A request that is well formed but not allowed in the object's current state (saved). */
export function invalidState(
  message: string,
  extra: { code?: string; param?: string } = {},
): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, {
    ...extra,
    savedForIdempotency: true,
  });
}
