/**
 * `node dist/tools/stripe-standin/src/main.js`: the local Stripe stand-in as a process, which
 * `npm start` runs when STRIPE_SECRET_KEY is not set (DESIGN §11). Dev and test only.
 *
 * STRIPE_STANDIN_PORT (12111), STRIPE_STANDIN_HOST (127.0.0.1), STRIPE_STANDIN_PUBLIC_URL
 * (the server's own URL), STRIPE_WEBHOOK_SECRET (whsec_local), STRIPE_WEBHOOK_URL
 * (http://127.0.0.1:${PAYMENTS_HTTP_PORT:-3001}/webhooks/stripe), STRIPE_SECRET_KEY (optional:
 * when set, API requests must carry it).
 */
import { startStripeStandIn } from './server';

function fail(message: string): never {
  process.stderr.write(`[stripe-standin] ${message}\n`);
  process.exit(1);
}

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(`${name} must be a port number (0-65535), got '${raw}'`);
  return port;
}

function urlFrom(name: string, fallback: string | undefined): string | undefined {
  const raw = process.env[name] || fallback;
  if (raw === undefined) return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    fail(`${name} must be an http(s) URL, got '${raw}'`);
  }
  return raw;
}

async function main(): Promise<void> {
  const port = portFrom('STRIPE_STANDIN_PORT', 12111);
  const host = process.env.STRIPE_STANDIN_HOST || '127.0.0.1';
  const paymentsPort = portFrom('PAYMENTS_HTTP_PORT', 3001);
  const webhookUrl = urlFrom(
    'STRIPE_WEBHOOK_URL',
    `http://127.0.0.1:${paymentsPort}/webhooks/stripe`,
  );
  const publicUrl = urlFrom('STRIPE_STANDIN_PUBLIC_URL', undefined);
  const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET || 'whsec_local';
  const secretKey = process.env.STRIPE_SECRET_KEY || undefined;
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const standIn = await startStripeStandIn({
    port,
    host,
    webhookUrl,
    webhookSecret,
    secretKey,
    publicUrl,
    log,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      fail(
        `port ${port} is already in use (another stand-in, or stripe-mock?); set STRIPE_STANDIN_PORT to another port`,
      );
    }
    throw error;
  });
  log('==================================================================');
  log(' LOCAL STRIPE STAND-IN — dev/test only, no real money');
  log(`  API (STRIPE_API_BASE): ${standIn.url}`);
  log(`  checkout pages:        ${publicUrl ?? standIn.url}/checkout/<session id>`);
  log(`  webhooks go to:        ${webhookUrl ?? '(none)'} (signed with STRIPE_WEBHOOK_SECRET)`);
  log(
    `  API key:               ${secretKey === undefined ? 'any sk_test_… accepted' : 'STRIPE_SECRET_KEY required'}`,
  );
  log('==================================================================');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    standIn.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`could not stop cleanly: ${String(error)}`),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) =>
  fail(
    `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  ),
);
