import { Actor, RECONCILE_RPC, ReconcileReport, ReconcileRequest } from '@app/contracts';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';
import { StripeStandIn } from '../../tools/stripe-standin/src/server';
import { LONDON } from '../support/calendar';
import { ApiClient, Json } from '../support/http-client';
import { RunningPlatform, barberAndService, registerCustomer, startPlatform } from '../support/platform';
import { eventually } from '../support/test-infra';
const ADMIN: Actor = { userId: randomUUID(), role: 'admin', barberId: null, name: 'On-call', email: 'oncall@test.local' };

/**
 * DESIGN §6.6, booking's reconciler: a booking still pending after its hold ended is asked
 * about at payments (which asks Stripe) before it is expired, so a customer who paid at the
 * last moment, their webhook lost, gets their appointment rather than a refund. Booking's
 * reconciler is run alone here (its RPC, as POST /admin/reconcile sends it), every scheduled
 * round is an hour away, so what happens is what that one run did.
 */
describe("Booking's reconciler asks payments about lapsed holds before expiring them", () => {
  let platform: RunningPlatform;
  let stripe: StripeStandIn;
  let api: ApiClient;
  let customer: ApiClient;
  let booking: Client;
  let bookingRpc: ClientProxy;
  let barberId: string;
  let serviceId: string;
  // The working day whose slots these tests book, derived from today in the barber's zone (London).
  const day = LONDON.weekday();
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;

  beforeAll(async () => {
    platform = await startPlatform('lapsed_holds', {
      RECONCILE_INTERVAL_SECONDS: '3600',
      HOLD_EXPIRY_INTERVAL_SECONDS: '3600',
      BOOKING_HOLD_GRACE_SECONDS: '600',
    });
    ({ stripe, api } = platform);
    ({ barberId, serviceId } = await barberAndService(platform.admin, { weekdays: [LONDON.isoWeekday(day)], end: '12:00' }));
    customer = await registerCustomer(api, 'Lapsed');
    booking = new Client({ connectionString: platform.system.databaseUrl('booking') });
    await booking.connect();
    const port = Number(platform.system.env.BOOKING_TCP_PORT);
    bookingRpc = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  }, 120_000);

  afterAll(async () => {
    await bookingRpc?.close();
    await booking?.end();
    await platform?.stop();
  });

  const reconcileBooking = () =>
    firstValueFrom(bookingRpc.send<ReconcileReport, ReconcileRequest>(RECONCILE_RPC.booking, { actor: ADMIN }));

  /**
   * A booking of the slot at `time` (London) on `day`, its hold ended `agoMs` before now on the
   * services' clock (the test's own: never the database's now(), which no rule reads), linked to
   * its appointment already: appointment.created locks the booking row to link it, and the
   * expiry sweep skips a locked row (SKIP LOCKED, for concurrent replicas) until the next round —
   * a run racing the link would expire nothing (as CI once saw).
   */
  async function lapsedBooking(time: string, agoMs: number): Promise<Json> {
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=${day}`)).body;
    const slot = slots.find((candidate) => candidate.startsAt === LONDON.at(day, time));
    const created = await customer.post('/bookings', { slotId: slot.id, serviceId });
    expect(created.status).toBe(201);
    await eventually('the booking to be linked to its appointment', async () => typeof (await customer.get(`/bookings/${created.body.id}`)).body.appointmentId === 'string');
    await booking.query(`UPDATE bookings SET hold_expires_at = $2 WHERE id = $1`, [created.body.id, new Date(Date.now() - agoMs)]);
    return created.body;
  }

  const sessionLookups = (sessionId: string) =>
    stripe.requests().filter((request) => request.method === 'GET' && request.path === `/v1/checkout/sessions/${sessionId}`).length;

  it('confirms a lapsed booking whose payment succeeded with its webhook lost, instead of expiring and refunding it', async () => {
    const paid = await lapsedBooking('09:00', 2 * HOUR);
    await stripe.pay(paid.checkout.sessionId, { deliver: 'none' });

    expect(await reconcileBooking()).toEqual({ lapsed_hold_paid: 1, hold_lapsed: 0, missing_appointment_link: 0 });
    expect(sessionLookups(paid.checkout.sessionId)).toBe(1);
    expect((await customer.get(`/bookings/${paid.id}`)).body).toMatchObject({ status: 'confirmed', paymentStatus: 'paid' });
    await eventually('its appointment to be paid', async () => {
      const appointment = (await customer.get(`/bookings/${paid.id}`)).body.appointmentId;
      return appointment ? (await customer.get(`/appointments/${appointment}`)).body.status === 'paid' : false;
    });
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=${day}`)).body;
    expect(slots.find((slot) => slot.startsAt === LONDON.at(day, '09:00')).status).toBe('booked');
    expect(stripe.ledger().refunds).toEqual([]);
    // Payments' own payment.succeeded reached booking too, and changed nothing.
    expect(await reconcileBooking()).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });
  });

  it('expires a lapsed booking whose session is still unpaid, once payments has been asked', async () => {
    const unpaid = await lapsedBooking('10:00', 2 * HOUR);
    expect(await reconcileBooking()).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 1, missing_appointment_link: 0 });
    expect(sessionLookups(unpaid.checkout.sessionId)).toBe(1);
    expect((await customer.get(`/bookings/${unpaid.id}`)).body.status).toBe('expired');
  });

  it('leaves a booking within its grace pending when its payment is not there (yet)', async () => {
    const graced = await lapsedBooking('10:30', MINUTE);
    expect(await reconcileBooking()).toEqual({ lapsed_hold_paid: 0, hold_lapsed: 0, missing_appointment_link: 0 });
    expect((await customer.get(`/bookings/${graced.id}`)).body.status).toBe('pending_payment');
  });

  it('still expires lapsed holds when payments does not answer', async () => {
    const stranded = await lapsedBooking('11:00', 2 * HOUR);
    await platform.system.stopProcess(platform.system.processes.find((running) => running.service === 'payments')!);
    expect(await reconcileBooking()).toMatchObject({ lapsed_hold_paid: 0, hold_lapsed: 1 });
    expect((await customer.get(`/bookings/${stranded.id}`)).body.status).toBe('expired');
  });
});
