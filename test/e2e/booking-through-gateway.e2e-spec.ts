import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, Json } from '../support/http-client';
import { freePort } from '../support/redis-server';
import { LONDON } from '../support/calendar';
import { TestSystem } from '../support/system';
import { eventually } from '../support/test-infra';

/**
 * Issue 3 acceptance, through the gateway: accounts, barbers, availability, slots and
 * bookings with holds, against real processes, PostgreSQL and Redis.
 */
describe('Booking through the gateway', () => {
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let booking: Client;
  let barberId: string;
  let haircut: { id: string }; // 30 minutes
  let longCut: { id: string }; // 60 minutes
  let customerCount = 0;

  const WEEKDAYS_9_TO_5 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
  // Working days derived from today in the barbers' zone (London), one per test that books.
  const [dayA, dayB, dayC, dayD, dayE, dayF, dayG] = LONDON.weekdays(7);
  // The next clock change of London, whichever way it goes; the slot horizon reaches past it.
  const clockChange = LONDON.nextClockChange()!;

  async function customer(): Promise<{ client: ApiClient; id: string }> {
    customerCount += 1;
    const email = `customer${customerCount}-${randomUUID().slice(0, 8)}@test.local`;
    const registered = await api.post('/auth/register', { email, password: 'correct-horse-1', name: `Customer ${customerCount}` });
    expect(registered.status).toBe(201);
    const login = await api.post('/auth/login', { email, password: 'correct-horse-1' });
    expect(login.status).toBe(200);
    return { client: api.as(login.body.accessToken), id: registered.body.id };
  }

  async function newBarber(name: string, weekly = WEEKDAYS_9_TO_5, slotMinutes = 30): Promise<string> {
    const created = await admin.post('/barbers', { name, timeZone: 'Europe/London' });
    expect(created.status).toBe(201);
    const availability = await admin.put(`/barbers/${created.body.id}/availability`, { slotMinutes, weekly });
    expect(availability.status).toBe(200);
    return created.body.id;
  }

  async function slotsOn(barber: string, date: string): Promise<Array<{ id: string; startsAt: string; endsAt: string; status: string }>> {
    const response = await api.get(`/barbers/${barber}/slots?date=${date}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** The slot starting at `localTime` London time on `date`. */
  async function slotAt(barber: string, date: string, localTime: string) {
    const slot = (await slotsOn(barber, date)).find((candidate) => candidate.startsAt === LONDON.at(date, localTime));
    if (!slot) throw new Error(`No slot at ${date} ${localTime} London time`);
    return slot;
  }

  async function barberAccount(forBarber: string): Promise<ApiClient> {
    const email = `barber-${randomUUID().slice(0, 8)}@test.local`;
    const created = await admin.post('/admin/users', { email, password: 'barber-password-1', name: 'Barber', role: 'barber', barberId: forBarber });
    expect(created.status).toBe(201);
    const login = await api.post('/auth/login', { email, password: 'barber-password-1' });
    return api.as(login.body.accessToken);
  }

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await booking.query<{ n: string }>(sql, params)).rows[0].n);

  beforeAll(async () => {
    system = await TestSystem.start(['booking', 'gateway'], {
      SLOT_HORIZON_DAYS: String(Math.max(30, LONDON.daysUntil(clockChange.after) + 7)),
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      HOLD_EXPIRY_INTERVAL_SECONDS: '1',
      BOOKING_HOLD_GRACE_SECONDS: '0',
    });
    api = new ApiClient(system.gatewayUrl);
    const login = await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    admin = api.as(login.body.accessToken);
    booking = new Client({ connectionString: system.databaseUrl('booking') });
    await booking.connect();
    barberId = await newBarber('Sam');
    haircut = (await admin.post('/services', { name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' })).body;
    longCut = (await admin.post('/services', { name: 'Cut and beard', durationMinutes: 60, priceCents: 4000, currency: 'gbp' })).body;
  }, 120_000);

  afterAll(async () => {
    await booking?.end();
    await system?.stop();
  });

  it('lets exactly one of 200 concurrent bookings of one slot win; the rest get 409 SLOT_UNAVAILABLE', async () => {
    const slot = await slotAt(barberId, dayA, '10:00');
    const customers = await Promise.all(Array.from({ length: 10 }, () => customer()));
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => customers[i % 10].client.post('/bookings', { slotId: slot.id, serviceId: haircut.id })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(199);
    expect(responses.filter((response) => response.status === 409).every((response) => response.body.code === 'SLOT_UNAVAILABLE')).toBe(true);
    expect(await count('SELECT count(*) AS n FROM booking_slots WHERE slot_id = $1 AND active', [slot.id])).toBe(1);
    expect(
      await count(
        `SELECT count(*) AS n FROM bookings b JOIN booking_slots s ON s.booking_id = b.id
          WHERE s.slot_id = $1 AND b.status IN ('pending_payment', 'confirmed')`,
        [slot.id],
      ),
    ).toBe(1);
    expect((await slotAt(barberId, dayA, '10:00')).status).toBe('held');
  });

  it('has the database refuse an overlapping active booking inserted with raw SQL', async () => {
    const { client } = await customer();
    const slot = await slotAt(barberId, dayA, '11:00');
    const created = await client.post('/bookings', { slotId: slot.id, serviceId: haircut.id });
    expect(created.status).toBe(201);
    // A copy of the booking under a new id: same barber, same time, still active.
    const insert = booking.query(
      `INSERT INTO bookings
       SELECT (jsonb_populate_record(NULL::bookings, to_jsonb(b) || jsonb_build_object('id', gen_random_uuid(), 'idempotency_key', NULL))).*
         FROM bookings b WHERE b.id = $1`,
      [created.body.id],
    );
    await expect(insert).rejects.toMatchObject({ code: '23P01' });
    // Another active booking claiming the same slot directly: the unique index over active slots refuses it.
    const other = await client.post('/bookings', { slotId: (await slotAt(barberId, dayA, '12:00')).id, serviceId: haircut.id });
    expect(other.status).toBe(201);
    const claim = booking.query(`INSERT INTO booking_slots (booking_id, slot_id, position, active) VALUES ($1, $2, 1, true)`, [
      other.body.id,
      slot.id,
    ]);
    await expect(claim).rejects.toMatchObject({ code: '23505' });
  });

  it('takes two consecutive slots for a 60-minute service, or none', async () => {
    const first = await customer();
    const second = await customer();
    const taken = await first.client.post('/bookings', { slotId: (await slotAt(barberId, dayB, '10:30')).id, serviceId: haircut.id });
    expect(taken.status).toBe(201);

    const refused = await second.client.post('/bookings', { slotId: (await slotAt(barberId, dayB, '10:00')).id, serviceId: longCut.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SLOT_UNAVAILABLE');
    expect((await slotAt(barberId, dayB, '10:00')).status).toBe('available');

    const both = await second.client.post('/bookings', { slotId: (await slotAt(barberId, dayB, '11:00')).id, serviceId: longCut.id });
    expect(both.status).toBe(201);
    expect(both.body).toMatchObject({ startsAt: LONDON.at(dayB, '11:00'), endsAt: LONDON.at(dayB, '12:00'), priceCents: 4000, status: 'pending_payment', paymentStatus: 'unpaid' });
    expect(both.body.slotIds).toHaveLength(2);
    expect((await slotAt(barberId, dayB, '11:00')).status).toBe('held');
    expect((await slotAt(barberId, dayB, '11:30')).status).toBe('held');

    const lastOfDay = await slotAt(barberId, dayB, '16:30');
    const doesNotFit = await second.client.post('/bookings', { slotId: lastOfDay.id, serviceId: longCut.id });
    expect(doesNotFit.status).toBe(422);
    expect(doesNotFit.body.code).toBe('SERVICE_DOES_NOT_FIT');
  });

  it('starts the day at 09:00 London time on both sides of the next clock change; no hours, no slots', async () => {
    const { before, after, between, offsetBefore, offsetAfter } = clockChange;
    expect(offsetBefore).not.toBe(offsetAfter);
    expect((await slotsOn(barberId, before))[0].startsAt).toBe(LONDON.at(before, '09:00'));
    expect((await slotsOn(barberId, after))[0].startsAt).toBe(LONDON.at(after, '09:00'));
    // 09:00 London is another UTC hour after the change: the grid follows the wall clock.
    expect(new Date(LONDON.at(after, '09:00')).getUTCHours()).not.toBe(new Date(LONDON.at(before, '09:00')).getUTCHours());
    expect(await slotsOn(barberId, after)).toHaveLength(16);
    expect(between.length).toBeGreaterThan(0);
    for (const day of between) expect(await slotsOn(barberId, day)).toEqual([]);
  });

  it('regenerates only free future slots when the template changes; held and booked ones stay', async () => {
    const barber = await newBarber('Alex');
    const { client } = await customer();
    const held = await slotAt(barber, dayC, '14:00');
    expect((await client.post('/bookings', { slotId: held.id, serviceId: haircut.id })).status).toBe(201);
    const booked = await slotAt(barber, dayC, '15:00');
    expect((await client.post('/bookings', { slotId: booked.id, serviceId: haircut.id })).status).toBe(201);
    // Paid bookings come with the payments issue: mark this one's slot booked directly.
    await booking.query(`UPDATE slots SET status = 'booked' WHERE id = $1`, [booked.id]);

    const changed = await admin.put(`/barbers/${barber}/availability`, {
      slotMinutes: 60,
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '10:00', end: '18:00' })),
    });
    expect(changed.status).toBe(200);

    const day = await slotsOn(barber, dayC);
    expect(day.find((slot) => slot.id === held.id)).toMatchObject({ status: 'held', startsAt: held.startsAt, endsAt: held.endsAt });
    expect(day.find((slot) => slot.id === booked.id)).toMatchObject({ status: 'booked' });
    expect(day.some((slot) => slot.startsAt === LONDON.at(dayC, '09:00'))).toBe(false);
    expect(day.find((slot) => slot.startsAt === LONDON.at(dayC, '10:00'))).toMatchObject({ endsAt: LONDON.at(dayC, '11:00'), status: 'available' });
    // The new hourly grid skips what would overlap the surviving held and booked slots.
    const overlapping = day.filter((slot) => slot.id !== held.id && slot.id !== booked.id && slot.startsAt < booked.endsAt && slot.endsAt > held.startsAt);
    expect(overlapping).toEqual([]);
  });

  it('returns the same booking for the same Idempotency-Key, holding the slot once', async () => {
    const { client, id } = await customer();
    const slot = await slotAt(barberId, dayD, '09:00');
    const key = `key-${randomUUID()}`;
    const first = await client.post('/bookings', { slotId: slot.id, serviceId: haircut.id }, { 'idempotency-key': key });
    const again = await client.post('/bookings', { slotId: slot.id, serviceId: haircut.id }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBeLessThan(300);
    expect(again.body.id).toBe(first.body.id);
    expect(await count('SELECT count(*) AS n FROM bookings WHERE customer_id = $1', [id])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM booking_slots WHERE slot_id = $1', [slot.id])).toBe(1);
  });

  it('expires a lapsed hold once, with two booking processes sweeping, and frees its slot', async () => {
    // A second booking process on the same databases and queues (its own RPC port; the gateway talks to the first).
    await system.startProcess('booking', { BOOKING_TCP_PORT: String(await freePort()) });
    const { client } = await customer();
    const slot = await slotAt(barberId, dayD, '13:00');
    const created = await client.post('/bookings', { slotId: slot.id, serviceId: haircut.id });
    expect(created.status).toBe(201);
    await booking.query(`UPDATE bookings SET hold_expires_at = $2 WHERE id = $1`, [created.body.id, new Date(Date.now() - 60_000)]);

    const expired = await eventually('the booking to expire', async () => {
      const current = await client.get(`/bookings/${created.body.id}`);
      return current.body.status === 'expired' ? current.body : undefined;
    });
    expect(expired.paymentStatus).toBe('unpaid');
    expect((await slotAt(barberId, dayD, '13:00')).status).toBe('available');
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE type = 'booking.expired' AND envelope->'payload'->>'bookingId' = $1`, [created.body.id])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM booking_slots WHERE slot_id = $1 AND active', [slot.id])).toBe(0);
  });

  it('lets a customer cancel their pending booking, freeing its slot', async () => {
    const { client } = await customer();
    const slot = await slotAt(barberId, dayE, '09:30');
    const created = await client.post('/bookings', { slotId: slot.id, serviceId: haircut.id });
    const cancelled = await client.post(`/bookings/${created.body.id}/cancel`, { reason: 'changed my mind' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: 'changed my mind' });
    expect((await slotAt(barberId, dayE, '09:30')).status).toBe('available');
    const again = await client.post(`/bookings/${created.body.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BOOKING_NOT_CANCELLABLE');
  });

  describe('authorization', () => {
    it('answers 401 to anonymous requests on protected endpoints', async () => {
      for (const [method, path] of [
        ['GET', '/me'],
        ['POST', '/bookings'],
        ['GET', '/bookings'],
        ['POST', '/barbers'],
        ['PUT', `/barbers/${barberId}/availability`],
        ['POST', '/services'],
        ['POST', '/admin/users'],
      ] as const) {
        const response = await api.request(method, path, method === 'GET' ? undefined : {});
        expect({ method, path, status: response.status, code: response.body.code }).toEqual({ method, path, status: 401, code: 'UNAUTHORIZED' });
      }
    });

    it("keeps customers out of other customers' bookings and out of availability", async () => {
      const owner = await customer();
      const other = await customer();
      const slot = await slotAt(barberId, dayE, '14:00');
      const created = await owner.client.post('/bookings', { slotId: slot.id, serviceId: haircut.id });
      expect((await owner.client.get(`/bookings/${created.body.id}`)).status).toBe(200);
      const peek = await other.client.get(`/bookings/${created.body.id}`);
      expect(peek.status).toBe(403);
      expect((await other.client.post(`/bookings/${created.body.id}/cancel`, {})).status).toBe(403);
      expect((await other.client.get('/bookings')).body.map((b: { id: string }) => b.id)).not.toContain(created.body.id);
      const availability = await other.client.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly: WEEKDAYS_9_TO_5 });
      expect(availability.status).toBe(403);
      expect((await owner.client.get(`/bookings/${created.body.id}`)).body.status).toBe('pending_payment');
    });

    it('lets a barber change only their own availability', async () => {
      const own = await newBarber('Jo');
      const barber = await barberAccount(own);
      expect((await barber.put(`/barbers/${own}/availability`, { slotMinutes: 30, weekly: WEEKDAYS_9_TO_5 })).status).toBe(200);
      const other = await barber.put(`/barbers/${barberId}/availability`, { slotMinutes: 60, weekly: [] });
      expect(other.status).toBe(403);
      expect((await slotsOn(barberId, dayF))).toHaveLength(16);
      expect((await barber.post(`/barbers/${barberId}/time-off`, { startsAt: LONDON.at(dayG, '09:00'), endsAt: LONDON.at(dayG, '10:00') })).status).toBe(403);
    });

    it('refuses admin-only endpoints to customers and barbers', async () => {
      const { client } = await customer();
      const barber = await barberAccount(barberId);
      for (const caller of [client, barber]) {
        expect((await caller.post('/barbers', { name: 'Nope', timeZone: 'Europe/London' })).status).toBe(403);
        expect((await caller.post('/services', { name: 'Nope', durationMinutes: 30, priceCents: 1, currency: 'gbp' })).status).toBe(403);
        expect((await caller.post('/admin/users', { email: 'x@test.local', password: 'password-123', name: 'X', role: 'admin' })).status).toBe(403);
      }
      expect((await barber.post('/bookings', { slotId: (await slotAt(barberId, dayF, '09:00')).id, serviceId: haircut.id })).status).toBe(403);
    });
  });

  it('answers bad input with a 4xx naming the problem, never a 500, and changes nothing', async () => {
    const { client } = await customer();
    const before = await Promise.all([
      count('SELECT count(*) AS n FROM bookings'),
      count('SELECT count(*) AS n FROM barbers'),
      count('SELECT count(*) AS n FROM services'),
      count(`SELECT count(*) AS n FROM slots WHERE status <> 'available'`),
    ]);
    const pastSlot = (await booking.query<{ id: string }>(`SELECT id FROM slots WHERE starts_at < now() ORDER BY starts_at DESC LIMIT 1`)).rows[0];
    const cases: Array<{ name: string; send: () => Promise<{ status: number; body: Json }>; status: number; code: string; mentions?: string }> = [
      { name: 'malformed id in path', send: () => client.get('/bookings/not-a-uuid'), status: 400, code: 'VALIDATION_FAILED', mentions: 'id' },
      { name: 'malformed slotId', send: () => client.post('/bookings', { slotId: '123', serviceId: haircut.id }), status: 400, code: 'VALIDATION_FAILED', mentions: 'slotId' },
      { name: 'unknown field', send: () => client.post('/bookings', { slotId: randomUUID(), serviceId: haircut.id, priceCents: 1 }), status: 400, code: 'VALIDATION_FAILED', mentions: 'priceCents' },
      { name: 'negative price', send: () => admin.post('/services', { name: 'Free money', durationMinutes: 30, priceCents: -100, currency: 'gbp' }), status: 400, code: 'VALIDATION_FAILED', mentions: 'priceCents' },
      { name: 'unknown time zone', send: () => admin.post('/barbers', { name: 'Zed', timeZone: 'Mars/Olympus_Mons' }), status: 400, code: '', mentions: 'timeZone' },
      { name: 'impossible date', send: () => api.get(`/barbers/${barberId}/slots?date=2026-02-30`), status: 400, code: '', mentions: 'date' },
      { name: 'unknown slot', send: () => client.post('/bookings', { slotId: randomUUID(), serviceId: haircut.id }), status: 404, code: 'SLOT_NOT_FOUND' },
      { name: 'unknown service', send: async () => client.post('/bookings', { slotId: (await slotAt(barberId, dayF, '10:00')).id, serviceId: randomUUID() }), status: 404, code: 'SERVICE_NOT_FOUND' },
      { name: 'slot in the past', send: () => client.post('/bookings', { slotId: pastSlot?.id ?? randomUUID(), serviceId: haircut.id }), status: pastSlot ? 422 : 404, code: pastSlot ? 'SLOT_IN_PAST' : 'SLOT_NOT_FOUND' },
      { name: 'oversized body', send: () => client.post('/bookings', { slotId: randomUUID(), serviceId: haircut.id, pad: 'x'.repeat(200_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
      { name: 'malformed JSON', send: () => client.request('POST', '/bookings', '{"slotId": ', { 'content-type': 'application/json' }), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'availability end before start', send: () => admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly: [{ weekday: 1, start: '17:00', end: '09:00' }] }), status: 400, code: '' },
      { name: 'weekday out of range', send: () => admin.put(`/barbers/${barberId}/availability`, { slotMinutes: 30, weekly: [{ weekday: 8, start: '09:00', end: '17:00' }] }), status: 400, code: 'VALIDATION_FAILED', mentions: 'weekday' },
      { name: 'time off ending before it starts', send: () => admin.post(`/barbers/${barberId}/time-off`, { startsAt: LONDON.at(dayG, '10:00'), endsAt: LONDON.at(dayG, '09:00') }), status: 400, code: '' },
      { name: 'limit over the maximum', send: () => admin.get('/bookings?limit=501'), status: 400, code: 'VALIDATION_FAILED', mentions: 'limit' },
    ];
    for (const testCase of cases) {
      const response = await testCase.send();
      const summary = { name: testCase.name, status: response.status };
      expect(summary).toEqual({ name: testCase.name, status: testCase.status });
      expect(typeof response.body.message).toBe('string');
      expect(response.body.statusCode).toBe(testCase.status);
      if (testCase.code) expect(response.body.code).toBe(testCase.code);
      if (testCase.mentions) expect(JSON.stringify(response.body)).toContain(testCase.mentions);
    }
    const after = await Promise.all([
      count('SELECT count(*) AS n FROM bookings'),
      count('SELECT count(*) AS n FROM barbers'),
      count('SELECT count(*) AS n FROM services'),
      count(`SELECT count(*) AS n FROM slots WHERE status <> 'available'`),
    ]);
    expect(after).toEqual(before);
  });

  it('answers 503 SERVICE_UNAVAILABLE quickly when the booking service is down', async () => {
    const bookingProcesses = system.processes.filter((running) => running.service === 'booking');
    for (const running of bookingProcesses) await system.stopProcess(running);
    const started = Date.now();
    const response = await api.get('/services');
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
