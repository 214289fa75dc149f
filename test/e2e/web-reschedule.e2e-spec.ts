import type { BrowserContext, Page } from 'playwright-core';
import { horizontalOverflow, screenshot } from '../support/browser';
import { LONDON } from '../support/calendar';
import { eventually } from '../support/test-infra';
import { WebShop } from '../support/web-shop';

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
  let shop: WebShop;
  // Outside the reschedule window (unset: the 24 h cancellation window) and the minimum notice.
  const day = LONDON.weekday(5);

  /** A registered customer who books and pays `time` on `on` through the API; a browser context signed in as them. */
  async function customerWithPaidBooking(name: string, on: string, time: string, width = 1280): Promise<{ booking: Booked; context: BrowserContext }> {
    const { client: customer, login } = await shop.register(name);
    const booked = await shop.book(customer, on, time);
    expect(booked.status).toBe(201);
    const booking = booked.body as Booked;
    await shop.stripe.pay(booking.checkout.sessionId);
    await eventually(`${name}'s booking confirmed and its appointment paid`, async () => {
      const current = (await customer.get(`/bookings/${booking.id}`)).body as { status: string };
      const appointments = (await shop.admin.get(`/appointments?barberId=${shop.barberId}&date=${on}`)).body as Array<{ bookingId: string; status: string }>;
      return current.status === 'confirmed' && appointments.some((appointment) => appointment.bookingId === booking.id && appointment.status === 'paid');
    });
    return { booking, context: await shop.contextSignedInAs(login, width) };
  }

  /** The barber signs in and opens `on`; resolves once the day is shown and its live feed answered. */
  async function barberOpensDay(page: Page, on: string): Promise<void> {
    await shop.barberSignsIn(page);
    await page.getByLabel('Day', { exact: true }).fill(on);
  }

  const row = (page: Page, time: string, customer: string) => page.getByRole('listitem', { name: `${time} London time · ${customer}` });

  beforeAll(async () => {
    shop = await WebShop.open('web_reschedule_e2e', { services: ['booking', 'payments', 'appointments'], barberAccount: true });
  }, 120_000);

  afterAll(async () => {
    await shop?.close();
  });

  it('a customer moves a paid booking from My bookings; the booking page shows the new time, and the barber’s day moves the row live', async () => {
    const { booking, context } = await customerWithPaidBooking('Ada', day, '10:00');

    // The barber's day, in its own browser, open before the move.
    const barberPage = await (await shop.newContext()).newPage();
    await barberOpensDay(barberPage, day);
    await row(barberPage, '10:00', 'Ada').getByText('Paid', { exact: true }).waitFor();
    const barberRequests: string[] = [];
    const barberNavigations: string[] = [];
    barberPage.on('request', (request) => barberRequests.push(`${request.method()} ${request.url()}`));
    barberPage.on('framenavigated', (frame) => {
      if (frame === barberPage.mainFrame()) barberNavigations.push(frame.url());
    });

    const page = await context.newPage();
    await page.goto(`${shop.gateway}/app/my-bookings`);
    const upcoming = page.getByRole('region', { name: 'Upcoming' });
    await upcoming.getByText(/^You can move this booking online until \w{3} \d{1,2} \w{3}, \d\d:\d\d London time\.$/).waitFor();
    await upcoming.getByRole('button', { name: 'Reschedule' }).click();
    const picker = page.getByRole('region', { name: 'Pick a new time' });
    await picker.getByRole('button', { name: '14:00', exact: true }).waitFor();
    // Its own time is not offered.
    await expect(picker.getByRole('button', { name: '10:00', exact: true }).count()).resolves.toBe(0);
    await shop.audit(page, 'reschedule-01-my-bookings-picker');

    await picker.getByRole('button', { name: '14:00', exact: true }).click();
    await shop.audit(page, 'reschedule-02-my-bookings-chosen');
    const moved = page.waitForResponse((response) => response.url().endsWith(`/bookings/${booking.id}/reschedule`));
    await picker.getByRole('button', { name: /^Move to \w{3} \d{1,2} \w{3}, 14:00$/ }).click();
    const answer = await moved;
    expect(answer.status()).toBe(200);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await upcoming.getByText(/^Moved to \w{3} \d{1,2} \w{3}, 14:00 London time — was 10:00$/).waitFor();
    await shop.audit(page, 'reschedule-03-my-bookings-moved');

    // The barber's row moved, pushed: no re-fetch of the day, no reload.
    await row(barberPage, '14:00', 'Ada').getByText('Paid', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(row(barberPage, '10:00', 'Ada').count()).resolves.toBe(0);
    expect(barberRequests.filter((request) => /^GET .*\/appointments(\?|$)/.test(request))).toEqual([]);
    expect(barberNavigations).toEqual([]);
    await screenshot(barberPage, 'reschedule-04-barber-day-moved');

    const stored = (await shop.admin.get(`/bookings/${booking.id}`)).body as { startsAt: string; status: string; paymentStatus: string; priceCents: number };
    expect(stored).toMatchObject({ startsAt: LONDON.at(day, '14:00'), status: 'confirmed', paymentStatus: 'paid', priceCents: 3000 });

    await page.goto(`${shop.gateway}/app/bookings/${booking.id}`);
    await page.getByRole('heading', { name: 'Confirmed', level: 1 }).waitFor();
    await page.getByText(/^Moved to \w{3} \d{1,2} \w{3}, 14:00 London time — was 10:00$/).waitFor();
    await shop.audit(page, 'reschedule-05-booking-page-moved');
  });

  it('the barber moves an appointment with Move; the customer’s booking page follows live', async () => {
    const { booking, context } = await customerWithPaidBooking('Bea', day, '11:00');
    const customerPage = await context.newPage();
    const feed = customerPage.waitForResponse((response) => response.url().includes(`/bookings/${booking.id}/live`) && response.status() === 200);
    await customerPage.goto(`${shop.gateway}/app/bookings/${booking.id}`);
    await customerPage.getByRole('heading', { name: 'Confirmed', level: 1 }).waitFor();
    await feed;

    const page = await (await shop.newContext()).newPage();
    await barberOpensDay(page, day);
    const bea = row(page, '11:00', 'Bea');
    await bea.getByRole('button', { name: 'Move: Bea, Skin fade' }).click();
    const picker = page.getByRole('region', { name: 'Move Bea, Skin fade' });
    await picker.getByRole('button', { name: '15:30', exact: true }).click();
    await shop.audit(page, 'reschedule-06-barber-move-picker');
    await picker.getByRole('button', { name: /^Move to \w{3} \d{1,2} \w{3}, 15:30$/ }).click();
    await row(page, '15:30', 'Bea').waitFor();
    await expect(row(page, '11:00', 'Bea').count()).resolves.toBe(0);

    await customerPage.getByText(/^Moved to \w{3} \d{1,2} \w{3}, 15:30 London time — was 11:00$/).waitFor({ timeout: 30_000 });
    const stored = (await shop.admin.get(`/bookings/${booking.id}`)).body as { startsAt: string };
    expect(stored.startsAt).toBe(LONDON.at(day, '15:30'));
  });

  it('the reschedule picker fits 390 px without sideways scrolling and has no serious axe-core findings', async () => {
    const { context } = await customerWithPaidBooking('Cal', day, '12:00', 390);
    const page = await context.newPage();
    await page.goto(`${shop.gateway}/app/my-bookings`);
    await page.getByRole('region', { name: 'Upcoming' }).getByRole('button', { name: 'Reschedule' }).click();
    await page.getByRole('region', { name: 'Pick a new time' }).getByRole('button', { name: '16:00', exact: true }).click();
    expect(await horizontalOverflow(page)).toBe(0);
    await shop.audit(page, 'reschedule-07-narrow-picker');
  });
});
