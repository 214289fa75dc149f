import { ConfigError, host, nonNegativeInt, parseEnv, port, positiveInt, postgresUrl, sharedEnvSchema, sharedSettings } from '@app/platform';
import type { SharedSettings } from '@app/platform';
import { z } from 'zod';

/** Used only when JWT_SECRET is unset: anyone who reads this file can mint tokens. */
export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';
export const DEFAULT_ADMIN_EMAIL = 'admin@example.com';
export const DEFAULT_ADMIN_PASSWORD = 'admin';

const gatewayEnvSchema = sharedEnvSchema.extend({
  GATEWAY_PORT: port(3000),
  GATEWAY_DATABASE_URL: postgresUrl('gateway'),
  BOOKING_TCP_HOST: host('127.0.0.1'),
  BOOKING_TCP_PORT: port(4001),
  PAYMENTS_TCP_HOST: host('127.0.0.1'),
  PAYMENTS_TCP_PORT: port(4002),
  APPOINTMENTS_TCP_HOST: host('127.0.0.1'),
  APPOINTMENTS_TCP_PORT: port(4003),
  // Secrets are checked in loadGatewayConfig: parseEnv's messages quote the refused value.
  JWT_SECRET: z.string().optional(),
  JWT_EXPIRES_IN_SECONDS: positiveInt(3600),
  ADMIN_EMAIL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'must be an email address' }))
    .default(DEFAULT_ADMIN_EMAIL),
  ADMIN_PASSWORD: z.string().optional(),
  RATE_LIMIT_AUTH_PER_MINUTE: nonNegativeInt(10),
  RATE_LIMIT_BOOKINGS_PER_MINUTE: nonNegativeInt(30),
  RPC_TIMEOUT_MS: positiveInt(3000),
  BODY_LIMIT_BYTES: positiveInt(64 * 1024),
  // Where the built web app is (apps/web); unset: dist/web of this build (web-app.ts).
  WEB_APP_DIR: z.string().trim().min(1).optional(),
  // The booking service's rule, read here too so the web app can say before a click whether a
  // cancellation will be refunded (the booking service decides).
  CANCELLATION_WINDOW_HOURS: nonNegativeInt(24),
  // The booking service's rules for moving a booking, read here too so the web app can say before a
  // click until when a booking can be moved and hide times too soon to take. Unset
  // RESCHEDULE_WINDOW_HOURS: the same as CANCELLATION_WINDOW_HOURS (DESIGN §3).
  RESCHEDULE_WINDOW_HOURS: z.union([z.undefined(), nonNegativeInt(0)]),
  BOOKING_MIN_NOTICE_MINUTES: nonNegativeInt(60),
  // Services GET /health requires (comma list; empty = none). Tests that start only some services narrow it.
  GATEWAY_HEALTH_SERVICES: z
    .string()
    .default('booking,payments,appointments')
    .transform((value) => value.split(',').map((name) => name.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['booking', 'payments', 'appointments'], { error: 'must list only booking, payments, appointments' }))),
});

export interface ServiceEndpoint {
  host: string;
  port: number;
}

export type ServiceName = 'booking' | 'payments' | 'appointments';

export interface GatewayConfig extends SharedSettings {
  port: number;
  databaseUrl: string;
  services: Record<ServiceName, ServiceEndpoint>;
  jwt: { secret: string; expiresInSeconds: number; usingDevSecret: boolean };
  admin: { email: string; password: string; usingDefaultPassword: boolean };
  /** Requests per minute; 0 turns the limit off. */
  rateLimits: { authPerMinute: number; bookingsPerMinute: number };
  rpcTimeoutMs: number;
  bodyLimitBytes: number;
  /** Services whose `*.health` RPC GET /health requires. */
  healthServices: ServiceName[];
  /** The built web app served at /app/; undefined: the build's own (web-app.ts defaultWebAppDir). */
  webAppDir: string | undefined;
  /** CANCELLATION_WINDOW_HOURS, told to the web app (web-app.ts). */
  cancellationWindowHours: number;
  /** RESCHEDULE_WINDOW_HOURS (default CANCELLATION_WINDOW_HOURS), told to the web app. */
  rescheduleWindowHours: number;
  /** BOOKING_MIN_NOTICE_MINUTES, told to the web app. */
  minNoticeMinutes: number;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** Rules for secret variables; a failure names the variable, never its value. */
function secretProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const jwtSecret = env.JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret.length < 16) problems.push('JWT_SECRET: must be at least 16 characters');
  const adminPassword = env.ADMIN_PASSWORD;
  if (adminPassword !== undefined && (adminPassword.length < 1 || adminPassword.length > 128)) {
    problems.push('ADMIN_PASSWORD: must be 1 to 128 characters');
  }
  return problems;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  let e: z.infer<typeof gatewayEnvSchema>;
  const secrets = secretProblems(env);
  try {
    e = parseEnv(gatewayEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigError && secrets.length > 0) throw new ConfigError([...error.problems, ...secrets]);
    throw error;
  }
  if (secrets.length > 0) throw new ConfigError(secrets);
  return {
    port: e.GATEWAY_PORT,
    databaseUrl: e.GATEWAY_DATABASE_URL,
    ...sharedSettings(e),
    services: {
      booking: { host: e.BOOKING_TCP_HOST, port: e.BOOKING_TCP_PORT },
      payments: { host: e.PAYMENTS_TCP_HOST, port: e.PAYMENTS_TCP_PORT },
      appointments: { host: e.APPOINTMENTS_TCP_HOST, port: e.APPOINTMENTS_TCP_PORT },
    },
    jwt: {
      secret: e.JWT_SECRET ?? DEV_JWT_SECRET,
      expiresInSeconds: e.JWT_EXPIRES_IN_SECONDS,
      usingDevSecret: e.JWT_SECRET === undefined,
    },
    admin: {
      email: e.ADMIN_EMAIL,
      password: e.ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
      usingDefaultPassword: e.ADMIN_PASSWORD === undefined || e.ADMIN_PASSWORD === DEFAULT_ADMIN_PASSWORD,
    },
    rateLimits: { authPerMinute: e.RATE_LIMIT_AUTH_PER_MINUTE, bookingsPerMinute: e.RATE_LIMIT_BOOKINGS_PER_MINUTE },
    rpcTimeoutMs: e.RPC_TIMEOUT_MS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    healthServices: [...new Set(e.GATEWAY_HEALTH_SERVICES)],
    webAppDir: e.WEB_APP_DIR,
    cancellationWindowHours: e.CANCELLATION_WINDOW_HOURS,
    rescheduleWindowHours: e.RESCHEDULE_WINDOW_HOURS ?? e.CANCELLATION_WINDOW_HOURS,
    minNoticeMinutes: e.BOOKING_MIN_NOTICE_MINUTES,
  };
}

/** Warnings an operator must see at start: development defaults that must never reach production. */
export function insecureDefaultsOf(config: GatewayConfig): string[] {
  const warnings: string[] = [];
  if (config.jwt.usingDevSecret) {
    warnings.push('JWT_SECRET is not set: access tokens are signed with a PUBLIC development secret. Set JWT_SECRET anywhere real.');
  }
  if (config.admin.usingDefaultPassword) {
    warnings.push(`ADMIN_PASSWORD is not set: the admin account ${config.admin.email} uses the default password. Set ADMIN_PASSWORD anywhere real.`);
  }
  if (config.admin.email === DEFAULT_ADMIN_EMAIL) {
    warnings.push(`ADMIN_EMAIL is not set: the admin account is ${DEFAULT_ADMIN_EMAIL}.`);
  }
  return warnings;
}
