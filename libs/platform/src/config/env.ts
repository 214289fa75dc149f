import { z } from 'zod';
import type { LogLevel } from '../logging/logger';

/** Thrown when the environment does not satisfy an app's schema; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parse `env` with `schema` once at start. Variables are read by their upper-case names,
 * so a failure can name the exact variable and the value it refused.
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const raw = env[name];
    const got = raw === undefined ? 'it is not set' : `got ${JSON.stringify(raw)}`;
    return `${name}: ${issue.message} (${got})`;
  });
  throw new ConfigError(problems);
}

export const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(1, 'must be a port number between 1 and 65535')
    .max(65535, 'must be a port number between 1 and 65535')
    .default(fallback);

export const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .positive('must be positive')
    .default(fallback);

export const nonNegativeInt = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .default(fallback);

/** A whole number from `min` to `max` inclusive; `why` ends the message (what the bounds come from). */
export const intBetween = (fallback: number, min: number, max: number, why = '') => {
  const message = `must be a whole number from ${min} to ${max}${why ? ` (${why})` : ''}`;
  return z.coerce
    .number({ error: message })
    .int(message)
    .min(min, message)
    .max(max, message)
    .default(fallback);
};

export const url = (protocols: string[], fallback?: string) => {
  const schema = z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a ${protocols.join(' or ')} URL` },
  );
  return fallback === undefined ? schema : schema.default(fallback);
};

export const postgresUrl = (database: string) =>
  url(['postgres', 'postgresql'], `postgres://postgres:postgres@127.0.0.1:5432/${database}`);

export const redisUrl = () => url(['redis', 'rediss'], 'redis://127.0.0.1:6379');

export const host = (fallback: string) => z.string().min(1, 'must not be empty').default(fallback);

export const logLevel = () =>
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** BullMQ forbids ':' in queue names and uses the prefix as a key namespace. */
export const queuePrefix = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'must contain only letters, digits, "_", "." and "-"')
    .default('barbers');

/** Settings every service shares: where Redis is, how loud to log, how often to reconcile. */
export const sharedEnvSchema = z.object({
  REDIS_URL: redisUrl(),
  QUEUE_PREFIX: queuePrefix(),
  LOG_LEVEL: logLevel(),
  RECONCILE_INTERVAL_SECONDS: positiveInt(30),
  /** Tries per message (the first included) before it is dead-lettered. */
  MESSAGE_ATTEMPTS: positiveInt(8),
  /** Delay before a message's first retry; each further retry doubles it. */
  MESSAGE_BACKOFF_MS: positiveInt(1000),
});

/** The settings of `sharedEnvSchema`, typed, as every service's config carries them. */
export interface SharedSettings {
  redisUrl: string;
  queuePrefix: string;
  logLevel: LogLevel;
  reconcileIntervalSeconds: number;
  /** The retry policy of the messages this service publishes. */
  messageRetry: { attempts: number; backoffMs: number };
}

export function sharedSettings(e: z.infer<typeof sharedEnvSchema>): SharedSettings {
  return {
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
    messageRetry: { attempts: e.MESSAGE_ATTEMPTS, backoffMs: e.MESSAGE_BACKOFF_MS },
  };
}
