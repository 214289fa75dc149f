import { randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { horizontalOverflow, screenshot } from '../support/browser';
import { LONDON } from '../support/calendar';
import { WEB_PASSWORD, WebShop, tabTo } from '../support/web-shop';

/**
 * DESIGN §12, the customer's web app in a real Chromium against the real system: the services as
 * processes, the Stripe stand-in's Checkout page clicked like a customer would, its webhooks signed
 * and delivered to payments, the changes pushed to the page over SSE.
 */
describe('The customer web app in Chromium (gateway, booking, payments, the Stripe stand-in)', () => {
  let shop: WebShop;
  // Customers cancelling at least CANCELLATION_WINDOW_HOURS (720 h, 30 days, here) ahead are
  // refunded: a day well beyond that, and one inside it.
  const day = LONDON.weekday(45);
  const nearDay = LONDON.weekday(2);

  const dayPage = (on = day) => `${shop.gateway}/app/barbers/${shop.barberId}/services/${shop.serviceId}?day=${on}`;

  /** A context whose customer is signed in already (a registered account, its session in localStorage). */
  async function signedInContext(name: string): Promise<BrowserContext> {
    return shop.contextSignedInAs((await shop.register(name)).login);
  }

  beforeAll(async () => {
    shop = await WebShop.open('web_e2e', { services: ['booking', 'payments'], env: { SLOT_HORIZON_DAYS: '90', CANCELLATION_WINDOW_HOURS: '720' } });
  }, 120_000);

  afterAll(async () => {
    await shop?.close();
  });

  it('books and pays by clicking: back from Checkout, then paid in another tab, the booking page shows "Confirmed" pushed without a reload', async () => {
    const context = await shop.newContext();
    const page = await context.newPage();
    // Everything the app's pages load comes from the gateway: no asset from another origin.
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const fromApp = request.frame().url().startsWith(`${shop.gateway}/app/`);
      if (fromApp && request.resourceType() !== 'document' && !request.url().startsWith(`${shop.gateway}/`)) elsewhere.push(request.url());
    });
    await page.goto(`${shop.gateway}/`);
    expect(page.url()).toBe(`${shop.gateway}/app/`);
    await page.getByRole('heading', { name: 'Choose a barber', level: 1 }).waitFor();
    await shop.audit(page, '01-barbers');

    await page.getByRole('link', { name: 'Kim' }).click();
    await page.getByRole('heading', { name: 'What would you like from Kim?' }).waitFor();
    await expect(page.getByRole('link', { name: /Skin fade/ }).textContent()).resolves.toContain('£30.00');
    await shop.audit(page, '02-services');

    await page.getByRole('link', { name: /Skin fade/ }).click();
    await page.getByLabel('Day', { exact: true }).fill(day);
    await page.getByRole('button', { name: '09:30', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to book' }).waitFor();
    await shop.audit(page, '03-day-sign-in');

    // Register in place: the chosen time stays chosen.
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill(`ada-${randomUUID().slice(0, 8)}@web.test`);
    await page.getByLabel('Password').fill(WEB_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('region', { name: 'Your choice' }).textContent()).resolves.toMatch(/Skin fade with Kim, .*09:30 London time/);
    await shop.audit(page, '04-day-book');

    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.waitForURL(/\/checkout\/cs_/);
    const checkoutUrl = page.url();
    expect(elsewhere).toEqual([]);
    await screenshot(page, '05-checkout');

    // Back from Checkout: the booking waits for payment, found from My bookings.
    await page.goBack();
    await page.waitForURL(`${shop.gateway}/app/**`);
    await page.getByRole('link', { name: 'My bookings' }).click();
    await page.getByRole('heading', { name: 'My bookings', level: 1 }).waitFor();
    await page.getByText('Waiting for payment').first().waitFor();
    await shop.audit(page, '06-my-bookings-waiting');
    await page.getByRole('link', { name: 'Details of Skin fade with Kim' }).click();
    await page.getByRole('heading', { name: 'Waiting for payment', level: 1 }).waitFor();
    await shop.audit(page, '07-booking-waiting');
    // A mark on this document: a reload would lose it.
    await page.evaluate('window.sameDocument = true');

    // Pay on the Checkout page in another tab; this one is told, not reloaded.
    const checkout = await context.newPage();
    await checkout.goto(checkoutUrl);
    await checkout.getByRole('button', { name: 'Pay £30.00' }).click();
    await page.getByRole('heading', { name: 'Confirmed', level: 1 }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    await expect(page.getByText(/Paid £30\.00/).count()).resolves.toBe(1);
    await shop.audit(page, '08-booking-confirmed');
    // Checkout sent the other tab back to the booking page too.
    await checkout.waitForURL(/\/app\/bookings\/[0-9a-f-]+\?checkout=success$/);
    await checkout.getByRole('heading', { name: 'Confirmed', level: 1 }).waitFor();

    // 390 px wide: every page fits without scrolling sideways.
    const bookingUrl = page.url();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, url] of [
      ['09-narrow-barbers', `${shop.gateway}/app/`],
      ['10-narrow-services', `${shop.gateway}/app/barbers/${shop.barberId}`],
      ['11-narrow-day', dayPage()],
      ['12-narrow-booking', bookingUrl],
      ['13-narrow-my-bookings', `${shop.gateway}/app/my-bookings`],
    ] as const) {
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
      expect({ name, overflow: await horizontalOverflow(page) }).toEqual({ name, overflow: 0 });
      await shop.audit(page, name);
    }

    // Cancel well ahead: the page says before the click that it will be refunded.
    await page.getByText('Cancelling now refunds £30.00 in full.').waitFor();
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByRole('region', { name: 'Past and cancelled' }).getByText(/Your refund of £30\.00 is on its way to your card\./).waitFor();
    await shop.audit(page, '14-narrow-my-bookings-cancelled');
  });

  it('two customers on the same day: the other sees a time go within a second of the booking; one whose feed was cut gets the friendly message on Book', async () => {
    const someoneElse = (await shop.register('Dee')).client;

    const first = await (await signedInContext('Bea')).newPage();
    const second = await (await signedInContext('Cal')).newPage();
    const secondFeed = second.waitForResponse((response) => response.url().includes(`/barbers/${shop.barberId}/slots/live`));
    await Promise.all([first.goto(dayPage()), second.goto(dayPage())]);
    await secondFeed;
    await second.getByRole('button', { name: '11:00', exact: true }).waitFor();

    await first.getByRole('button', { name: '11:00', exact: true }).click();
    await first.getByRole('button', { name: 'Book', exact: true }).click();
    await first.waitForURL(/\/checkout\/cs_/);
    await second.getByRole('button', { name: '11:00', exact: true }).waitFor({ state: 'detached', timeout: 1_000 });

    // The time the second customer has chosen goes to someone else: they are told at once.
    await second.getByRole('button', { name: '11:30', exact: true }).click();
    expect((await shop.book(someoneElse, day, '11:30')).status).toBe(201);
    await second.getByText('Someone has just taken 11:30. Please pick another time.').waitFor({ timeout: 1_000 });
    await expect(second.getByRole('button', { name: 'Book', exact: true }).count()).resolves.toBe(0);
    await shop.audit(second, '15-day-time-taken');

    // A browser that missed the change (its live feed cut) clicks Book on a taken time anyway.
    const thirdContext = await signedInContext('Eve');
    await thirdContext.route('**/slots/live', (route) => route.abort());
    const third = await thirdContext.newPage();
    await third.goto(dayPage());
    await third.getByRole('button', { name: '12:00', exact: true }).click();
    expect((await shop.book(someoneElse, day, '12:00')).status).toBe(201);
    await third.getByRole('button', { name: 'Book', exact: true }).click();
    await third.getByText('Someone has just taken 12:00. The free times are up to date: please pick another.').waitFor();
    await third.getByRole('button', { name: '12:00', exact: true }).waitFor({ state: 'detached' });
    await third.getByText('We lost the connection to the shop.', { exact: false }).waitFor();
    expect(third.url()).toContain('/app/barbers/');
    await shop.audit(third, '16-day-slot-unavailable');
  });

  it('abandoned Checkout: the expiry said with the next step; another time, Back, Pay now on the booking page; cancelling inside the window says no refund', async () => {
    const context = await signedInContext('Fay');
    const page = await context.newPage();
    await page.goto(dayPage(nearDay));
    // By keyboard alone: Tab to 14:00, Enter, Tab on to Book, Enter.
    await tabTo(page, '14:00');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: '14:00', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');
    await tabTo(page, 'Book');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/checkout\/cs_/);
    await page.getByRole('button', { name: 'Abandon' }).click();

    // The stand-in expires the session and sends its webhook; the page is told.
    await page.waitForURL(/\/app\/bookings\/[0-9a-f-]+\?checkout=cancelled$/);
    await page.getByRole('heading', { name: 'Expired', level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByText('This booking was not paid in time, so the time was released.', { exact: false }).waitFor();
    await shop.audit(page, '17-booking-expired');
    await page.getByRole('link', { name: 'Pick another time' }).click();
    await page.getByRole('button', { name: '14:30', exact: true }).click();
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.waitForURL(/\/checkout\/cs_/);

    // Back from Checkout, then pay from the booking page: the session is still open.
    await page.goBack();
    await page.waitForURL(`${shop.gateway}/app/**`);
    await page.getByRole('link', { name: 'My bookings' }).click();
    await page.getByRole('link', { name: 'Details of Skin fade with Kim' }).first().click();
    await page.getByRole('heading', { name: 'Waiting for payment', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(/\/checkout\/cs_/);
    await page.getByRole('button', { name: 'Pay £30.00' }).click();
    await page.waitForURL(/\?checkout=success$/);
    await page.getByRole('heading', { name: 'Confirmed', level: 1 }).waitFor({ timeout: 15_000 });

    await page.getByRole('link', { name: 'See all your bookings' }).click();
    await page.getByText(/It is less than 720 hours before 14:30 London time, so cancelling now will not be refunded\./).waitFor();
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page
      .getByRole('region', { name: 'Past and cancelled' })
      .getByText('You paid £30.00; this cancellation was too close to the start to be refunded.')
      .waitFor();
    await expect(page.getByRole('region', { name: 'Past and cancelled' }).getByText('Expired: not paid in time').count()).resolves.toBe(1);
    await shop.audit(page, '18-my-bookings-no-refund');
  });

  it('a declined card then a good one on the same Checkout page: the booking page says the decline live, the time stays held, then "Confirmed"', async () => {
    const context = await signedInContext('Hal');
    const checkout = await context.newPage();
    await checkout.goto(dayPage());
    await checkout.getByRole('button', { name: '15:30', exact: true }).click();
    await checkout.getByRole('button', { name: 'Book', exact: true }).click();
    await checkout.waitForURL(/\/checkout\/cs_/);

    // The booking page, open in another tab before the card is tried.
    const page = await context.newPage();
    await page.goto(`${shop.gateway}/app/my-bookings`);
    await page.getByRole('link', { name: 'Details of Skin fade with Kim' }).first().click();
    await page.getByRole('heading', { name: 'Waiting for payment', level: 1 }).waitFor();
    await page.evaluate('window.sameDocument = true');

    // Declined: Checkout stays open for another card; the booking page is told, nothing is released.
    await checkout.getByRole('button', { name: 'Card declined' }).click();
    await checkout.getByRole('alert').filter({ hasText: /declined/i }).waitFor();
    await page.getByRole('alert').filter({ hasText: /declined.*Your time is still held until \d\d:\d\d London time/ }).waitFor({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Pay now' }).count()).resolves.toBe(1);
    expect((await shop.slotAt(day, '15:30')).status).toBe('held');
    await shop.audit(page, '23-booking-card-declined');

    // Another card on the same page pays: the booking page turns to "Confirmed" without a reload.
    await checkout.getByRole('button', { name: 'Pay £30.00' }).click();
    await page.getByRole('heading', { name: 'Confirmed', level: 1 }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    await expect(page.getByText(/declined/i).count()).resolves.toBe(0);
  });

  it('answers the slots of a range of days through the gateway, optionally of one status (what the pages can ask)', async () => {
    const to = LONDON.weekdays(2, { daysAhead: 45 })[1];
    const all = (await shop.api.get(`/barbers/${shop.barberId}/slots?from=${day}&to=${to}`)).body as Array<{ startsAt: string; status: string }>;
    expect(new Set(all.map((slot) => LONDON.localTime(slot.startsAt).slice(0, 2)))).toEqual(new Set(['09', '10', '11', '12', '13', '14', '15', '16']));
    expect(all.length).toBeGreaterThanOrEqual(32);
    const free = (await shop.api.get(`/barbers/${shop.barberId}/slots?from=${day}&to=${to}&status=available`)).body as Array<{ status: string }>;
    expect(free.length).toBeLessThan(all.length);
    expect(free.every((slot) => slot.status === 'available')).toBe(true);
    const tooLong = await shop.api.get(`/barbers/${shop.barberId}/slots?from=${day}&to=${LONDON.weekday(70)}`);
    expect({ status: tooLong.status, code: tooLong.body.code }).toEqual({ status: 400, code: 'INVALID_TIME_RANGE' });
  });

  it('other pages a visitor reaches: sign in, a booking that is not there, an unknown address; sentences, never JSON or a blank page', async () => {
    const visitor = await (await shop.newContext()).newPage();
    await visitor.goto(`${shop.gateway}/app/sign-in`);
    await visitor.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await shop.audit(visitor, '19-sign-in');
    await visitor.goto(`${shop.gateway}/app/bookings/${randomUUID()}`);
    await visitor.getByRole('heading', { name: 'Sign in to see your booking' }).waitFor();
    await shop.audit(visitor, '20-booking-signed-out');
    await visitor.goto(`${shop.gateway}/app/no/such/page`);
    await visitor.getByRole('heading', { name: 'There is no such page', level: 1 }).waitFor();
    await shop.audit(visitor, '21-not-found');

    const customer = await (await signedInContext('Gus')).newPage();
    await customer.goto(`${shop.gateway}/app/bookings/${randomUUID()}`);
    const sentence = await customer.getByRole('alert').textContent();
    expect(sentence).toMatch(/^[A-Z][^{}]+\.$/);
    await shop.audit(customer, '22-booking-not-found');
  });
});
