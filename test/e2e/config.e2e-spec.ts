import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

describe('configuration is validated at start', () => {
  it.each([
    ['booking', { BOOKING_HTTP_PORT: 'not-a-port' }, 'BOOKING_HTTP_PORT: must be a port number'],
    [
      'payments',
      { PAYMENTS_DATABASE_URL: 'mysql://x/y' },
      'PAYMENTS_DATABASE_URL: must be a postgres or postgresql URL',
    ],
    ['appointments', { LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
    ['gateway', { REDIS_URL: 'localhost:6379' }, 'REDIS_URL: must be a redis or rediss URL'],
    // Longer than a Stripe Checkout Session may live: refused at start, not by Stripe on every booking.
    [
      'booking',
      { BOOKING_HOLD_MINUTES: '1441' },
      'BOOKING_HOLD_MINUTES: must be a whole number from 1 to 1440',
    ],
  ])('%s stops with a sentence naming the bad variable', (app, env, expected) => {
    const result = spawnSync(process.execPath, [resolve(root, `dist/apps/${app}/src/main.js`)], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`[${app}] Invalid configuration: `);
    expect(result.stderr).toContain(expected);
  });
});
