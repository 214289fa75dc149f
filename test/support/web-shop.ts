import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { launchChromium, screenshot, seriousAccessibilityProblems } from './browser';
import { LONDON } from './calendar';
import { ApiClient, ApiResponse, Json } from './http-client';
import { freePort } from './redis-server';
import { ServiceName, TestSystem } from './system';

export const WEB_PASSWORD = 'correct-horse-1';

export interface WebShopOptions {
  /** Services besides the gateway (which runs on a port chosen first, so PUBLIC_URL can name it). */
  services: Array<Exclude<ServiceName, 'gateway'>>;
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Also a barber account for Kim (signs in at the sign-in page with `barberEmail`). */
  barberAccount?: boolean;
}

/**
 * The shop the browser tests drive: the services as processes, the Stripe stand-in sending signed
 * webhooks to payments, a barber (Kim, London, weekdays 09:00–17:00 in 30-minute slots) and a
 * service (Skin fade, 30 min, £30), and a Chromium whose contexts are closed with the shop.
 */
export class WebShop {
  readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly stripe: StripeStandIn,
    readonly system: TestSystem,
    readonly browser: Browser,
    /** The gateway's base URL, e.g. http://127.0.0.1:41234 (the app is at `${gateway}/app/`). */
    readonly gateway: string,
    readonly api: ApiClient,
    readonly admin: ApiClient,
    /** The admin's POST /auth/login answer (a session the web app keeps in localStorage). */
    readonly adminLogin: Json,
    readonly barberId: string,
    readonly serviceId: string,
    readonly barberEmail: string | null,
  ) {}

  static async open(label: string, options: WebShopOptions): Promise<WebShop> {
    const webhookSecret = `whsec_${label}`;
    const stripe = await startStripeStandIn({ webhookSecret, port: 0, webhookRetry: { attempts: 1 } });
    const gatewayPort = await freePort();
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    const system = await TestSystem.start(options.services, {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_SECRET_KEY: `sk_test_${label}`,
      PUBLIC_URL: gateway,
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      SLOT_HORIZON_DAYS: '30',
      ...options.env,
    });
    await system.startProcess('gateway', {}, { httpPort: gatewayPort });
    const payments = system.processes.find((running) => running.service === 'payments');
    if (payments) stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    const api = new ApiClient(gateway);
    const adminLogin = (await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD })).body;
    const admin = api.as(adminLogin.accessToken);
    const barberId: string = (await admin.post('/barbers', { name: 'Kim', timeZone: 'Europe/London' })).body.id;
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    const hours = await admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly });
    if (hours.status !== 200) throw new Error(`setting Kim's hours answered ${hours.status}`);
    const serviceId: string = (await admin.post('/services', { name: 'Skin fade', durationMinutes: 30, priceCents: 3000, currency: 'gbp' })).body.id;
    let barberEmail: string | null = null;
    if (options.barberAccount) {
      barberEmail = `kim-${randomUUID().slice(0, 8)}@web.test`;
      const account = await admin.post('/admin/users', { email: barberEmail, password: WEB_PASSWORD, name: 'Kim', role: 'barber', barberId });
      if (account.status !== 201) throw new Error(`creating Kim's account answered ${account.status}`);
    }
    const browser = await launchChromium();
    return new WebShop(stripe, system, browser, gateway, api, admin, adminLogin, barberId, serviceId, barberEmail);
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close();
    await this.system.stop();
    await this.stripe.close();
  }

  async newContext(width = 1280): Promise<BrowserContext> {
    // bypassCSP only so the test can inject axe-core; the app itself loads nothing from elsewhere.
    const context = await this.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, locale: 'en-GB' });
    this.contexts.push(context);
    return context;
  }

  /** A context whose browser holds `login`'s session already, as signing in leaves it. */
  async contextSignedInAs(login: Json, width = 1280): Promise<BrowserContext> {
    const context = await this.newContext(width);
    const session = JSON.stringify({ accessToken: login.accessToken, user: login.user, expiresAt: Date.now() + login.expiresIn * 1000 });
    await context.addInitScript(`window.localStorage.setItem('barbershop.session', ${JSON.stringify(session)})`);
    return context;
  }

  /** A newly registered customer: their API client and their login answer. */
  async register(name: string): Promise<{ client: ApiClient; login: Json }> {
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@web.test`;
    const registered = await this.api.post('/auth/register', { email, password: WEB_PASSWORD, name });
    if (registered.status !== 201) throw new Error(`registering ${name} answered ${registered.status}`);
    const login = (await this.api.post('/auth/login', { email, password: WEB_PASSWORD })).body;
    return { client: this.api.as(login.accessToken), login };
  }

  /** Kim's slot starting at `time` London time on `on`. */
  async slotAt(on: string, time: string): Promise<{ id: string; startsAt: string; status: string }> {
    const slots = (await this.api.get(`/barbers/${this.barberId}/slots?date=${on}`)).body as Array<{ id: string; startsAt: string; status: string }>;
    const slot = slots.find((candidate) => LONDON.localTime(candidate.startsAt) === time);
    if (!slot) throw new Error(`Kim has no slot at ${time} on ${on}`);
    return slot;
  }

  /** `client` books Kim's slot at `time` London time on `on` (Skin fade unless another service): the POST /bookings answer, unchecked. */
  async book(client: ApiClient, on: string, time: string, serviceId = this.serviceId): Promise<ApiResponse> {
    return client.post('/bookings', { slotId: (await this.slotAt(on, time)).id, serviceId });
  }

  /** Serious and critical axe-core findings of the page, asserted none; a screenshot kept as evidence either way. */
  async audit(page: Page, name: string): Promise<string[]> {
    const problems = await seriousAccessibilityProblems(page);
    await screenshot(page, name);
    expect({ name, problems }).toEqual({ name, problems: [] });
    return problems;
  }

  /** Kim signs in on the sign-in page and lands on their day; resolves once its live feed answered. */
  async barberSignsIn(page: Page): Promise<void> {
    if (!this.barberEmail) throw new Error('open the shop with barberAccount: true');
    await page.goto(`${this.gateway}/app/sign-in`);
    const feed = page.waitForResponse((response) => response.url().includes(`/barbers/${this.barberId}/appointments/live`) && response.status() === 200);
    await page.getByLabel('Email', { exact: true }).fill(this.barberEmail);
    await page.getByLabel('Password', { exact: true }).fill(WEB_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${this.gateway}/app/barber/day`);
    await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
    await feed;
  }
}

/** Press Tab until the focused control's text is `name` (at most 60 presses). */
export async function tabTo(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate<string>('document.activeElement?.textContent?.trim() ?? ""')) === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}
