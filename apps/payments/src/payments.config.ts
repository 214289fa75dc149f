import { host, parseEnv, port, postgresUrl, sharedEnvSchema, sharedSettings, url } from '@app/platform';
import type { SharedSettings } from '@app/platform';
import { z } from 'zod';

const paymentsEnvSchema = sharedEnvSchema.extend({
  PAYMENTS_HTTP_PORT: port(3001),
  PAYMENTS_TCP_PORT: port(4002),
  PAYMENTS_TCP_HOST: host('127.0.0.1'),
  PAYMENTS_DATABASE_URL: postgresUrl('payments'),
  STRIPE_SECRET_KEY: z.string().min(1, 'must not be empty').default('sk_test_local'),
  STRIPE_WEBHOOK_SECRET: z.string().min(1, 'must not be empty').default('whsec_local'),
  STRIPE_API_BASE: url(['http', 'https']).optional(),
  PUBLIC_URL: url(['http', 'https'], 'http://localhost:3000'),
  RECONCILE_STRIPE_AFTER_SECONDS: z.coerce.number().int().positive().default(120),
});

export interface PaymentsConfig extends SharedSettings {
  httpPort: number;
  tcp: { host: string; port: number };
  databaseUrl: string;
  stripe: { secretKey: string; webhookSecret: string; apiBase: string | undefined };
  publicUrl: string;
  reconcileStripeAfterSeconds: number;
}

export const PAYMENTS_CONFIG = Symbol('PAYMENTS_CONFIG');

/**
 * How payments' HTTP port is set up (main.ts, and tests that start it the same way): the raw
 * body is kept for POST /webhooks/stripe, whose signature covers the exact bytes received, and
 * bodies may be larger than elsewhere (a 413 would make Stripe retry an event we can never take).
 */
export const PAYMENTS_HTTP_OPTIONS = { rawBody: true, bodyLimitBytes: 1024 * 1024 } as const;

export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  const e = parseEnv(paymentsEnvSchema, env);
  return {
    httpPort: e.PAYMENTS_HTTP_PORT,
    tcp: { host: e.PAYMENTS_TCP_HOST, port: e.PAYMENTS_TCP_PORT },
    databaseUrl: e.PAYMENTS_DATABASE_URL,
    ...sharedSettings(e),
    stripe: { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE },
    publicUrl: e.PUBLIC_URL,
    reconcileStripeAfterSeconds: e.RECONCILE_STRIPE_AFTER_SECONDS,
  };
}
