import { Provider } from '@nestjs/common';
import Stripe from 'stripe';
import { PAYMENTS_CONFIG, PaymentsConfig } from '../payments.config';

/** The official SDK, configured once; inject it with `@Inject(STRIPE)`. */
export const STRIPE = Symbol('STRIPE');

/** One try may take this long; with the SDK's own retries a call gives up after roughly three times it. */
export const STRIPE_TIMEOUT_MS = 5_000;
export const STRIPE_NETWORK_RETRIES = 2;

/**
 * The Stripe API version every call is made with, pinned in code (DESIGN §5) and equal to the
 * version our webhook endpoint is set to, so the objects we read and the events we receive
 * have one shape. It is the version the installed SDK's types describe (its `LatestApiVersion`
 * accepts nothing else): upgrading the SDK is the moment to move it, and the webhook endpoint
 * with it.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' satisfies Stripe.LatestApiVersion;

/**
 * `STRIPE_API_BASE` (stripe-mock, the local stand-in) splits into the SDK's host, port and
 * protocol; unset means the real API. The SDK retries connection errors, 409 and 5xx itself
 * (with the caller's Idempotency-Key, so a retry is never a second charge or session).
 */
export function createStripeClient(stripe: PaymentsConfig['stripe']): Stripe {
  const base = stripe.apiBase ? new URL(stripe.apiBase) : null;
  const protocol = base?.protocol === 'https:' ? 'https' : 'http';
  return new Stripe(stripe.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    timeout: STRIPE_TIMEOUT_MS,
    maxNetworkRetries: STRIPE_NETWORK_RETRIES,
    appInfo: { name: 'barbershop-payments' },
    ...(base
      ? { host: base.hostname, port: base.port ? Number(base.port) : protocol === 'https' ? 443 : 80, protocol }
      : {}),
  });
}

export const stripeClientProvider: Provider = {
  provide: STRIPE,
  inject: [PAYMENTS_CONFIG],
  useFactory: (config: PaymentsConfig) => createStripeClient(config.stripe),
};
