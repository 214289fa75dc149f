import { randomUUID } from 'node:crypto';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { ApiClient, Json } from '../support/http-client';
import { SseStream } from '../support/sse';
import { LONDON } from '../support/calendar';
import { TestSystem } from '../support/system';
import { eventually } from '../support/test-infra';

const WEBHOOK_SECRET = 'whsec_e2e_live';

/**
 * Issue 5 acceptance: after a payment, the barber's day, the customer's waiting page and the
 * slot grid change live — on every gateway process — with no polling, and nobody sees what
 * is not theirs. Real processes for every service, the Stripe stand-in in the test.
 */
describe('Live feeds and appointments after a payment', () => {
  let stripe: StripeStandIn;
  let system: TestSystem;
  let gatewayA: ApiClient;
  let gatewayB: ApiClient;
  let admin: ApiClient;
  let barberToken: string;
  let otherBarberToken: string;
  let barberId: string;
  let serviceId: string;
  const streams: SseStream[] = [];
  // Working days derived from today in the barber's zone (London).
  const [dayA, dayB] = LONDON.weekdays(2);

  async function customer(): Promise<{ client: ApiClient; token: string }> {
    const email = `live-${randomUUID().slice(0, 8)}@test.local`;
    await gatewayA.post('/auth/register', { email, password: 'correct-horse-1', name: 'Live Customer' });
    const token = (await gatewayA.post('/auth/login', { email, password: 'correct-horse-1' })).body.accessToken;
    return { client: gatewayA.as(token), token };
  }

  async function barberLogin(forBarber: string): Promise<string> {
    const email = `barber-${randomUUID().slice(0, 8)}@test.local`;
    expect((await admin.post('/admin/users', { email, password: 'barber-password-1', name: 'Barber', role: 'barber', barberId: forBarber })).status).toBe(201);
    return (await gatewayA.post('/auth/login', { email, password: 'barber-password-1' })).body.accessToken;
  }

  async function book(client: ApiClient, date: string, time: string): Promise<Json> {
    const slots: Json[] = (await gatewayA.get(`/barbers/${barberId}/slots?date=${date}`)).body;
    const slot = slots.find((candidate) => candidate.startsAt === LONDON.at(date, time));
    const response = await client.post('/bookings', { slotId: slot.id, serviceId });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function open(gateway: ApiClient, path: string, token?: string): Promise<SseStream> {
    const stream = await SseStream.open(`${gateway.baseUrl}${path}`, token);
    streams.push(stream);
    return stream;
  }

  beforeAll(async () => {
    stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, port: 0 });
    system = await TestSystem.start(['booking', 'payments', 'appointments', 'gateway'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_live',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
    });
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    const second = await system.startProcess('gateway');
    gatewayA = new ApiClient(system.gatewayUrl);
    gatewayB = new ApiClient(`http://127.0.0.1:${second.httpPort}`);
    admin = gatewayA.as((await gatewayA.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD })).body.accessToken);
    barberId = (await admin.post('/barbers', { name: 'Lee', timeZone: 'Europe/London' })).body.id;
    const otherBarber = (await admin.post('/barbers', { name: 'Max', timeZone: 'Europe/London' })).body.id;
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    await admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly });
    serviceId = (await admin.post('/services', { name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' })).body.id;
    barberToken = await barberLogin(barberId);
    otherBarberToken = await barberLogin(otherBarber);
  }, 120_000);

  afterAll(async () => {
    streams.forEach((stream) => stream.close());
    await system?.stop();
    await stripe?.close();
  });

  it('pushes paid, confirmed and booked to every subscriber on both gateways, and nothing to outsiders', async () => {
    const { client, token } = await customer();
    const booking = await book(client, dayA, '09:00');

    const barberFeedA = await open(gatewayA, `/barbers/${barberId}/appointments/live`, barberToken);
    const barberFeedB = await open(gatewayB, `/barbers/${barberId}/appointments/live?access_token=${barberToken}`);
    const bookingFeed = await open(gatewayA, `/bookings/${booking.id}/live`, token);
    const slotFeedB = await open(gatewayB, `/barbers/${barberId}/slots/live`);
    const outsider = await open(gatewayA, `/barbers/${barberId}/appointments/live`, otherBarberToken);
    const anonymous = await open(gatewayB, `/barbers/${barberId}/appointments/live`);
    const stranger = await open(gatewayA, `/bookings/${booking.id}/live`, (await customer()).token);
    expect([barberFeedA.status, barberFeedB.status, bookingFeed.status, slotFeedB.status]).toEqual([200, 200, 200, 200]);
    expect(outsider.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect(stranger.status).toBe(403);

    await stripe.pay(booking.checkout.sessionId);

    const isPaid = (m: { event: string; data: Json }) => m.event === 'appointment.updated' && m.data.bookingId === booking.id && m.data.status === 'paid';
    const [onA, onB] = await Promise.all([
      barberFeedA.next(isPaid, 'the paid appointment on gateway A'),
      barberFeedB.next(isPaid, 'the paid appointment on gateway B'),
    ]);
    expect(onA.data).toMatchObject({ barberId, customerName: 'Live Customer', serviceName: 'Haircut', startsAt: LONDON.at(dayA, '09:00') });
    expect(onB.id).toBe(onA.id);
    const confirmed = await bookingFeed.next((m) => m.event === 'booking.updated' && m.data.status === 'confirmed', 'the confirmed booking');
    expect(confirmed.data).toMatchObject({ id: booking.id, paymentStatus: 'paid' });
    await slotFeedB.next((m) => m.event === 'slot.updated' && m.data.id === booking.slotIds[0] && m.data.status === 'booked', 'the booked slot');
    expect(barberFeedA.messages.every((m) => m.data.barberId === barberId)).toBe(true);
  });

  it('links the booking and its appointment both ways, and refuses complete and no-show out of turn', async () => {
    const barber = gatewayA.as(barberToken);
    const { client } = await customer();
    const unpaid = await book(client, dayB, '10:00');
    const paid = await book(client, dayB, '11:00');
    await stripe.pay(paid.checkout.sessionId);

    const day = await eventually('both appointments on the barber’s day', async () => {
      const response = await barber.get(`/appointments?barberId=${barberId}&date=${dayB}`);
      const statuses = response.body.map((a: Json) => `${a.bookingId}:${a.status}`);
      return statuses.includes(`${unpaid.id}:pending`) && statuses.includes(`${paid.id}:paid`) ? response.body : undefined;
    });
    expect(day.map((a: Json) => a.startsAt)).toEqual([LONDON.at(dayB, '10:00'), LONDON.at(dayB, '11:00')]);
    const pending = day.find((a: Json) => a.bookingId === unpaid.id);
    const upcoming = day.find((a: Json) => a.bookingId === paid.id);
    const linked = await eventually('the booking to carry its appointment id', async () => {
      const current = (await client.get(`/bookings/${paid.id}`)).body;
      return current.appointmentId ? current : undefined;
    });
    expect(linked.appointmentId).toBe(upcoming.id);

    const early = await barber.post(`/appointments/${upcoming.id}/complete`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('APPOINTMENT_NOT_STARTED');
    const notPaid = await barber.post(`/appointments/${pending.id}/no-show`);
    expect(notPaid.status).toBe(409);
    expect(notPaid.body.code).toBe('APPOINTMENT_NOT_PAID');
    expect((await gatewayA.as(otherBarberToken).get(`/appointments?barberId=${barberId}&date=${dayB}`)).status).toBe(403);
    expect((await client.get(`/appointments/${upcoming.id}`)).status).toBe(200);
  });
});
