import { Client } from 'pg';
import { StripeStandIn } from '../../tools/stripe-standin/src/server';
import { LONDON } from '../support/calendar';
import { ApiClient, Json } from '../support/http-client';
import { RunningPlatform, barberAndService, registerCustomer, startPlatform } from '../support/platform';
import { freePort } from '../support/redis-server';
import { ServiceName, TestSystem } from '../support/system';
import { eventually } from '../support/test-infra';

const INTERVAL_SECONDS = 3;
/** The acceptance bound: drift is repaired within two reconcile intervals of being seeded. */
const REPAIR_BOUND_MS = 2 * INTERVAL_SECONDS * 1000;

/**
 * Issue 6 acceptance: drift seeded directly into the databases and the Stripe stand-in is
 * found and repaired by the reconcilers on their own — with two processes of every service
 * running them — and each repair happens once.
 */
describe('Reconciliation repairs drift by itself', () => {
  let platform: RunningPlatform;
  let stripe: StripeStandIn;
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let customer: ApiClient;
  let booking: Client;
  let appointments: Client;
  let barberId: string;
  let serviceId: string;
  // A working day derived from today in the barber's zone (London).
  const dayA = LONDON.weekday();

  async function book(date: string, time: string): Promise<Json> {
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=${date}`)).body;
    const slot = slots.find((candidate) => candidate.startsAt === LONDON.at(date, time));
    const response = await customer.post('/bookings', { slotId: slot.id, serviceId });
    expect(response.status).toBe(201);
    return response.body;
  }

  const waitFor = (id: string, check: (b: Json) => boolean, what: string) =>
    eventually(what, async () => {
      const current = (await customer.get(`/bookings/${id}`)).body;
      return check(current) ? current : undefined;
    }, { timeoutMs: REPAIR_BOUND_MS + 10_000 });

  /** How long since `seededAt`, checked against the two-interval bound once the repair is seen. */
  const expectRepairedInTime = (seededAt: number) => {
    const elapsed = Date.now() - seededAt;
    expect({ elapsedMs: elapsed, withinTwoIntervals: elapsed <= REPAIR_BOUND_MS }).toEqual({ elapsedMs: elapsed, withinTwoIntervals: true });
  };

  const repairs = async (service: string, kind: string): Promise<number> => {
    const running = system.processes.filter((process) => process.service === service);
    let total = 0;
    for (const process of running) {
      const text = await (await fetch(`http://127.0.0.1:${process.httpPort}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('reconcile_repairs_total') && l.includes(`kind="${kind}"`));
      total += line ? Number(line.split(' ').at(-1)) : 0;
    }
    return total;
  };

  beforeAll(async () => {
    platform = await startPlatform('reconcile', {
      RECONCILE_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
      RECONCILE_STRIPE_AFTER_SECONDS: '1',
      HOLD_EXPIRY_INTERVAL_SECONDS: '3600',
      BOOKING_HOLD_GRACE_SECONDS: '0',
    });
    ({ stripe, system, api, admin } = platform);
    // A second process of every service, reconciling the same databases.
    for (const service of ['booking', 'payments', 'appointments'] as ServiceName[]) {
      const tcp = { booking: 'BOOKING_TCP_PORT', payments: 'PAYMENTS_TCP_PORT', appointments: 'APPOINTMENTS_TCP_PORT' }[service as 'booking'];
      await system.startProcess(service, { [tcp]: String(await freePort()) });
    }
    ({ barberId, serviceId } = await barberAndService(admin, { weekdays: [1, 2, 3, 4, 5] }));
    customer = await registerCustomer(api, 'Drift');
    booking = new Client({ connectionString: system.databaseUrl('booking') });
    appointments = new Client({ connectionString: system.databaseUrl('appointments') });
    await Promise.all([booking.connect(), appointments.connect()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([booking?.end(), appointments?.end()]);
    await platform?.stop();
  });

  it('confirms a booking whose payment webhook was lost, and pays its appointment, once', async () => {
    const lost = await book(dayA, '09:00');
    await stripe.pay(lost.checkout.sessionId, { deliver: 'none' });
    const seededAt = Date.now();
    await waitFor(lost.id, (b) => b.status === 'confirmed' && b.paymentStatus === 'paid', 'the lost payment to be found');
    await eventually('its appointment to be paid', async () => {
      const rows = await appointments.query<{ status: string }>('SELECT status FROM appointments WHERE booking_id = $1', [lost.id]);
      return rows.rows[0]?.status === 'paid';
    }, { timeoutMs: REPAIR_BOUND_MS + 10_000 });
    expectRepairedInTime(seededAt);
    expect(await repairs('payments', 'lost_payment')).toBe(1);
  });

  it('expires a lapsed hold that no webhook will ever end, once', async () => {
    const lapsed = await book(dayA, '10:00');
    await booking.query(`UPDATE bookings SET hold_expires_at = $2 WHERE id = $1`, [lapsed.id, new Date(Date.now() - 60_000)]);
    const seededAt = Date.now();
    await waitFor(lapsed.id, (b) => b.status === 'expired', 'the lapsed hold to expire');
    expectRepairedInTime(seededAt);
    const slots: Json[] = (await api.get(`/barbers/${barberId}/slots?date=${dayA}`)).body;
    expect(slots.find((slot) => slot.startsAt === LONDON.at(dayA, '10:00')).status).toBe('available');
    expect(await repairs('booking', 'hold_lapsed')).toBe(1);
  });

  async function paidBooking(date: string, time: string): Promise<{ id: string; appointmentId: string }> {
    const created = await book(date, time);
    await stripe.pay(created.checkout.sessionId);
    const linked = await waitFor(created.id, (b) => b.status === 'confirmed' && b.appointmentId !== null, 'confirmation and link');
    // Let every message about this booking be consumed on both sides, so drift seeded next can
    // only be repaired by a reconciler, not by a message still on its way.
    const consumedBy = async (from: Client, types: string[], by: Client, { noneIsFine = false } = {}): Promise<boolean> => {
      const sent = await from.query<{ id: string }>(
        `SELECT id FROM outbox WHERE type = ANY($1) AND envelope->'payload'->>'bookingId' = $2`,
        [types, created.id],
      );
      const ids = sent.rows.map((row) => row.id);
      const seen = await by.query<{ n: string }>('SELECT count(DISTINCT message_id) AS n FROM inbox WHERE message_id = ANY($1::uuid[])', [ids]);
      return (noneIsFine || ids.length > 0) && Number(seen.rows[0].n) === ids.length;
    };
    await eventually('every message about the booking to be consumed', async () =>
      (await consumedBy(booking, ['booking.created', 'booking.confirmed'], appointments)) &&
      // A booking knows its appointment's id from the start (derived): appointment.created is
      // written only when booking has no link (a re-announced confirmation), so usually none.
      (await consumedBy(appointments, ['appointment.created'], booking, { noneIsFine: true })),
    );
    return { id: created.id, appointmentId: linked.appointmentId };
  }

  it('pays an appointment left pending after its booking was confirmed, once', async () => {
    const paid = await paidBooking(dayA, '11:00');
    // As if booking.confirmed never reached appointments: the last fact it applied was the creation.
    await appointments.query(
      `UPDATE appointments SET status = 'pending', last_fact_kind = 'created', last_fact_at = $2,
              updated_at = $3 WHERE booking_id = $1`,
      [paid.id, new Date(Date.now() - 10 * 60_000), new Date(Date.now() - 5 * 60_000)],
    );
    const seededAt = Date.now();
    await eventually('the appointment to be paid again', async () => {
      const rows = await appointments.query<{ status: string }>('SELECT status FROM appointments WHERE booking_id = $1', [paid.id]);
      return rows.rows[0]?.status === 'paid';
    }, { timeoutMs: REPAIR_BOUND_MS + 10_000 });
    expectRepairedInTime(seededAt);
    expect(await repairs('appointments', 'stale_pending')).toBe(1);
  });

  it('restores a missing booking → appointment link, once; a second run repairs nothing', async () => {
    const paid = await paidBooking(dayA, '12:00');
    await booking.query(`UPDATE bookings SET appointment_id = NULL, updated_at = $2 WHERE id = $1`, [paid.id, new Date(Date.now() - 5 * 60_000)]);
    const seededAt = Date.now();
    await waitFor(paid.id, (b) => b.appointmentId === paid.appointmentId, 'the link to be restored');
    expectRepairedInTime(seededAt);
    expect(await repairs('booking', 'missing_appointment_link')).toBe(1);
    const report = (await admin.post('/admin/reconcile')).body;
    expect(report).toMatchObject({ booking: expect.any(Object), payments: expect.any(Object), appointments: expect.any(Object) });
    const nothingLeft = (r: Record<string, number>) => Object.values(r).every((n) => n === 0);
    expect([report.booking, report.payments, report.appointments].every(nothingLeft)).toBe(true);
  });
});
