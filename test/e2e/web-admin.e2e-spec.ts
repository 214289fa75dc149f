import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { horizontalOverflow } from '../support/browser';
import { LONDON } from '../support/calendar';
import { ApiClient, Json } from '../support/http-client';
import { redisOptions } from '../support/queues';
import { REDIS_URL, eventually } from '../support/test-infra';
import { WEB_PASSWORD, WebShop, tabTo } from '../support/web-shop';

/**
 * DESIGN §12 "Admin": the admin console in a real Chromium against the real system (gateway,
 * booking, payments, the Stripe stand-in). The default admin signs in through the sign-in page;
 * every change is checked through the API as well as on the page.
 */
describe('The admin console in Chromium (gateway, booking, payments, the Stripe stand-in)', () => {
  let shop: WebShop;
  let trimId: string;
  let bookingId: string;
  let customer: ApiClient;
  const day = LONDON.weekday(10);

  /** A page whose browser holds the admin's session already (as signing in leaves it). */
  async function adminPage(width = 1280): Promise<Page> {
    return (await shop.contextSignedInAs(shop.adminLogin, width)).newPage();
  }

  async function open(page: Page, path: string, heading: string): Promise<void> {
    await page.goto(`${shop.gateway}/app${path}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    shop = await WebShop.open('web_admin_e2e', { services: ['booking', 'payments'] });
    trimId = (await shop.admin.post('/services', { name: 'Beard trim', durationMinutes: 30, priceCents: 1500, currency: 'gbp' })).body.id;

    // A customer's booking at the old price.
    customer = (await shop.register('Ada')).client;
    const booked = await shop.book(customer, day, '10:00');
    expect(booked.status).toBe(201);
    bookingId = booked.body.id;
  }, 120_000);

  afterAll(async () => {
    await shop?.close();
  });

  it('the default admin signs in through the sign-in page and lands on the console, with an Admin link in the menu', async () => {
    const page = await (await shop.newContext()).newPage();
    await page.goto(`${shop.gateway}/app/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill(shop.system.env.ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(shop.system.env.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Admin console', level: 1 }).waitFor();
    expect(page.url()).toBe(`${shop.gateway}/app/admin`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).waitFor();
    await page.getByRole('link', { name: /need attention/ }).waitFor();
    await shop.audit(page, 'admin-01-console');

    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Bookings' }).click();
    await page.getByRole('heading', { name: 'Bookings', level: 1 }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Skin fade with Kim' }) });
    await expect(card.textContent()).resolves.toMatch(/10:00 London time.*Waiting for payment.*Not paid.*£30\.00/);
    await shop.audit(page, 'admin-02-bookings');

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
    await shop.audit(page, 'admin-03-services-price-changed');
    expect((await shop.api.get(`/services/${shop.serviceId}`)).body.priceCents).toBe(3500);
    expect((await shop.admin.get(`/bookings/${bookingId}`)).body).toMatchObject({ priceCents: 3000, serviceName: 'Skin fade' });

    await page.getByRole('button', { name: 'Retire Beard trim' }).click();
    await page.getByRole('heading', { name: 'Beard trim (retired)' }).waitFor();
    await page.getByText('Retired Beard trim: it is off the price list.').waitFor();
    await page.getByRole('button', { name: 'Restore Beard trim' }).waitFor();
    await shop.audit(page, 'admin-04-services-retired');
    expect(((await shop.api.get('/services')).body as Json[]).map((service) => service.id)).not.toContain(trimId);

    const customerPage = await (await shop.newContext()).newPage();
    await customerPage.goto(`${shop.gateway}/app/barbers/${shop.barberId}`);
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
    await account.getByLabel('Password', { exact: true }).fill(WEB_PASSWORD);
    await account.getByRole('button', { name: 'Add account' }).click();
    await account.getByText(`Added Lee Park (${email})`, { exact: false }).waitFor();
    expect((await shop.api.post('/auth/login', { email, password: WEB_PASSWORD })).body.user).toMatchObject({ role: 'barber', name: 'Lee Park' });
    await page.getByRole('button', { name: 'Deactivate Lee Park' }).click();
    await page.getByRole('heading', { name: 'Lee Park (deactivated)' }).waitFor();
    await shop.audit(page, 'admin-20-staff-deactivated');
    expect((await shop.api.post('/auth/login', { email, password: WEB_PASSWORD })).status).toBe(401);

    await open(page, '/admin/barbers', 'Barbers');
    await page.getByRole('button', { name: 'Deactivate Lee' }).click();
    await page.getByRole('heading', { name: 'Lee (inactive)' }).waitFor();
    await page.getByRole('button', { name: 'Reactivate Lee' }).waitFor();
    await shop.audit(page, 'admin-21-barbers-deactivated');
    const customerPage = await (await shop.newContext()).newPage();
    await customerPage.goto(`${shop.gateway}/app/`);
    await customerPage.getByRole('link', { name: 'Kim' }).waitFor();
    await expect(customerPage.getByRole('link', { name: 'Lee' }).count()).resolves.toBe(0);
  });

  it('replays a dead letter: the queue’s count drops to none and the result is stated', async () => {
    // A slot.changed the live feed could not deliver, as the dead-letter sweep would have left it.
    const slot: Json = ((await shop.api.get(`/barbers/${shop.barberId}/slots?date=${day}`)).body as Json[])[0];
    const envelope = {
      id: randomUUID(),
      type: 'slot.changed',
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      payload: { barberId: shop.barberId, slots: [slot] },
    };
    const dlq = new Queue('gateway-live-dlq', { connection: redisOptions(REDIS_URL), prefix: shop.system.prefix });
    try {
      await dlq.add(
        'slot.changed',
        { queue: 'gateway-live', jobId: envelope.id, type: 'slot.changed', envelope, error: 'injected by the test', stacktrace: [], attemptsMade: 3, failedAt: new Date().toISOString() },
        { jobId: envelope.id },
      );
    } finally {
      await dlq.close();
    }
    expect((await shop.admin.get('/admin/dlq')).body).toContainEqual({ queue: 'gateway-live-dlq', count: 1 });

    const page = await adminPage();
    await open(page, '/admin/dead-letters', 'Dead letters');
    const queue = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Gateway live' }) });
    await queue.getByText('1 dead letter waiting').waitFor();
    await queue.getByRole('button', { name: 'Show the letters of gateway-live-dlq' }).click();
    await queue.getByText('Why: injected by the test').waitFor();
    await shop.audit(page, 'admin-05-dead-letters');
    await queue.getByRole('button', { name: 'Replay gateway-live-dlq' }).click();
    await queue.getByRole('status').filter({ hasText: 'Replayed 1 dead letter onto gateway-live.' }).waitFor();
    await queue.getByText('no dead letters').waitFor();
    await shop.audit(page, 'admin-06-dead-letters-replayed');
    await eventually('the dead letter to stay gone', async () => {
      const counts: Json[] = (await shop.admin.get('/admin/dlq')).body;
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
    await shop.audit(page, 'admin-07-reconcile-report');

    await open(page, '/admin/health', 'Health');
    await page.getByRole('heading', { name: 'Everything answers' }).waitFor();
    await page.getByText('Payments service: up').waitFor();
    await expect(page.getByRole('link', { name: /Open Bull Board/ }).getAttribute('href')).resolves.toBe('/admin/queues');
    await shop.audit(page, 'admin-08-health');
    // Bull Board answers the admin's basic auth (what the browser prompts for).
    const basic = Buffer.from(`${shop.system.env.ADMIN_EMAIL}:${shop.system.env.ADMIN_PASSWORD}`).toString('base64');
    expect((await fetch(`${shop.gateway}/admin/queues`, { headers: { authorization: `Basic ${basic}` } })).status).toBe(200);

    await open(page, '/admin/attention', 'Needs attention');
    await page.getByText('Nothing needs attention.').waitFor();
    await shop.audit(page, 'admin-09-attention');
  });

  it('a disputed payment appears on the attention list in words, with what to do next and the evidence due date', async () => {
    const booked = await shop.book(customer, day, '14:00');
    expect(booked.status).toBe(201);
    const paid = await shop.stripe.pay(booked.body.checkout.sessionId);
    await eventually('the booking to be confirmed', async () => (await customer.get(`/bookings/${booked.body.id}`)).body.paymentStatus === 'paid');
    await shop.stripe.openDispute(paid.paymentIntent!.id);
    await eventually('the attention item', async () => ((await shop.admin.get('/admin/attention')).body as Json[]).some((item) => item.bookingId === booked.body.id));

    const page = await adminPage();
    await open(page, '/admin/attention', 'Needs attention');
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'A payment is disputed' }) });
    await item.getByText('Submit evidence in the Stripe Dashboard before the due date', { exact: false }).waitFor();
    await item.getByText('Evidence due by').waitFor();
    await expect(item.textContent()).resolves.toContain(booked.body.id);
    await shop.audit(page, 'admin-22-attention-dispute');

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
      await shop.audit(page, name);
    }
  });

  it('health shows which service is down when one stops (GET /health answers 503), as a list, not a page error', async () => {
    const payments = shop.system.processes.find((running) => running.service === 'payments')!;
    await shop.system.stopProcess(payments);
    const page = await adminPage();
    await open(page, '/admin/health', 'Health');
    await page.getByRole('heading', { name: 'Something is down' }).waitFor({ timeout: 10_000 });
    await page.getByText(/Payments service: down/).waitFor();
    await page.getByText('Booking service: up').waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await shop.audit(page, 'admin-19-health-payments-down');
  });
});
