import { ConfigError } from '@app/platform';
import { DEV_JWT_SECRET, insecureDefaultsOf, loadGatewayConfig } from './gateway.config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('gateway configuration', () => {
  it('applies the documented defaults, and warns about each insecure one', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      port: 3000,
      jwt: { secret: DEV_JWT_SECRET, expiresInSeconds: 3600, usingDevSecret: true },
      admin: { email: 'admin@example.com', password: 'admin', usingDefaultPassword: true },
      rateLimits: { authPerMinute: 10, bookingsPerMinute: 30 },
      rpcTimeoutMs: 3000,
      bodyLimitBytes: 65536,
      services: { booking: { host: '127.0.0.1', port: 4001 }, payments: { port: 4002 }, appointments: { port: 4003 } },
    });
    const warnings = insecureDefaultsOf(config);
    expect(warnings).toHaveLength(3);
    expect(warnings.join(' ')).toMatch(/JWT_SECRET.*ADMIN_PASSWORD.*ADMIN_EMAIL/);
    expect(warnings.join(' ')).not.toContain(DEV_JWT_SECRET);
  });

  it('reads every variable and does not warn when they are set', () => {
    const config = loadGatewayConfig({
      JWT_SECRET: 'a-long-enough-production-secret',
      JWT_EXPIRES_IN_SECONDS: '900',
      ADMIN_EMAIL: ' Boss@Shop.example ',
      ADMIN_PASSWORD: 'a-strong-password',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '5',
      RPC_TIMEOUT_MS: '1500',
      BODY_LIMIT_BYTES: '1024',
    });
    expect(config).toMatchObject({
      jwt: { secret: 'a-long-enough-production-secret', expiresInSeconds: 900, usingDevSecret: false },
      admin: { email: 'boss@shop.example', password: 'a-strong-password', usingDefaultPassword: false },
      rateLimits: { authPerMinute: 0, bookingsPerMinute: 5 },
      rpcTimeoutMs: 1500,
      bodyLimitBytes: 1024,
    });
    expect(insecureDefaultsOf(config)).toEqual([]);
  });

  it('stops with a message naming each bad variable', () => {
    const problems = problemsOf({
      JWT_SECRET: 'short',
      ADMIN_EMAIL: 'not-an-email',
      RATE_LIMIT_AUTH_PER_MINUTE: '-1',
      RPC_TIMEOUT_MS: '0',
      BODY_LIMIT_BYTES: 'lots',
    });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'ADMIN_EMAIL',
      'BODY_LIMIT_BYTES',
      'JWT_SECRET',
      'RATE_LIMIT_AUTH_PER_MINUTE',
      'RPC_TIMEOUT_MS',
    ]);
  });

  it('requires the three services in /health unless GATEWAY_HEALTH_SERVICES narrows the list', () => {
    expect(loadGatewayConfig({}).healthServices).toEqual(['booking', 'payments', 'appointments']);
    expect(loadGatewayConfig({ GATEWAY_HEALTH_SERVICES: ' booking , payments,booking' }).healthServices).toEqual(['booking', 'payments']);
    expect(loadGatewayConfig({ GATEWAY_HEALTH_SERVICES: '' }).healthServices).toEqual([]);
    expect(problemsOf({ GATEWAY_HEALTH_SERVICES: 'booking,billing' }).join('\n')).toMatch(/GATEWAY_HEALTH_SERVICES/);
  });

  it('tells the web app the booking rules: the reschedule window defaults to the cancellation window, the minimum notice to 60 minutes', () => {
    expect(loadGatewayConfig({})).toMatchObject({ cancellationWindowHours: 24, rescheduleWindowHours: 24, minNoticeMinutes: 60 });
    expect(loadGatewayConfig({ CANCELLATION_WINDOW_HOURS: '48' })).toMatchObject({ cancellationWindowHours: 48, rescheduleWindowHours: 48 });
    expect(loadGatewayConfig({ CANCELLATION_WINDOW_HOURS: '48', RESCHEDULE_WINDOW_HOURS: '0', BOOKING_MIN_NOTICE_MINUTES: '15' })).toMatchObject({
      rescheduleWindowHours: 0,
      minNoticeMinutes: 15,
    });
    expect(problemsOf({ RESCHEDULE_WINDOW_HOURS: '-1', BOOKING_MIN_NOTICE_MINUTES: 'soon' }).map((problem) => problem.split(':')[0]).sort()).toEqual([
      'BOOKING_MIN_NOTICE_MINUTES',
      'RESCHEDULE_WINDOW_HOURS',
    ]);
  });

  it('never quotes a secret it refuses', () => {
    const problems = problemsOf({ JWT_SECRET: 'tooshort', ADMIN_PASSWORD: 'p'.repeat(129) });
    expect(problems).toEqual(['JWT_SECRET: must be at least 16 characters', 'ADMIN_PASSWORD: must be 1 to 128 characters']);
    expect(problemsOf({ JWT_SECRET: 'tooshort', LOG_LEVEL: 'loud' }).join(' ')).not.toContain('tooshort');
  });
});
