import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { LONDON } from '../support/calendar';
import { ApiClient, Json } from '../support/http-client';
import { SseStream } from '../support/sse';
import { TestSystem } from '../support/system';
import { eventually } from '../support/test-infra';

const WEBHOOK_SECRET = 'whsec_e2e_reschedule';
const PASSWORD = 'correct-horse-1';
/** Customers may move bookings until this many hours before the start (RESCHEDULE_WINDOW_HOURS). */
const WINDOW_HOURS = 200;

/**
 * Issue 17, DESIGN §6.7: moving a booking through the gateway against the real services
 * (booking, payments, appointments, gateway) and the Stripe stand-in — what moves, what is
 * refused with nothing changed, idempotent replays, and races with bookings, cancellations,
 * payments and hold expiry that must each end in one consistent state.
 */
describe('Rescheduling a booking (gateway, booking, payments, appointments, the Stripe stand-in)', () => {
  let stripe: StripeStandIn;
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let bookingDb: Client;
  let paymentsDb: Client;
  let barberId: string;
  let otherBarberId: string;
  let haircutId: string; // 30 minutes
  let longCutId: string; // 60 minutes
  let people = 0;
  // Inside the customers' window (at most ~5 days ahead) and well outside it (beyond 200 h).
  const nearDay = LONDON.weekday(2);
  const farDays = LONDON.weekdays(12, { daysAhead: 12 });

  async function customer(): Promise<ApiClient> {
    people += 1;
    const email = `mover${people}-${randomUUID().slice(0, 8)}@test.local`;
    expect((await api.post('/auth/register', { email, password: PASSWORD, name: `Mover ${people}` })).status).toBe(201);
    return api.as((await api.post('/auth/login', { email, password: PASSWORD })).body.accessToken);
  }

  async function slotAt(date: string, time: string, barber = barberId): Promise<Json> {
    const slots: Json[] = (await api.get(`/barbers/${barber}/slots?date=${date}`)).body;
    const slot = slots.find((candidate) => candidate.startsAt === LONDON.at(date, time));
    if (!slot) throw new Error(`no slot at ${date} ${time}`);
    return slot;
  }

  async function book(client: ApiClient, date: string, time: string, serviceId = haircutId): Promise<Json> {
    const response = await client.post('/bookings', { slotId: (await slotAt(date, time)).id, serviceId });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function paidBooking(client: ApiClient, date: string, time: string, serviceId = haircutId): Promise<Json> {
    const booking = await book(client, date, time, serviceId);
    await stripe.pay(booking.checkout.sessionId);
    return eventually('confirmed with its appointment', async () => {
      const current = (await client.get(`/bookings/${booking.id}`)).body;
      return current.status === 'confirmed' && current.appointmentId ? current : undefined;
    });
  }

  const move = (client: ApiClient, bookingId: string, date: string, time: string, key?: string) =>
    slotAt(date, time).then((slot) => client.post(`/bookings/${bookingId}/reschedule`, { slotId: slot.id }, key ? { 'idempotency-key': key } : {}));

  const statusAt = async (date: string, time: string): Promise<string> => (await slotAt(date, time)).status;

  /** Everything a refusal must leave alone: the booking row, its slots, the barber's slots, the outbox's reschedules. */
  async function snapshot(bookingId: string): Promise<unknown> {
    const booking = (await bookingDb.query('SELECT starts_at, ends_at, status, payment_status, hold_expires_at, rescheduled_from_starts_at FROM bookings WHERE id = $1', [bookingId])).rows[0];
    const slots = (await bookingDb.query('SELECT slot_id, active FROM booking_slots WHERE booking_id = $1 ORDER BY position', [bookingId])).rows;
    const taken = (await bookingDb.query(`SELECT id, status, booking_id FROM slots WHERE barber_id = $1 AND status IN ('held', 'booked') ORDER BY starts_at`, [barberId])).rows;
    const events = (await bookingDb.query(`SELECT count(*)::int AS n FROM outbox WHERE type = 'booking.rescheduled'`)).rows[0].n;
    return { booking, slots, taken, events };
  }

  function expectRefusal(response: { status: number; body: Json }, status: number, code: string): void {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.body.message).toEqual(expect.any(String));
  }

  /** DESIGN §10.1 over the whole database: no slot in two active bookings, no overlapping active bookings, slots and bookings agree. */
  async function expectConsistent(): Promise<void> {
    const doubled = await bookingDb.query(
      `SELECT slot_id FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id
        WHERE b.status IN ('pending_payment', 'confirmed') GROUP BY slot_id HAVING count(*) > 1`,
    );
    expect(doubled.rows).toEqual([]);
    const overlapping = await bookingDb.query(
      `SELECT a.id FROM bookings a JOIN bookings b ON a.barber_id = b.barber_id AND a.id < b.id
          AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        WHERE a.status IN ('pending_payment', 'confirmed') AND b.status IN ('pending_payment', 'confirmed')`,
    );
    expect(overlapping.rows).toEqual([]);
    // Each active booking owns exactly its listed slots, held while pending, booked once confirmed; nothing else holds a slot.
    const disagreeing = await bookingDb.query(
      `SELECT b.id, b.status FROM bookings b
        WHERE (b.status IN ('pending_payment', 'confirmed') AND EXISTS (
                 SELECT 1 FROM booking_slots bs LEFT JOIN slots s ON s.id = bs.slot_id
                  WHERE bs.booking_id = b.id AND (NOT bs.active OR s.booking_id IS DISTINCT FROM b.id
                        OR s.status <> CASE b.status WHEN 'confirmed' THEN 'booked' ELSE 'held' END)))
           OR (b.status IN ('expired', 'cancelled') AND EXISTS (SELECT 1 FROM slots s WHERE s.booking_id = b.id))
           OR EXISTS (SELECT 1 FROM slots s WHERE s.booking_id = b.id AND NOT EXISTS (
                 SELECT 1 FROM booking_slots bs WHERE bs.booking_id = b.id AND bs.slot_id = s.id AND bs.active))`,
    );
    expect(disagreeing.rows).toEqual([]);
    // The booking's times are its slots' times.
    const misTimed = await bookingDb.query(
      `SELECT b.id FROM bookings b JOIN LATERAL (
           SELECT min(s.starts_at) AS starts_at, max(s.ends_at) AS ends_at FROM booking_slots bs JOIN slots s ON s.id = bs.slot_id
            WHERE bs.booking_id = b.id AND bs.active) t ON true
        WHERE b.status IN ('pending_payment', 'confirmed') AND (t.starts_at <> b.starts_at OR t.ends_at <> b.ends_at)`,
    );
    expect(misTimed.rows).toEqual([]);
  }

  beforeAll(async () => {
    stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, port: 0, webhookRetry: { attempts: 1 } });
    system = await TestSystem.start(['booking', 'payments', 'appointments', 'gateway'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      SLOT_HORIZON_DAYS: '40',
      RESCHEDULE_WINDOW_HOURS: String(WINDOW_HOURS),
      BOOKING_MIN_NOTICE_MINUTES: '60',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      HOLD_EXPIRY_INTERVAL_SECONDS: '1',
      BOOKING_HOLD_GRACE_SECONDS: '0',
    });
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    api = new ApiClient(system.gatewayUrl);
    admin = api.as((await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD })).body.accessToken);
    bookingDb = new Client({ connectionString: system.databaseUrl('booking') });
    paymentsDb = new Client({ connectionString: system.databaseUrl('payments') });
    await Promise.all([bookingDb.connect(), paymentsDb.connect()]);
    const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    barberId = (await admin.post('/barbers', { name: 'Morgan', timeZone: 'Europe/London' })).body.id;
    otherBarberId = (await admin.post('/barbers', { name: 'Alex', timeZone: 'Europe/London' })).body.id;
    for (const id of [barberId, otherBarberId]) expect((await admin.put(`/barbers/${id}/availability`, { slotMinutes: 30, weekly })).status).toBe(200);
    haircutId = (await admin.post('/services', { name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' })).body.id;
    longCutId = (await admin.post('/services', { name: 'Cut and beard', durationMinutes: 60, priceCents: 4000, currency: 'gbp' })).body.id;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([bookingDb?.end(), paymentsDb?.end()]);
    await system?.stop();
    await stripe?.close();
  });

  afterEach(async () => {
    await expectConsistent();
  });

  it('moves a paid booking: the new slot booked, the old one free, no Stripe call, the appointment and every live feed follow', async () => {
    const [day] = farDays;
    const client = await customer();
    const booking = await paidBooking(client, day, '10:00');
    const bookingFeed = await SseStream.open(`${system.gatewayUrl}/bookings/${booking.id}/live`, client.token);
    const slotFeed = await SseStream.open(`${system.gatewayUrl}/barbers/${barberId}/slots/live`);
    const dayFeed = await SseStream.open(`${system.gatewayUrl}/barbers/${barberId}/appointments/live`, admin.token);
    const stripeCalls = stripe.requests().length;
    const newSlot = await slotAt(day, '14:30');

    const moved = await client.post(`/bookings/${booking.id}/reschedule`, { slotId: newSlot.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: booking.id,
      status: 'confirmed',
      paymentStatus: 'paid',
      priceCents: 2500,
      slotIds: [newSlot.id],
      startsAt: LONDON.at(day, '14:30'),
      endsAt: LONDON.at(day, '15:00'),
      rescheduledFrom: { startsAt: LONDON.at(day, '10:00'), endsAt: LONDON.at(day, '10:30') },
      appointmentId: booking.appointmentId,
    });
    expect([await statusAt(day, '14:30'), await statusAt(day, '10:00')]).toEqual(['booked', 'available']);
    expect(stripe.requests().length).toBe(stripeCalls);

    await eventually('the appointment at its new time', async () => {
      const appointment = (await client.get(`/appointments/${booking.appointmentId}`)).body;
      return appointment.startsAt === LONDON.at(day, '14:30') && appointment.status === 'paid';
    });
    const pushed = await bookingFeed.next((m) => m.event === 'booking.updated' && m.data.startsAt === LONDON.at(day, '14:30'), 'the booking moved');
    expect(pushed.data).toMatchObject({ id: booking.id, status: 'confirmed', rescheduledFrom: { startsAt: LONDON.at(day, '10:00') } });
    await slotFeed.next((m) => m.data.id === newSlot.id && m.data.status === 'booked', 'the new slot booked');
    await slotFeed.next((m) => m.data.id === booking.slotIds[0] && m.data.status === 'available', 'the old slot free');
    await dayFeed.next((m) => m.event === 'appointment.updated' && m.data.startsAt === LONDON.at(day, '14:30'), "the barber's day moved");
    for (const feed of [bookingFeed, slotFeed, dayFeed]) feed.close();
  });

  it('moves a pending booking: held at its new time with the same hold end, and paying it confirms that time', async () => {
    const [, day] = farDays;
    const client = await customer();
    const booking = await book(client, day, '09:00');
    const moved = await move(client, booking.id, day, '11:00');
    expect(moved.body).toMatchObject({ status: 'pending_payment', startsAt: LONDON.at(day, '11:00'), holdExpiresAt: booking.holdExpiresAt });
    expect([await statusAt(day, '11:00'), await statusAt(day, '09:00')]).toEqual(['held', 'available']);

    await stripe.pay(booking.checkout.sessionId);
    const confirmed = await eventually('confirmed', async () => {
      const current = (await client.get(`/bookings/${booking.id}`)).body;
      return current.status === 'confirmed' ? current : undefined;
    });
    expect(confirmed.startsAt).toBe(LONDON.at(day, '11:00'));
    expect(await statusAt(day, '11:00')).toBe('booked');
  });

  it('moves a 60-minute booking by half an hour onto its own second slot, and back', async () => {
    const [, , day] = farDays;
    const client = await customer();
    const booking = await paidBooking(client, day, '13:00', longCutId);
    const later = await move(client, booking.id, day, '13:30');
    expect(later.body).toMatchObject({ startsAt: LONDON.at(day, '13:30'), endsAt: LONDON.at(day, '14:30') });
    expect(later.body.slotIds[0]).toBe(booking.slotIds[1]);
    expect([await statusAt(day, '13:00'), await statusAt(day, '13:30'), await statusAt(day, '14:00')]).toEqual(['available', 'booked', 'booked']);
    const back = await move(client, booking.id, day, '13:00');
    expect(back.body.slotIds).toEqual(booking.slotIds);
    expect(back.body.rescheduledFrom).toEqual({ startsAt: LONDON.at(day, '13:30'), endsAt: LONDON.at(day, '14:30') });
  });

  it('refuses, changing nothing: a taken time, another barber, too soon, the past, no room, a lapsed or ended booking, a customer inside the window', async () => {
    const [, , , day] = farDays;
    const client = await customer();
    const stranger = await customer();
    const booking = await paidBooking(client, day, '10:00');
    await book(stranger, day, '11:00');
    const lastOfDay = await slotAt(day, '16:30');
    const before = await snapshot(booking.id);

    expectRefusal(await move(client, booking.id, day, '11:00'), 409, 'SLOT_UNAVAILABLE');
    expectRefusal(await client.post(`/bookings/${booking.id}/reschedule`, { slotId: (await slotAt(day, '12:00', otherBarberId)).id }), 409, 'SLOT_UNAVAILABLE');
    expectRefusal(await client.post(`/bookings/${booking.id}/reschedule`, { slotId: randomUUID() }), 404, 'SLOT_NOT_FOUND');
    expectRefusal(await client.post(`/bookings/${booking.id}/reschedule`, { slotId: 'nope' }), 400, 'VALIDATION_FAILED');
    expectRefusal(await client.post(`/bookings/${randomUUID()}/reschedule`, { slotId: lastOfDay.id }), 404, 'BOOKING_NOT_FOUND');
    expectRefusal(await stranger.post(`/bookings/${booking.id}/reschedule`, { slotId: lastOfDay.id }), 403, 'FORBIDDEN');
    // Slots starting in 30 minutes and 30 minutes ago, seeded from the test's (= the services') clock.
    const soon = await seedSlot(Date.now() + 30 * 60_000);
    const past = await seedSlot(Date.now() - 30 * 60_000);
    expectRefusal(await client.post(`/bookings/${booking.id}/reschedule`, { slotId: soon }), 422, 'SLOT_TOO_SOON');
    expectRefusal(await client.post(`/bookings/${booking.id}/reschedule`, { slotId: past }), 422, 'SLOT_IN_PAST');
    expectRefusal(await (await customer()).post('/bookings', { slotId: soon, serviceId: haircutId }), 422, 'SLOT_TOO_SOON');
    expect(await snapshot(booking.id)).toEqual(before);

    const long = await paidBooking(client, day, '14:00', longCutId);
    const longBefore = await snapshot(long.id);
    expectRefusal(await client.post(`/bookings/${long.id}/reschedule`, { slotId: lastOfDay.id }), 422, 'SERVICE_DOES_NOT_FIT');
    expect(await snapshot(long.id)).toEqual(longBefore);

    const cancelled = await paidBooking(client, day, '09:00');
    expect((await client.post(`/bookings/${cancelled.id}/cancel`, {})).status).toBe(200);
    expectRefusal(await client.post(`/bookings/${cancelled.id}/reschedule`, { slotId: lastOfDay.id }), 409, 'BOOKING_NOT_RESCHEDULABLE');

    const lapsing = await book(client, day, '15:00');
    await bookingDb.query('UPDATE bookings SET hold_expires_at = $2 WHERE id = $1', [lapsing.id, new Date(Date.now() - 1000)]);
    const lapsed = await client.post(`/bookings/${lapsing.id}/reschedule`, { slotId: lastOfDay.id });
    expectRefusal(lapsed, 409, 'BOOKING_NOT_RESCHEDULABLE');
    // Refused as a lapsed hold, or as expired once the sweep (every second) got there first.
    expect(lapsed.body.message).toMatch(/hold|expired/);

    const soonBooking = await paidBooking(client, nearDay, '10:00');
    const inside = await move(client, soonBooking.id, nearDay, '12:00');
    expectRefusal(inside, 409, 'BOOKING_NOT_RESCHEDULABLE');
    expect(inside.body.message).toContain(`${WINDOW_HOURS} hours`);
    expect(await statusAt(nearDay, '10:00')).toBe('booked');
    // Its barber (here the admin) may still move it.
    expect((await move(admin, soonBooking.id, nearDay, '12:00')).body).toMatchObject({ startsAt: LONDON.at(nearDay, '12:00'), status: 'confirmed' });
  });

  it('answers a repeated Idempotency-Key with the same booking, moved once; the key with another slot is refused', async () => {
    const [, , , , day] = farDays;
    const client = await customer();
    const booking = await paidBooking(client, day, '10:00');
    const key = `move-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => move(client, booking.id, day, '15:00', key)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.startsAt))).toEqual(new Set([LONDON.at(day, '15:00')]));
    const events = await bookingDb.query(`SELECT count(*)::int AS n FROM outbox WHERE type = 'booking.rescheduled' AND envelope->'payload'->>'bookingId' = $1`, [booking.id]);
    expect(events.rows[0].n).toBe(1);
    expectRefusal(await move(client, booking.id, day, '16:00', key), 409, 'IDEMPOTENCY_KEY_REUSED');
    expect(await statusAt(day, '16:00')).toBe('available');
  });

  it('lets exactly one of 10 bookings racing to move into one free slot win', async () => {
    const [, , , , , day] = farDays;
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30'];
    const bookings = await Promise.all(
      times.map(async (time) => {
        const client = await customer();
        return { client, booking: await book(client, day, time) };
      }),
    );
    const target = await slotAt(day, '16:00');
    const answers = await Promise.all(bookings.map(({ client, booking }) => client.post(`/bookings/${booking.id}/reschedule`, { slotId: target.id })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.body.code === 'SLOT_UNAVAILABLE')).toBe(true);
    const winner = answers.find((answer) => answer.status === 200)!.body;
    expect((await slotAt(day, '16:00')).status).toBe('held');
    expect(winner.slotIds).toEqual([target.id]);
  });

  it('serialises 5 moves of one booking at once: it ends at one of their times and the other targets stay free', async () => {
    const [, , , , , , day] = farDays;
    const client = await customer();
    const booking = await paidBooking(client, day, '09:00');
    const targets = await Promise.all(['11:00', '12:00', '13:00', '14:00', '15:00'].map((time) => slotAt(day, time)));
    const answers = await Promise.all(targets.map((slot) => client.post(`/bookings/${booking.id}/reschedule`, { slotId: slot.id })));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const final = (await client.get(`/bookings/${booking.id}`)).body;
    const landed = targets.filter((slot) => final.slotIds[0] === slot.id);
    expect(landed).toHaveLength(1);
    const statuses = await Promise.all(['09:00', '11:00', '12:00', '13:00', '14:00', '15:00'].map((time) => statusAt(day, time)));
    expect(statuses.filter((status) => status === 'booked')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'available')).toHaveLength(5);
  });

  it('ends every race of a move with a cancellation, a payment webhook or the hold lapsing in one consistent state (20 rounds each)', async () => {
    const days = LONDON.weekdays(6, { daysAhead: 26 });
    const rounds: Record<string, Record<string, number>> = { cancellation: {}, payment: {}, expiry: {} };
    const tally = (race: string, outcome: string) => (rounds[race][outcome] = (rounds[race][outcome] ?? 0) + 1);
    for (let round = 0; round < 20; round += 1) {
      const day = days[round % days.length];
      const [from, to] = [`${String(9 + (round % 4) * 2).padStart(2, '0')}:00`, `${String(9 + (round % 4) * 2).padStart(2, '0')}:30`];
      const client = await customer();
      const target = (await slotAt(day, to)).id;
      const moveTo = (bookingId: string) => client.post(`/bookings/${bookingId}/reschedule`, { slotId: target });

      // A move racing the customer's own cancellation of a paid booking.
      const paid = await paidBooking(client, day, from);
      const [moved, cancelled] = await Promise.all([moveTo(paid.id), client.post(`/bookings/${paid.id}/cancel`, {})]);
      tally('cancellation', `move ${moved.status} / cancel ${cancelled.status}`);
      const afterCancel = (await client.get(`/bookings/${paid.id}`)).body;
      expect(afterCancel.status).toBe('cancelled');
      expect([await statusAt(day, from), await statusAt(day, to)]).toEqual(['available', 'available']);

      // A move racing the payment of a pending booking (the webhook through payments).
      const pending = await book(client, day, from);
      const [movedPending] = await Promise.all([moveTo(pending.id), stripe.pay(pending.checkout.sessionId)]);
      tally('payment', `move ${movedPending.status}`);
      const confirmed = await eventually('paid and confirmed', async () => {
        const current = (await client.get(`/bookings/${pending.id}`)).body;
        return current.status === 'confirmed' ? current : undefined;
      });
      expect((await slotAt(day, movedPending.status === 200 ? to : from)).status).toBe('booked');
      expect(confirmed.startsAt).toBe(LONDON.at(day, movedPending.status === 200 ? to : from));
      expect((await client.post(`/bookings/${pending.id}/cancel`, {})).status).toBe(200);

      // A move racing the hold lapsing (the sweep runs every second; the hold ends now).
      const lapsing = await book(client, day, from);
      await bookingDb.query('UPDATE bookings SET hold_expires_at = $2 WHERE id = $1', [lapsing.id, new Date(Date.now() + 20 + (round % 5) * 40)]);
      const [movedLapsing] = await Promise.all([moveTo(lapsing.id), admin.post('/admin/reconcile')]);
      tally('expiry', `move ${movedLapsing.status}`);
      const settled = await eventually('expired by the sweep', async () => {
        const current = (await client.get(`/bookings/${lapsing.id}`)).body;
        return current.status === 'expired' ? current : undefined;
      });
      expect(settled.paymentStatus).toBe('unpaid');
      expect([await statusAt(day, from), await statusAt(day, to)]).toEqual(['available', 'available']);
      await expectConsistent();
    }
    // Money is never kept for a booking that is not confirmed: every captured payment's booking is confirmed or refunded.
    const kept = await paymentsDb.query(`SELECT booking_id FROM payments WHERE status = 'succeeded'`);
    for (const { booking_id: bookingId } of kept.rows) {
      const booking = (await admin.get(`/bookings/${bookingId}`)).body;
      expect(booking.status === 'confirmed' || ['refund_pending', 'refunded'].includes(booking.paymentStatus)).toBe(true);
    }
    console.log(`reschedule races, 20 rounds each: ${JSON.stringify(rounds)}`);
  });

  /** A free slot of the barber at `startsMs` (sooner than the notice, or already begun), in place of free grid slots there. */
  async function seedSlot(startsMs: number): Promise<string> {
    const id = randomUUID();
    const start = new Date(startsMs - (startsMs % 60_000));
    const end = new Date(start.getTime() + 30 * 60_000);
    await bookingDb.query(
      `DELETE FROM slots WHERE barber_id = $1 AND status = 'available' AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)`,
      [barberId, start, end],
    );
    await bookingDb.query(
      `INSERT INTO slots (id, barber_id, starts_at, ends_at, status, created_at, updated_at) VALUES ($1, $2, $3, $4, 'available', $5, $5)`,
      [id, barberId, start, end, new Date()],
    );
    return id;
  }
});
