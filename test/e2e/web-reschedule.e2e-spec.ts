import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { horizontalOverflow, launchChromium, screenshot, seriousAccessibilityProblems } from '../support/browser';
import { LONDON } from '../support/calendar';
import { ApiClient } from '../support/http-client';
import { freePort } from '../support/redis-server';
import { TestSystem } from '../support/system';
import { eventually } from '../support/test-infra';

const WEBHOOK_SECRET = 'whsec_web_reschedule_e2e';
const PASSWORD = 'correct-horse-1';

interface Booked {
  id: string;
  checkout: { sessionId: string };
}

/**
 * DESIGN §6.7 and §12 in a real Chromium against the real system: a customer moves a paid booking
 * from My bookings to another time of the same barber; the booking page says where it went; the
 * barber's day, open in another browser, shows the appointment at its new time pushed over its live
 * feed (no re-fetch of the day, no reload).
 */
describe('Rescheduling in Chromium (gateway, booking, payments, appointments, the Stripe stand-in)', () => {
  let stripe: StripeStandIn;
  let system: TestSystem;
  let browser: Browser;
  let gateway: string;
  let api: ApiClient;
  let admin: ApiClient;
  let barberId: string;
  let serviceId: string;
  let barberEmail: string;
  // Outside the reschedule window (unset: the 24 h cancellation window) and the minimum notice.
  const day = LONDON.weekday(5);
  const contexts: BrowserContext[] = [];

  async function audit(page: Page, name: string): Promise<void> {
    const problems = await seriousAccessibilityProblems(page);
    await screenshot(page, `reschedule-${name}`);
    expect({ name, problems }).toEqual({ name, problems: [] });
  }

  async function newContext(width = 1280): Promise<BrowserContext> {
    // bypassCSP only so the test can inject axe-core; the app itself loads nothing from elsewhere.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, locale: 'en-GB' });
    contexts.push(context);
    return context;
  }

  /** A registered customer who books and pays `time` on `on` through the API; a browser context signed in as them. */
  async function customerWithPaidBooking(name: string, on: string, time: string, width = 1280): Promise<{ booking: Booked; context: BrowserContext }> {
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@web.test`;
    expect((await api.post('/auth/register', { email, password: PASSWORD, name })).status).toBe(201);
    const login = (await api.post('/auth/login', { email, password: PASSWORD })).body;
    const customer = api.as(login.accessToken);
    const slots = (await api.get(`/barbers/${barberId}/slots?date=${on}`)).body as Array<{ id: string; startsAt: string }>;
    const slot = slots.find((candidate) => LONDON.localTime(candidate.startsAt) === time);
    expect(slot).toBeDefined();
    const booked = await customer.post('/bookings', { slotId: slot!.id, serviceId });
    expect(booked.status).toBe(201);
    const booking = booked.body as Booked;
    await stripe.pay(booking.checkout.sessionId);
    await eventually(`${name}'s booking confirmed and its appointment paid`, async () => {
      const current = (await customer.get(`/bookings/${booking.id}`)).body as { status: string };
      const appointments = (await admin.get(`/appointments?barberId=${barberId}&date=${on}`)).body as Array<{ bookingId: string; status: string }>;
      return current.status === 'confirmed' && appointments.some((appointment) => appointment.bookingId === booking.id && appointment.status === 'paid');
    });
    const context = await newContext(width);
    const session = JSON.stringify({ accessToken: login.accessToken, user: login.user, expiresAt: Date.now() + login.expiresIn * 1000 });
    await context.addInitScript(`window.localStorage.setItem('barbershop.session', ${JSON.stringify(session)})`);
    return { booking, context };
  }

  /** The barber signs in and opens `on`; resolves once the day is shown and its live feed answered. */
  async function barberOpensDay(page: Page, on: string): Promise<void> {
    await page.goto(`${gateway}/app/sign-in`);
    const feed = page.waitForResponse((response) => response.url().includes(`/barbers/${barberId}/appointments/live`) && response.status() === 200);
    await page.getByLabel('Email', { exact: true }).fill(barberEmail);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${gateway}/app/barber/day`);
    await feed;
    await page.getByLabel('Day', { exact: true }).fill(on);
  }

  const row = (page: Page, time: string, customer: string) => page.getByRole('listitem', { name: `${time} London time · ${customer}` });

  beforeAll(async () => {
    stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, port: 0, webhookRetry: { attempts: 1 } });
    const gatewayPort = await freePort();
    gateway = `http://127.0.0.1:${gatewayPort}`;
    system = await TestSystem.start(['booking', 'payments', 'appointments'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_web_reschedule_e2e',
      PUBLIC_URL: gateway,
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      SLOT_HORIZON_DAYS: '30',
    });
    await system.startProcess('gateway', {}, { httpPort: gatewayPort });
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    api = new ApiClient(gateway);
    admin = api.as((await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD })).body.accessToken);
    barberId = (await admin.post('/barbers', { name: 'Kim', timeZone: 'Europe/London' })).body.id;
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    expect((await admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly })).status).toBe(200);
    serviceId = (await admin.post('/services', { name: 'Skin fade', durationMinutes: 30, priceCents: 3000, currency: 'gbp' })).body.id;
    barberEmail = `kim-${randomUUID().slice(0, 8)}@web.test`;
    expect((await admin.post('/admin/users', { email: barberEmail, password: PASSWORD, name: 'Kim', role: 'barber', barberId })).status).toBe(201);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
    await stripe?.close();
  });

  it('a customer moves a paid booking from My bookings; the booking page shows the new time, and the barber’s day moves the row live', async () => {
    const { booking, context } = await customerWithPaidBooking('Ada', day, '10:00');

    // The barber's day, in its own browser, open before the move.
    const barberPage = await (await newContext()).newPage();
    await barberOpensDay(barberPage, day);
    await row(barberPage, '10:00', 'Ada').getByText('Paid', { exact: true }).waitFor();
    const barberRequests: string[] = [];
    const barberNavigations: string[] = [];
    barberPage.on('request', (request) => barberRequests.push(`${request.method()} ${request.url()}`));
    barberPage.on('framenavigated', (frame) => {
      if (frame === barberPage.mainFrame()) barberNavigations.push(frame.url());
    });

    const page = await context.newPage();
    await page.goto(`${gateway}/app/my-bookings`);
    const upcoming = page.getByRole('region', { name: 'Upcoming' });
    await upcoming.getByText(/^You can move this booking online until \w{3} \d{1,2} \w{3}, \d\d:\d\d London time\.$/).waitFor();
    await upcoming.getByRole('button', { name: 'Reschedule' }).click();
    const picker = page.getByRole('region', { name: 'Pick a new time' });
    await picker.getByRole('button', { name: '14:00', exact: true }).waitFor();
    // Its own time is not offered.
    await expect(picker.getByRole('button', { name: '10:00', exact: true }).count()).resolves.toBe(0);
    await audit(page, '01-my-bookings-picker');

    await picker.getByRole('button', { name: '14:00', exact: true }).click();
    await audit(page, '02-my-bookings-chosen');
    const moved = page.waitForResponse((response) => response.url().endsWith(`/bookings/${booking.id}/reschedule`));
    await picker.getByRole('button', { name: /^Move to \w{3} \d{1,2} \w{3}, 14:00$/ }).click();
    const answer = await moved;
    expect(answer.status()).toBe(200);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await upcoming.getByText(/^Moved to \w{3} \d{1,2} \w{3}, 14:00 London time — was 10:00$/).waitFor();
    await audit(page, '03-my-bookings-moved');

    // The barber's row moved, pushed: no re-fetch of the day, no reload.
    await row(barberPage, '14:00', 'Ada').getByText('Paid', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(row(barberPage, '10:00', 'Ada').count()).resolves.toBe(0);
    expect(barberRequests.filter((request) => /^GET .*\/appointments(\?|$)/.test(request))).toEqual([]);
    expect(barberNavigations).toEqual([]);
    await screenshot(barberPage, 'reschedule-04-barber-day-moved');

    const stored = (await admin.get(`/bookings/${booking.id}`)).body as { startsAt: string; status: string; paymentStatus: string; priceCents: number };
    expect(stored).toMatchObject({ startsAt: LONDON.at(day, '14:00'), status: 'confirmed', paymentStatus: 'paid', priceCents: 3000 });

    await page.goto(`${gateway}/app/bookings/${booking.id}`);
    await page.getByRole('heading', { name: 'Confirmed', level: 1 }).waitFor();
    await page.getByText(/^Moved to \w{3} \d{1,2} \w{3}, 14:00 London time — was 10:00$/).waitFor();
    await audit(page, '05-booking-page-moved');
  });

  it('the barber moves an appointment with Move; the customer’s booking page follows live', async () => {
    const { booking, context } = await customerWithPaidBooking('Bea', day, '11:00');
    const customerPage = await context.newPage();
    const feed = customerPage.waitForResponse((response) => response.url().includes(`/bookings/${booking.id}/live`) && response.status() === 200);
    await customerPage.goto(`${gateway}/app/bookings/${booking.id}`);
    await customerPage.getByRole('heading', { name: 'Confirmed', level: 1 }).waitFor();
    await feed;

    const page = await (await newContext()).newPage();
    await barberOpensDay(page, day);
    const bea = row(page, '11:00', 'Bea');
    await bea.getByRole('button', { name: 'Move: Bea, Skin fade' }).click();
    const picker = page.getByRole('region', { name: 'Move Bea, Skin fade' });
    await picker.getByRole('button', { name: '15:30', exact: true }).click();
    await audit(page, '06-barber-move-picker');
    await picker.getByRole('button', { name: /^Move to \w{3} \d{1,2} \w{3}, 15:30$/ }).click();
    await row(page, '15:30', 'Bea').waitFor();
    await expect(row(page, '11:00', 'Bea').count()).resolves.toBe(0);

    await customerPage.getByText(/^Moved to \w{3} \d{1,2} \w{3}, 15:30 London time — was 11:00$/).waitFor({ timeout: 30_000 });
    const stored = (await admin.get(`/bookings/${booking.id}`)).body as { startsAt: string };
    expect(stored.startsAt).toBe(LONDON.at(day, '15:30'));
  });

  it('the reschedule picker fits 390 px without sideways scrolling and has no serious axe-core findings', async () => {
    const { context } = await customerWithPaidBooking('Cal', day, '12:00', 390);
    const page = await context.newPage();
    await page.goto(`${gateway}/app/my-bookings`);
    await page.getByRole('region', { name: 'Upcoming' }).getByRole('button', { name: 'Reschedule' }).click();
    await page.getByRole('region', { name: 'Pick a new time' }).getByRole('button', { name: '16:00', exact: true }).click();
    expect(await horizontalOverflow(page)).toBe(0);
    await audit(page, '07-narrow-picker');
  });
});
