import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { horizontalOverflow, launchChromium, screenshot, seriousAccessibilityProblems } from '../support/browser';
import { LONDON } from '../support/calendar';
import { ApiClient, Json } from '../support/http-client';
import { redisOptions } from '../support/queues';
import { freePort } from '../support/redis-server';
import { TestSystem } from '../support/system';
import { REDIS_URL, eventually } from '../support/test-infra';

const WEBHOOK_SECRET = 'whsec_web_admin_e2e';
const PASSWORD = 'correct-horse-1';

/**
 * DESIGN §12 "Admin": the admin console in a real Chromium against the real system (gateway,
 * booking, payments, the Stripe stand-in). The default admin signs in through the sign-in page;
 * every change is checked through the API as well as on the page.
 */
describe('The admin console in Chromium (gateway, booking, payments, the Stripe stand-in)', () => {
  let stripe: StripeStandIn;
  let system: TestSystem;
  let browser: Browser;
  let gateway: string;
  let api: ApiClient;
  let admin: ApiClient;
  let adminLogin: Json;
  let barberId: string;
  let fadeId: string;
  let trimId: string;
  let bookingId: string;
  let customer: ApiClient;
  const day = LONDON.weekday(10);
  const contexts: BrowserContext[] = [];

  async function audit(page: Page, name: string): Promise<void> {
    const problems = await seriousAccessibilityProblems(page);
    await screenshot(page, name);
    expect({ name, problems }).toEqual({ name, problems: [] });
  }

  async function newContext(width = 1280): Promise<BrowserContext> {
    // bypassCSP only so the test can inject axe-core; the app itself loads nothing from elsewhere.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, locale: 'en-GB' });
    contexts.push(context);
    return context;
  }

  /** A page whose browser holds the admin's session already (as signing in leaves it). */
  async function adminPage(width = 1280): Promise<Page> {
    const context = await newContext(width);
    const session = JSON.stringify({ accessToken: adminLogin.accessToken, user: adminLogin.user, expiresAt: Date.now() + adminLogin.expiresIn * 1000 });
    await context.addInitScript(`window.localStorage.setItem('barbershop.session', ${JSON.stringify(session)})`);
    return context.newPage();
  }

  async function open(page: Page, path: string, heading: string): Promise<void> {
    await page.goto(`${gateway}/app${path}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
  }

  /** Press Tab until the focused control's text is `name` (at most 60 presses). */
  async function tabTo(page: Page, name: string): Promise<void> {
    for (let presses = 0; presses < 60; presses += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate<string>('document.activeElement?.textContent?.trim() ?? ""')) === name) return;
    }
    throw new Error(`Tab never reached "${name}"`);
  }

  beforeAll(async () => {
    stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, port: 0, webhookRetry: { attempts: 1 } });
    const gatewayPort = await freePort();
    gateway = `http://127.0.0.1:${gatewayPort}`;
    system = await TestSystem.start(['booking', 'payments'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_web_admin_e2e',
      PUBLIC_URL: gateway,
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      SLOT_HORIZON_DAYS: '30',
    });
    await system.startProcess('gateway', {}, { httpPort: gatewayPort });
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    api = new ApiClient(gateway);
    adminLogin = (await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD })).body;
    admin = api.as(adminLogin.accessToken);
    barberId = (await admin.post('/barbers', { name: 'Kim', timeZone: 'Europe/London' })).body.id;
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    expect((await admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly })).status).toBe(200);
    fadeId = (await admin.post('/services', { name: 'Skin fade', durationMinutes: 30, priceCents: 3000, currency: 'gbp' })).body.id;
    trimId = (await admin.post('/services', { name: 'Beard trim', durationMinutes: 30, priceCents: 1500, currency: 'gbp' })).body.id;

    // A customer's booking at the old price.
    const email = `ada-${randomUUID().slice(0, 8)}@web.test`;
    expect((await api.post('/auth/register', { email, password: PASSWORD, name: 'Ada' })).status).toBe(201);
    customer = api.as((await api.post('/auth/login', { email, password: PASSWORD })).body.accessToken);
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=${day}`)).body;
    const booked = await customer.post('/bookings', { slotId: slots.find((slot) => LONDON.localTime(slot.startsAt) === '10:00').id, serviceId: fadeId });
    expect(booked.status).toBe(201);
    bookingId = booked.body.id;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
    await stripe?.close();
  });

  it('the default admin signs in through the sign-in page and lands on the console, with an Admin link in the menu', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${gateway}/app/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(system.env.ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(system.env.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Admin console', level: 1 }).waitFor();
    expect(page.url()).toBe(`${gateway}/app/admin`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).waitFor();
    await page.getByRole('link', { name: /need attention/ }).waitFor();
    await audit(page, 'admin-01-console');

    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Bookings' }).click();
    await page.getByRole('heading', { name: 'Bookings', level: 1 }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Skin fade with Kim' }) });
    await expect(card.textContent()).resolves.toMatch(/10:00 London time.*Waiting for payment.*Not paid.*£30\.00/);
    await audit(page, 'admin-02-bookings');

    // Filtered to confirmed bookings only: this one (waiting for payment) is not among them.
    await page.getByLabel('Status').selectOption('confirmed');
    await page.getByRole('button', { name: 'Show bookings' }).click();
    await page.getByRole('heading', { name: 'No bookings match' }).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('confirmed');
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
  });

  it('changes a service price (an existing booking keeps its old price) and retires a service, which vanishes from the customer’s services page', async () => {
    const page = await adminPage();
    await open(page, '/admin/services', 'Services');
    await page.getByRole('button', { name: 'Change Skin fade' }).click();
    await page.getByText('Existing bookings keep their price', { exact: false }).waitFor();
    await page.getByLabel('Price in GBP').fill('35.00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Skin fade' }).getByText('£35.00').waitFor();
    await audit(page, 'admin-03-services-price-changed');
    expect((await api.get(`/services/${fadeId}`)).body.priceCents).toBe(3500);
    expect((await admin.get(`/bookings/${bookingId}`)).body).toMatchObject({ priceCents: 3000, serviceName: 'Skin fade' });

    await page.getByRole('button', { name: 'Retire Beard trim' }).click();
    await page.getByRole('heading', { name: 'Beard trim (retired)' }).waitFor();
    await page.getByText('Retired Beard trim: it is off the price list.').waitFor();
    await page.getByRole('button', { name: 'Restore Beard trim' }).waitFor();
    await audit(page, 'admin-04-services-retired');
    expect(((await api.get('/services')).body as Json[]).map((service) => service.id)).not.toContain(trimId);

    const customerPage = await (await newContext()).newPage();
    await customerPage.goto(`${gateway}/app/barbers/${barberId}`);
    await customerPage.getByRole('link', { name: /Skin fade/ }).waitFor();
    await expect(customerPage.getByRole('link', { name: /Skin fade/ }).textContent()).resolves.toContain('£35.00');
    await expect(customerPage.getByRole('link', { name: /Beard trim/ }).count()).resolves.toBe(0);
  });

  it('adds a barber and their staff account, deactivates the barber (gone from the customer’s barbers) and the account (it can no longer sign in)', async () => {
    const page = await adminPage();
    await open(page, '/admin/barbers', 'Barbers');
    const add = page.getByRole('region', { name: 'Add a barber' });
    await add.getByLabel('Name', { exact: true }).fill('Lee');
    await add.getByLabel('Time zone').selectOption('Europe/Paris');
    await add.getByRole('button', { name: 'Add barber' }).click();
    await add.getByText('Added Lee.', { exact: false }).waitFor();
    await page.getByRole('heading', { name: 'Lee', exact: true }).waitFor();

    await open(page, '/admin/staff', 'Staff accounts');
    const email = `lee-${randomUUID().slice(0, 8)}@web.test`;
    const account = page.getByRole('region', { name: 'Add a staff account' });
    await account.getByLabel('Barber', { exact: true }).selectOption({ label: 'Lee' });
    await account.getByLabel('Name', { exact: true }).fill('Lee Park');
    await account.getByLabel('Email', { exact: true }).fill(email);
    await account.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await account.getByRole('button', { name: 'Add account' }).click();
    await account.getByText(`Added Lee Park (${email})`, { exact: false }).waitFor();
    expect((await api.post('/auth/login', { email, password: PASSWORD })).body.user).toMatchObject({ role: 'barber', name: 'Lee Park' });
    await page.getByRole('button', { name: 'Deactivate Lee Park' }).click();
    await page.getByRole('heading', { name: 'Lee Park (deactivated)' }).waitFor();
    await audit(page, 'admin-20-staff-deactivated');
    expect((await api.post('/auth/login', { email, password: PASSWORD })).status).toBe(401);

    await open(page, '/admin/barbers', 'Barbers');
    await page.getByRole('button', { name: 'Deactivate Lee' }).click();
    await page.getByRole('heading', { name: 'Lee (inactive)' }).waitFor();
    await page.getByRole('button', { name: 'Reactivate Lee' }).waitFor();
    await audit(page, 'admin-21-barbers-deactivated');
    const customerPage = await (await newContext()).newPage();
    await customerPage.goto(`${gateway}/app/`);
    await customerPage.getByRole('link', { name: 'Kim' }).waitFor();
    await expect(customerPage.getByRole('link', { name: 'Lee' }).count()).resolves.toBe(0);
  });

  it('replays a dead letter: the queue’s count drops to none and the result is stated', async () => {
    // A slot.changed the live feed could not deliver, as the dead-letter sweep would have left it.
    const slot: Json = ((await api.get(`/barbers/${barberId}/slots?date=${day}`)).body as Json[])[0];
    const envelope = {
      id: randomUUID(),
      type: 'slot.changed',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      payload: { barberId, slots: [slot] },
    };
    const dlq = new Queue('gateway-live-dlq', { connection: redisOptions(REDIS_URL), prefix: system.prefix });
    try {
      await dlq.add(
        'slot.changed',
        { queue: 'gateway-live', jobId: envelope.id, type: 'slot.changed', envelope, error: 'injected by the test', stacktrace: [], attemptsMade: 3, failedAt: new Date().toISOString() },
        { jobId: envelope.id },
      );
    } finally {
      await dlq.close();
    }
    expect((await admin.get('/admin/dlq')).body).toContainEqual({ queue: 'gateway-live-dlq', count: 1 });

    const page = await adminPage();
    await open(page, '/admin/dead-letters', 'Dead letters');
    const queue = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Gateway live' }) });
    await queue.getByText('1 dead letter waiting').waitFor();
    await queue.getByRole('button', { name: 'Show the letters of gateway-live-dlq' }).click();
    await queue.getByText('Why: injected by the test').waitFor();
    await audit(page, 'admin-05-dead-letters');
    await queue.getByRole('button', { name: 'Replay gateway-live-dlq' }).click();
    await queue.getByRole('status').filter({ hasText: 'Replayed 1 dead letter onto gateway-live.' }).waitFor();
    await queue.getByText('no dead letters').waitFor();
    await audit(page, 'admin-06-dead-letters-replayed');
    await eventually('the dead letter to stay gone', async () => {
      const counts: Json[] = (await admin.get('/admin/dlq')).body;
      return counts.find((count) => count.queue === 'gateway-live-dlq')?.count === 0;
    });
  });

  it('runs "Reconcile now" by keyboard and shows the report; health shows each part up; the attention list says when nothing needs a person', async () => {
    const page = await adminPage();
    await open(page, '/admin/reconcile', 'Reconcile');
    await tabTo(page, 'Reconcile now');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Report' }).waitFor({ timeout: 40_000 });
    await expect(page.getByRole('status').filter({ hasText: /repairs? (were needed|made)/ }).count()).resolves.toBe(1);
    await page.getByRole('table', { name: 'Repairs by the payments service' }).waitFor();
    await page.getByRole('table', { name: 'Repairs by the booking service' }).waitFor();
    await audit(page, 'admin-07-reconcile-report');

    await open(page, '/admin/health', 'Health');
    await page.getByRole('heading', { name: 'Everything answers' }).waitFor();
    await page.getByText('Payments service: up').waitFor();
    await expect(page.getByRole('link', { name: /Open Bull Board/ }).getAttribute('href')).resolves.toBe('/admin/queues');
    await audit(page, 'admin-08-health');
    // Bull Board answers the admin's basic auth (what the browser prompts for).
    const basic = Buffer.from(`${system.env.ADMIN_EMAIL}:${system.env.ADMIN_PASSWORD}`).toString('base64');
    expect((await fetch(`${gateway}/admin/queues`, { headers: { authorization: `Basic ${basic}` } })).status).toBe(200);

    await open(page, '/admin/attention', 'Needs attention');
    await page.getByText('Nothing needs attention.').waitFor();
    await audit(page, 'admin-09-attention');
  });

  it('a disputed payment appears on the attention list in words, with what to do next and the evidence due date', async () => {
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=${day}`)).body;
    const booked = await customer.post('/bookings', { slotId: slots.find((slot) => LONDON.localTime(slot.startsAt) === '14:00').id, serviceId: fadeId });
    expect(booked.status).toBe(201);
    const paid = await stripe.pay(booked.body.checkout.sessionId);
    await eventually('the booking to be confirmed', async () => (await customer.get(`/bookings/${booked.body.id}`)).body.paymentStatus === 'paid');
    await stripe.openDispute(paid.paymentIntent!.id);
    await eventually('the attention item', async () => ((await admin.get('/admin/attention')).body as Json[]).some((item) => item.bookingId === booked.body.id));

    const page = await adminPage();
    await open(page, '/admin/attention', 'Needs attention');
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'A payment is disputed' }) });
    await item.getByText('Submit evidence in the Stripe Dashboard before the due date', { exact: false }).waitFor();
    await item.getByText('Evidence due by').waitFor();
    await expect(item.textContent()).resolves.toContain(booked.body.id);
    await audit(page, 'admin-22-attention-dispute');

    await open(page, `/admin/bookings?status=confirmed`, 'Bookings');
    const card = page.getByRole('listitem').filter({ hasText: booked.body.id });
    await expect(card.textContent()).resolves.toMatch(/14:00 London time.*Confirmed.*Disputed by the customer’s bank.*£\d+\.\d\d/);
  });

  it('fits 390 px without scrolling sideways, every admin page axe-clean', async () => {
    const page = await adminPage(390);
    for (const [name, path, heading] of [
      ['admin-10-narrow-console', '/admin', 'Admin console'],
      ['admin-11-narrow-bookings', '/admin/bookings', 'Bookings'],
      ['admin-12-narrow-attention', '/admin/attention', 'Needs attention'],
      ['admin-13-narrow-dead-letters', '/admin/dead-letters', 'Dead letters'],
      ['admin-14-narrow-reconcile', '/admin/reconcile', 'Reconcile'],
      ['admin-15-narrow-health', '/admin/health', 'Health'],
      ['admin-16-narrow-barbers', '/admin/barbers', 'Barbers'],
      ['admin-17-narrow-services', '/admin/services', 'Services'],
      ['admin-18-narrow-staff', '/admin/staff', 'Staff accounts'],
    ] as const) {
      await open(page, path, heading);
      expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 });
      await audit(page, name);
    }
  });

  it('health shows which service is down when one stops (GET /health answers 503), as a list, not a page error', async () => {
    const payments = system.processes.find((running) => running.service === 'payments')!;
    await system.stopProcess(payments);
    const page = await adminPage();
    await open(page, '/admin/health', 'Health');
    await page.getByRole('heading', { name: 'Something is down' }).waitFor({ timeout: 10_000 });
    await page.getByText(/Payments service: down/).waitFor();
    await page.getByText('Booking service: up').waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await audit(page, 'admin-19-health-payments-down');
  });
});
