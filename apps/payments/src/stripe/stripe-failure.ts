import Stripe from 'stripe';

/**
 * What went wrong with a Stripe call, in the terms our callers decide on:
 * - `unavailable`: Stripe could not be reached, timed out, was overloaded or failed (5xx, 429,
 *   a 409 on a key still in flight): trying again later with the same idempotency key is right.
 * - `refused`: Stripe answered and said no (4xx): the same request will be refused again.
 */
export interface StripeFailure {
  kind: 'unavailable' | 'refused';
  status: number | null;
  /** Stripe's error code (`charge_already_refunded`, `resource_missing`, …). */
  code: string | null;
  /** The parameter Stripe blamed (`expires_at`, …). */
  param: string | null;
  message: string;
}

/** The failure of a Stripe SDK call, or null for anything that did not come from the SDK. */
export function stripeFailureOf(error: unknown): StripeFailure | null {
  if (!(error instanceof Stripe.errors.StripeError)) return null;
  const status = error.statusCode ?? null;
  const unavailable =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    status === null ||
    status === 409 ||
    status === 429 ||
    status >= 500;
  return {
    kind: unavailable ? 'unavailable' : 'refused',
    status,
    code: error.code ?? null,
    param: error.param ?? null,
    message: error.message,
  };
}

export function describeStripeFailure(failure: StripeFailure): string {
  const details = [failure.status === null ? 'no answer' : `HTTP ${failure.status}`, failure.code, failure.param && `param ${failure.param}`]
    .filter(Boolean)
    .join(', ');
  return `${failure.message} (${details})`;
}
