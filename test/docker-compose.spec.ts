import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';

/**
 * `docker compose up` works offline like `npm start` (DESIGN §11): without STRIPE_SECRET_KEY it
 * runs the Stripe stand-in and points payments at it. No Docker engine is needed to check it:
 * the file is parsed, and the two shell commands that make the decision are run with `sh` as the
 * containers would run them (after compose turns `$$` into `$`), with the final `exec node …`
 * swapped for a line that reports what would run.
 */
const root = resolve(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number | null>;
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  ports?: string[];
}
const compose = load(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  /** What every service is built from (merged into each with `<<: *service`). */
  'x-service': ComposeService;
};
const { payments, 'stripe-standin': standIn } = compose.services;

/** The container's shell script as compose hands it to `sh -c`: `$$` is compose's escape for `$`. */
function scriptOf(service: ComposeService, entrypoint: string, replacement: string): string {
  expect(service.command?.slice(0, 2)).toEqual(['sh', '-c']);
  const script = service.command![2].replace(/\$\$/g, '$');
  expect(script).toContain(`exec ${entrypoint}`);
  return script.replace(`exec ${entrypoint}`, replacement);
}

/** Runs `script` with `env` as the container's environment (compose leaves a bare `NAME:` unset when the shell does not set it). */
function run(script: string, env: Record<string, string>): string {
  return execFileSync('sh', ['-c', script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

describe('docker-compose.yml and the Stripe stand-in', () => {
  const paymentsEnv = (given: Record<string, string>) => {
    const fixed = Object.fromEntries(
      Object.entries(payments.environment ?? {}).flatMap(([name, value]) =>
        // `<<` is the YAML merge of the common variables, none of them Stripe's.
        name === '<<' || value === null || value === undefined ? [] : [[name, String(value)]],
      ),
    );
    const output = run(scriptOf(payments, 'node dist/apps/payments/src/main.js', 'env'), {
      ...fixed,
      ...given,
    });
    return Object.fromEntries(
      output
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('STRIPE_'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  };
  const standInRuns = (given: Record<string, string>) =>
    run(
      scriptOf(standIn, 'node dist/tools/stripe-standin/src/main.js', 'echo STAND-IN RUNS'),
      given,
    ).includes('STAND-IN RUNS');

  it('defines the stand-in from the same image and Dockerfile as the services, with its port and webhooks to payments', () => {
    expect(standIn).toMatchObject({
      image: compose['x-service'].image,
      build: compose['x-service'].build,
      restart: 'on-failure',
    });
    expect(standIn.environment).toMatchObject({
      STRIPE_STANDIN_HOST: '0.0.0.0',
      STRIPE_STANDIN_PORT: 12111,
      STRIPE_WEBHOOK_URL: 'http://payments:3001/webhooks/stripe',
    });
    expect(payments.depends_on?.['stripe-standin']).toEqual({ condition: 'service_started' });
    expect(payments.environment?.STRIPE_STANDIN_URL).toBe('http://stripe-standin:12111');
    // The image holds what the command runs: the Dockerfile copies tools/ before building.
    expect(readFileSync(resolve(root, 'Dockerfile'), 'utf8')).toMatch(/^COPY tools \.\/tools$/m);
    expect(existsSync(resolve(root, 'dist/tools/stripe-standin/src/main.js'))).toBe(true);
  });

  it('without STRIPE_SECRET_KEY runs the stand-in and points payments at it', () => {
    expect(standInRuns({})).toBe(true);
    expect(paymentsEnv({})).toEqual({
      STRIPE_API_BASE: 'http://stripe-standin:12111',
      STRIPE_STANDIN_URL: 'http://stripe-standin:12111',
    });
  });

  it('treats an empty STRIPE_SECRET_KEY as not given (payments would refuse an empty key)', () => {
    expect(standInRuns({ STRIPE_SECRET_KEY: '', STRIPE_API_BASE: '' })).toBe(true);
    expect(paymentsEnv({ STRIPE_SECRET_KEY: '', STRIPE_API_BASE: '' })).toEqual({
      STRIPE_API_BASE: 'http://stripe-standin:12111',
      STRIPE_STANDIN_URL: 'http://stripe-standin:12111',
    });
  });

  it('with STRIPE_SECRET_KEY leaves payments on real Stripe and the stand-in not running', () => {
    expect(standInRuns({ STRIPE_SECRET_KEY: 'sk_test_123' })).toBe(false);
    expect(paymentsEnv({ STRIPE_SECRET_KEY: 'sk_test_123' })).toEqual({
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_STANDIN_URL: 'http://stripe-standin:12111',
    });
  });

  it('with an explicit STRIPE_API_BASE (stripe-mock) uses that, as npm start does', () => {
    expect(standInRuns({ STRIPE_API_BASE: 'http://stripe-mock:12111' })).toBe(false);
    expect(paymentsEnv({ STRIPE_API_BASE: 'http://stripe-mock:12111' })).toEqual({
      STRIPE_API_BASE: 'http://stripe-mock:12111',
      STRIPE_STANDIN_URL: 'http://stripe-standin:12111',
    });
  });
});
