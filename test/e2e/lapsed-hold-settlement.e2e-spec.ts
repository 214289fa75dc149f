import { Actor, RECONCILE_RPC, ReconcileReport, ReconcileRequest } from '@app/contracts';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { ApiClient, Json } from '../support/http-client';
import { TestSystem } from '../support/system';
import { eventually } from '../support/test-infra';

const WEBHOOK_SECRET = 'whsec_e2e_lapsed_holds';
const ADMIN: Actor = { userId: randomUUID(), role: 'admin', barberId: null, name: 'On-call', email: 'oncall@test.local' };

/**
 * DESIGN §6.6, booking's reconciler: a booking still pending after its hold ended is asked
 * about at payments (which asks Stripe) before it is expired, so a customer who paid at the
 * last moment, their webhook lost, gets their appointment rather than a refund. Booking's
 * reconciler is run alone here (its RPC, as POST /admin/reconcile sends it), every scheduled
 * round is an hour away, so what happens is what that one run did.
 */
describe("Booking's reconciler asks payments about lapsed holds before expiring them", () => {
  let stripe: StripeStandIn;
  let system: TestSystem;
  let api: ApiClient;
  let customer: ApiClient;
  let booking: Client;
  let bookingRpc: ClientProxy;
  let barberId: string;
  let serviceId: string;

  beforeAll(async () => {
    stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, port: 0 });
    system = await TestSystem.start(['booking', 'payments', 'appointments', 'gateway'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_lapsed_holds',
      RECONCILE_INTERVAL_SECONDS: '3600',
      HOLD_EXPIRY_INTERVAL_SECONDS: '3600',
      BOOKING_HOLD_GRACE_SECONDS: '600',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
    });
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    api = new ApiClient(system.gatewayUrl);
    const admin = api.as((await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD })).body.accessToken);
    barberId = (await admin.post('/barbers', { name: 'Lee', timeZone: 'Europe/London' })).body.id;
    await admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly: [{ weekday: 3, start: '09:00', end: '12:00' }] });
    serviceId = (await admin.post('/services', { name: 'Fade', durationMinutes: 30, priceCents: 2200, currency: 'gbp' })).body.id;
    const email = `lapsed-${randomUUID().slice(0, 8)}@test.local`;
    await api.post('/auth/register', { email, password: 'correct-horse-1', name: 'Lapsed' });
    customer = api.as((await api.post('/auth/login', { email, password: 'correct-horse-1' })).body.accessToken);
    booking = new Client({ connectionString: system.databaseUrl('booking') });
    await booking.connect();
    bookingRpc = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: Number(system.env.BOOKING_TCP_PORT) } });
  }, 120_000);

  afterAll(async () => {
    await bookingRpc?.close();
    await booking?.end();
    await system?.stop();
    await stripe?.close();
  });

  const reconcileBooking = () =>
    firstValueFrom(bookingRpc.send<ReconcileReport, ReconcileRequest>(RECONCILE_RPC.booking, { actor: ADMIN }));

  /** A booking of the 2026-12-02 slot at `time`, its hold ended `ago` (an SQL interval). */
  async function lapsedBooking(time: string, ago: string): Promise<Json> {
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=2026-12-02`)).body;
    const slot = slots.find((candidate) => candidate.startsAt === `2026-12-02T${time}:00.000Z`);
    const created = await customer.post('/bookings', { slotId: slot.id, serviceId });
    expect(created.status).toBe(201);
    await booking.query(`UPDATE bookings SET hold_expires_at = now() - $2::interval WHERE id = $1`, [created.body.id, ago]);
    return created.body;
  }

  const sessionLookups = (sessionId: string) =>
    stripe.requests().filter((request) => request.method === 'GET' && request.path === `/v1/checkout/sessions/${sessionId}`).length;

  it('confirms a lapsed booking whose payment succeeded with its webhook lost, instead of expiring and refunding it', async () => {
    const paid = await lapsedBooking('09:00', '2 hours');
    await stripe.pay(paid.checkout.sessionId, { deliver: 'none' });

    expect(await reconcileBooking()).toEqual({ lapsed_hold_paid: 1, hold_lapsed: 0, missing_appointment_link: 0 });
    expect(sessionLookups(paid.checkout.sessionId)).toBe(1);
    expect((await customer.get(`/bookings/${paid.id}`)).body).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    await eventually('its appointment to be paid', async () => {
      const appointment = (await customer.get(`/bookings/${paid.id}`)).body.appointmentId;
      return appointment ? (await customer.get(`/appointments/${appointment}`)).body.status === 'paid' : false;
    });
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=2026-12-02`)).body;
    expect(slots.find((slot) => slot.startsAt === '2026-12-02T09:00:00.000Z').status).toBe('booked');
    expect(stripe.ledger().refunds).toEqual([]);
    // Payments' own payment.succeeded reached booking too, and changed nothing.
    expect(await reconcileBooking()).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });
  });

  it('expires a lapsed booking whose session is still unpaid, once payments has been asked', async () => {
    const unpaid = await lapsedBooking('10:00', '2 hours');
    expect(await reconcileBooking()).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 1, missing_appointment_link: 0 });
    expect(sessionLookups(unpaid.checkout.sessionId)).toBe(1);
    expect((await customer.get(`/bookings/${unpaid.id}`)).body.status).toBe('expired');
  });

  it('leaves a booking within its grace pending when its payment is not there (yet)', async () => {
    const graced = await lapsedBooking('10:30', '1 minute');
    expect(await reconcileBooking()).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });
    expect((await customer.get(`/bookings/${graced.id}`)).body.status).toBe('pending_payment');
  });

  it('still expires lapsed holds when payments does not answer', async () => {
    const stranded = await lapsedBooking('11:00', '2 hours');
    await system.stopProcess(system.processes.find((running) => running.service === 'payments')!);
    expect(await reconcileBooking()).toMatchObject({ lapsed_hold_paid: 0, hold_lapsed: 1 });
    expect((await customer.get(`/bookings/${stranded.id}`)).body.status).toBe('expired');
  });
});
