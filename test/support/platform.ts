import { randomUUID } from 'node:crypto';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { ApiClient } from './http-client';
import { TestSystem } from './system';

/** The whole platform as production runs it, against a Stripe stand-in of its own, and an admin session. */
export interface RunningPlatform {
  stripe: StripeStandIn;
  system: TestSystem;
  /** Anonymous client of the gateway. */
  api: ApiClient;
  admin: ApiClient;
  stop(): Promise<void>;
}

/**
 * Start the stand-in and the four services (rate limits off, Stripe pointed at the stand-in
 * and its webhooks at payments), then log the bootstrap admin in. `env` overrides anything.
 */
export async function startPlatform(name: string, env: Record<string, string> = {}): Promise<RunningPlatform> {
  const webhookSecret = `whsec_e2e_${name}`;
  const stripe = await startStripeStandIn({ webhookSecret, port: 0 });
  let system: TestSystem;
  try {
    system = await TestSystem.start(['booking', 'payments', 'appointments', 'gateway'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_SECRET_KEY: `sk_test_${name}`,
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      ...env,
    });
  } catch (error) {
    await stripe.close();
    throw error;
  }
  const payments = system.processes.find((running) => running.service === 'payments')!;
  stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
  const api = new ApiClient(system.gatewayUrl);
  const login = await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD });
  return {
    stripe,
    system,
    api,
    admin: api.as(login.body.accessToken),
    async stop() {
      await system.stop();
      await stripe.close();
    },
  };
}

/** A new customer account, logged in. */
export async function registerCustomer(api: ApiClient, name: string): Promise<ApiClient> {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@test.local`;
  await api.post('/auth/register', { email, password: 'correct-horse-1', name });
  return api.as((await api.post('/auth/login', { email, password: 'correct-horse-1' })).body.accessToken);
}

/** A barber working 09:00–`end` London time on `weekdays`, in 30-minute slots, and one 30-minute service. */
export async function barberAndService(
  admin: ApiClient,
  { weekdays, end = '17:00' }: { weekdays: number[]; end?: string },
): Promise<{ barberId: string; serviceId: string }> {
  const barberId: string = (await admin.post('/barbers', { name: `Barber ${randomUUID().slice(0, 4)}`, timeZone: 'Europe/London' })).body.id;
  await admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly: weekdays.map((weekday) => ({ weekday, start: '09:00', end })) });
  const serviceId: string = (await admin.post('/services', { name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' })).body.id;
  return { barberId, serviceId };
}
