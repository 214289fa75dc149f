import { z } from 'zod';
import { ConfigError, parseEnv, port, postgresUrl, queuePrefix, sharedEnvSchema } from './env';

const schema = sharedEnvSchema.extend({ BOOKING_HTTP_PORT: port(3002), BOOKING_DATABASE_URL: postgresUrl('booking') });

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseEnv(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('applies the documented defaults when nothing is set', () => {
    expect(parseEnv(schema, {})).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'barbers',
      LOG_LEVEL: 'info',
      RECONCILE_INTERVAL_SECONDS: 30,
      MESSAGE_ATTEMPTS: 8,
      MESSAGE_BACKOFF_MS: 1000,
      BOOKING_HTTP_PORT: 3002,
      BOOKING_DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/booking',
    });
  });

  it('names the variable, the rule and the value it refused', () => {
    expect(problemsOf({ BOOKING_HTTP_PORT: 'abc' })).toEqual([
      expect.stringMatching(/^BOOKING_HTTP_PORT: must be a port number.*\(got "abc"\)$/),
    ]);
    expect(problemsOf({ BOOKING_HTTP_PORT: '70000' })[0]).toContain('between 1 and 65535');
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ REDIS_URL: 'http://x', LOG_LEVEL: 'loud', BOOKING_DATABASE_URL: 'nonsense' });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'BOOKING_DATABASE_URL',
      'LOG_LEVEL',
      'REDIS_URL',
    ]);
    expect(problems.find((problem) => problem.startsWith('REDIS_URL'))).toContain('must be a redis or rediss URL');
  });

  it('refuses a queue prefix BullMQ cannot use', () => {
    const result = z.object({ QUEUE_PREFIX: queuePrefix() }).safeParse({ QUEUE_PREFIX: 'a:b' });
    expect(result.success).toBe(false);
  });
});
