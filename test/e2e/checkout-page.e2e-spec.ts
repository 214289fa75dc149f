import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { dropDatabase } from '@app/platform';
import { LONDON } from '../support/calendar';
import { ApiClient } from '../support/http-client';
import { freePort } from '../support/redis-server';
import { POSTGRES_BASE, REDIS_URL, deleteQueueKeys, eventually } from '../support/test-infra';

/**
 * DESIGN §11 "Stripe without Stripe": with `npm start` and no Stripe key, a person can
 * book, follow the Checkout link to the stand-in's page, press Pay, and see the booking
 * confirmed — no account, no network.
 */
describe('npm start without a Stripe key: book, press Pay, see it confirmed', () => {
  const root = resolve(__dirname, '../..');
  const name = `e2e_page_${randomBytes(4).toString('hex')}`;
  const apps = ['gateway', 'booking', 'payments', 'appointments'];
  let child: ChildProcess;
  const output: string[] = [];
  let gateway: string;
  // A working day derived from today in the barber's zone (London).
  const day = LONDON.weekday();

  beforeAll(async () => {
    const [gatewayPort, paymentsPort, bookingPort, appointmentsPort, t1, t2, t3, standIn] = await Promise.all(
      Array.from({ length: 8 }, () => freePort()),
    );
    gateway = `http://127.0.0.1:${gatewayPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GATEWAY_PORT: String(gatewayPort),
      PAYMENTS_HTTP_PORT: String(paymentsPort),
      BOOKING_HTTP_PORT: String(bookingPort),
      APPOINTMENTS_HTTP_PORT: String(appointmentsPort),
      BOOKING_TCP_PORT: String(t1),
      PAYMENTS_TCP_PORT: String(t2),
      APPOINTMENTS_TCP_PORT: String(t3),
      STRIPE_STANDIN_PORT: String(standIn),
      PUBLIC_URL: gateway,
      REDIS_URL,
      QUEUE_PREFIX: name,
      ADMIN_EMAIL: 'admin@page.test',
      ADMIN_PASSWORD: 'admin-password-1',
      LOG_LEVEL: 'warn',
      START_SKIP_BUILD: '1',
      ...Object.fromEntries(apps.map((app) => [`${app.toUpperCase()}_DATABASE_URL`, `${POSTGRES_BASE}/${name}_${app}`])),
    };
    delete env.STRIPE_SECRET_KEY;
    delete env.STRIPE_API_BASE;
    child = spawn(process.execPath, [resolve(root, 'scripts/start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => output.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await eventually(
      'the whole system to be healthy',
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited: ${output.join('').slice(-3000)}`);
        return (await fetch(`${gateway}/health`).catch(() => null))?.status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      await exited;
    }
    await deleteQueueKeys(REDIS_URL, name);
    for (const app of apps) await dropDatabase(`${POSTGRES_BASE}/${name}_${app}`);
  });

  it('confirms the booking after the customer presses Pay on the Checkout page', async () => {
    expect(output.join('')).toContain('stand-in');
    const api = new ApiClient(gateway);
    const admin = api.as((await api.post('/auth/login', { email: 'admin@page.test', password: 'admin-password-1' })).body.accessToken);
    const barber = (await admin.post('/barbers', { name: 'Kim', timeZone: 'Europe/London' })).body;
    await admin.put(`/barbers/${barber.id}/availability`, {
      slotMinutes: 30,
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    });
    const service = (await admin.post('/services', { name: 'Skin fade', durationMinutes: 30, priceCents: 3000, currency: 'gbp' })).body;
    await api.post('/auth/register', { email: 'newcomer@page.test', password: 'correct-horse-1', name: 'Newcomer' });
    const customer = api.as((await api.post('/auth/login', { email: 'newcomer@page.test', password: 'correct-horse-1' })).body.accessToken);
    const slot = (await api.get(`/barbers/${barber.id}/slots?date=${day}`)).body[0];
    const booking = (await customer.post('/bookings', { slotId: slot.id, serviceId: service.id })).body;
    expect(booking.checkout.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\/cs_/);

    const page = await fetch(booking.checkout.url);
    const html = await page.text();
    expect(html).toContain('Skin fade');
    expect(html).toMatch(/no real money/i);
    const action = /<form method="post" action="([^"]+\/pay)"/.exec(html)?.[1];
    expect(action).toBeDefined();
    const pressed = await fetch(new URL(action!, booking.checkout.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
      redirect: 'manual',
    });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get('location')).toContain(`${gateway}/app/bookings/${booking.id}`);

    const confirmed = await eventually('the booking to be confirmed', async () => {
      const current = (await customer.get(`/bookings/${booking.id}`)).body;
      return current.status === 'confirmed' ? current : undefined;
    });
    expect(confirmed.paymentStatus).toBe('paid');
    expect((await api.get(`/barbers/${barber.id}/slots?date=${day}`)).body[0].status).toBe('booked');
  });
});
