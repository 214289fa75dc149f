import { randomUUID } from 'node:crypto';
import * as ical from 'node-ical';
import { Client } from 'pg';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { LONDON, ShopCalendar } from '../support/calendar';
import { ApiClient, Json } from '../support/http-client';
import { TestSystem } from '../support/system';
import { eventually } from '../support/test-infra';

const WEBHOOK_SECRET = 'whsec_e2e_management';
const PASSWORD = 'correct-horse-1';
const NEW_YORK = new ShopCalendar('America/New_York');
const WEEKDAYS_9_TO_5 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/**
 * Issue 16, the management API through the gateway against the real services (booking,
 * payments, appointments, the Stripe stand-in): every endpoint's authorization, its refusals of
 * bad input with nothing changed, and what each change does to slots, bookings and calendars.
 */
describe('Running the shop through the API (barbers, hours, time off, services, staff, calendars)', () => {
  let stripe: StripeStandIn;
  let system: TestSystem;
  let api: ApiClient;
  let admin: ApiClient;
  let bookingDb: Client;
  let people = 0;
  const [dayA, dayB, dayC, dayD, dayE] = LONDON.weekdays(5);

  async function customer(name = 'Casey'): Promise<{ client: ApiClient; id: string; name: string }> {
    people += 1;
    const email = `customer${people}-${randomUUID().slice(0, 8)}@test.local`;
    const registered = await api.post('/auth/register', { email, password: PASSWORD, name });
    expect(registered.status).toBe(201);
    const login = await api.post('/auth/login', { email, password: PASSWORD });
    return { client: api.as(login.body.accessToken), id: registered.body.id, name };
  }

  async function barberAccount(barberId: string): Promise<{ client: ApiClient; id: string; email: string }> {
    const email = `barber-${randomUUID().slice(0, 8)}@test.local`;
    const created = await admin.post('/admin/users', { email, password: PASSWORD, name: 'Barber account', role: 'barber', barberId });
    expect(created.status).toBe(201);
    const login = await api.post('/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    return { client: api.as(login.body.accessToken), id: created.body.id, email };
  }

  async function newBarber(name: string, timeZone = 'Europe/London', weekly = WEEKDAYS_9_TO_5): Promise<string> {
    const created = await admin.post('/barbers', { name, timeZone });
    expect(created.status).toBe(201);
    expect((await admin.put(`/barbers/${created.body.id}/availability`, { slotMinutes: 30, weekly })).status).toBe(200);
    return created.body.id;
  }

  async function newService(name: string, priceCents = 2500, durationMinutes = 30): Promise<Json> {
    const created = await admin.post('/services', { name, durationMinutes, priceCents, currency: 'gbp' });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function slotsOn(barberId: string, date: string): Promise<Json[]> {
    const response = await api.get(`/barbers/${barberId}/slots?date=${date}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function slotAt(barberId: string, date: string, localTime: string, calendar = LONDON): Promise<Json> {
    const slot = (await slotsOn(barberId, date)).find((candidate) => candidate.startsAt === calendar.at(date, localTime));
    if (!slot) throw new Error(`no slot at ${date} ${localTime} ${calendar.zone}`);
    return slot;
  }

  async function book(client: ApiClient, barberId: string, serviceId: string, date: string, time: string, calendar = LONDON): Promise<Json> {
    const response = await client.post('/bookings', { slotId: (await slotAt(barberId, date, time, calendar)).id, serviceId });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function pay(client: ApiClient, booking: Json): Promise<Json> {
    await stripe.pay(booking.checkout.sessionId);
    return eventually('the booking to be confirmed', async () => {
      const current = (await client.get(`/bookings/${booking.id}`)).body;
      return current.status === 'confirmed' && current.appointmentId ? current : undefined;
    });
  }

  const slotTable = async (barberId: string): Promise<Json[]> =>
    (await bookingDb.query('SELECT id, starts_at, ends_at, status, booking_id FROM slots WHERE barber_id = $1 ORDER BY starts_at', [barberId])).rows;

  /** The VEVENTs of an iCalendar document, parsed by node-ical. */
  const eventsOf = (body: unknown): ical.VEvent[] =>
    Object.values(ical.sync.parseICS(String(body))).filter((entry): entry is ical.VEvent => entry?.type === 'VEVENT');

  function expectError(response: { status: number; body: Json }, status: number, code: string, mentions?: string): void {
    expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
    expect(typeof response.body.message).toBe('string');
    if (mentions) expect(JSON.stringify(response.body)).toContain(mentions);
  }

  beforeAll(async () => {
    stripe = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, port: 0, webhookRetry: { attempts: 1 } });
    system = await TestSystem.start(['booking', 'payments', 'appointments', 'gateway'], {
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      SLOT_HORIZON_DAYS: '21',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
    });
    const payments = system.processes.find((running) => running.service === 'payments')!;
    stripe.setWebhookUrl(`http://127.0.0.1:${payments.httpPort}/webhooks/stripe`);
    api = new ApiClient(system.gatewayUrl);
    const login = await api.post('/auth/login', { email: system.env.ADMIN_EMAIL, password: system.env.ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    admin = api.as(login.body.accessToken);
    bookingDb = new Client({ connectionString: system.databaseUrl('booking') });
    await bookingDb.connect();
  }, 180_000);

  afterAll(async () => {
    await bookingDb?.end();
    await system?.stop();
    await stripe?.close();
  });

  describe('barbers', () => {
    it('lets only an admin edit a barber; bad input is a 4xx naming the field and changes nothing', async () => {
      const barberId = await newBarber('Robin');
      const own = await barberAccount(barberId);
      const { client: someone } = await customer();
      const before = (await api.get(`/barbers/${barberId}`)).body;

      expectError(await api.patch(`/barbers/${barberId}`, { name: 'X' }), 401, 'UNAUTHORIZED');
      expectError(await someone.patch(`/barbers/${barberId}`, { name: 'X' }), 403, 'FORBIDDEN');
      expectError(await own.client.patch(`/barbers/${barberId}`, { name: 'X' }), 403, 'FORBIDDEN');
      expectError(await admin.patch(`/barbers/${barberId}`, { timeZone: 'Mars/Olympus' }), 400, 'VALIDATION_FAILED', 'timeZone');
      expectError(await admin.patch(`/barbers/${barberId}`, { name: '' }), 400, 'VALIDATION_FAILED', 'name');
      expectError(await admin.patch(`/barbers/${barberId}`, { active: 'no' }), 400, 'VALIDATION_FAILED', 'active');
      expectError(await admin.patch(`/barbers/${barberId}`, { rating: 5 }), 400, 'VALIDATION_FAILED', 'rating');
      expectError(await admin.patch(`/barbers/${barberId}`, {}), 400, 'VALIDATION_FAILED');
      expectError(await admin.patch('/barbers/not-a-uuid', { name: 'X' }), 400, 'VALIDATION_FAILED');
      expectError(await admin.patch(`/barbers/${randomUUID()}`, { name: 'X' }), 404, 'BARBER_NOT_FOUND');
      expect((await api.get(`/barbers/${barberId}`)).body).toEqual(before);

      const renamed = await admin.patch(`/barbers/${barberId}`, { name: 'Robin B.', description: 'Fades and beards' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ ...before, name: 'Robin B.', description: 'Fades and beards' });
      expect((await api.get(`/barbers/${barberId}`)).body).toEqual(renamed.body);
    });

    it('hides a deactivated barber from customers and refuses their new bookings; existing bookings stay; reactivating restores them', async () => {
      const barberId = await newBarber('Drew');
      const own = await barberAccount(barberId);
      const service = await newService(`Cut ${randomUUID().slice(0, 6)}`);
      const { client } = await customer();
      const existing = await book(client, barberId, service.id, dayA, '10:00');

      const deactivated = await admin.patch(`/barbers/${barberId}`, { active: false });
      expect(deactivated.body).toMatchObject({ id: barberId, active: false });
      expect(((await api.get('/barbers')).body as Json[]).map((barber) => barber.id)).not.toContain(barberId);
      expectError(await api.get(`/barbers/${barberId}`), 404, 'BARBER_NOT_FOUND');
      expectError(await client.get(`/barbers/${barberId}`), 404, 'BARBER_NOT_FOUND');
      expect((await admin.get(`/barbers/${barberId}`)).body).toMatchObject({ active: false });
      expect((await own.client.get(`/barbers/${barberId}`)).body).toMatchObject({ active: false });
      const everyone = await admin.get('/barbers?includeInactive=true');
      expect(everyone.body).toContainEqual(deactivated.body);
      expectError(await client.get('/barbers?includeInactive=true'), 403, 'FORBIDDEN');
      expectError(await api.get('/barbers?includeInactive=true'), 401, 'UNAUTHORIZED');
      expectError(await admin.get('/barbers?includeInactive=maybe'), 400, 'VALIDATION_FAILED', 'includeInactive');

      const free = (await bookingDb.query(`SELECT id FROM slots WHERE barber_id = $1 AND status = 'available' ORDER BY starts_at LIMIT 1`, [barberId])).rows[0];
      const refused = await client.post('/bookings', { slotId: free.id, serviceId: service.id });
      expectError(refused, 409, 'BARBER_INACTIVE', 'Drew');
      expect((await client.get(`/bookings/${existing.id}`)).body).toMatchObject({ id: existing.id, status: 'pending_payment' });

      expect((await admin.patch(`/barbers/${barberId}`, { active: true })).body).toMatchObject({ active: true });
      expect((await client.post('/bookings', { slotId: free.id, serviceId: service.id })).status).toBe(201);
    });

    it("moves a barber's free hours to their new time zone's clock and leaves a held slot where it is", async () => {
      const barberId = await newBarber('Kit', 'Europe/London');
      const service = await newService(`Trim ${randomUUID().slice(0, 6)}`);
      const { client } = await customer();
      const held = await book(client, barberId, service.id, dayB, '09:00');

      const moved = await admin.patch(`/barbers/${barberId}`, { timeZone: 'America/New_York' });
      expect(moved.body).toMatchObject({ timeZone: 'America/New_York' });
      const day = await slotsOn(barberId, dayB);
      const free = day.filter((slot) => slot.status === 'available');
      expect(free[0].startsAt).toBe(NEW_YORK.at(dayB, '09:00'));
      expect(free.at(-1).endsAt).toBe(NEW_YORK.at(dayB, '17:00'));
      // The customer's hold keeps its time (an instant they chose), now shown in the barber's new zone.
      const stillHeld = (await bookingDb.query('SELECT starts_at, status FROM slots WHERE id = $1', [held.slotIds[0]])).rows[0];
      expect({ startsAt: stillHeld.starts_at.toISOString(), status: stillHeld.status }).toEqual({ startsAt: LONDON.at(dayB, '09:00'), status: 'held' });
    });
  });

  describe('weekly hours', () => {
    it('reads the template back, for anyone; a barber with no hours has an empty week', async () => {
      const barberId = await newBarber('Ash', 'Europe/London', [{ weekday: 2, start: '10:00', end: '14:00' }]);
      expect((await api.get(`/barbers/${barberId}/availability`)).body).toEqual({
        barberId,
        slotMinutes: 30,
        weekly: [{ weekday: 2, start: '10:00', end: '14:00' }],
      });
      const bare = (await admin.post('/barbers', { name: 'New', timeZone: 'Europe/London' })).body;
      expect((await api.get(`/barbers/${bare.id}/availability`)).body).toEqual({ barberId: bare.id, slotMinutes: 30, weekly: [] });
      expectError(await api.get(`/barbers/${randomUUID()}/availability`), 404, 'BARBER_NOT_FOUND');
    });

    it('previews a change without making it (keeping a booked slot), and saving then does exactly what the preview said', async () => {
      const barberId = await newBarber('Lee');
      const own = await barberAccount(barberId);
      const other = await barberAccount(await newBarber('Other'));
      const service = await newService(`Fade ${randomUUID().slice(0, 6)}`);
      const { client } = await customer();
      const paid = await pay(client, await book(client, barberId, service.id, dayC, '16:00'));
      const afternoonsOff = { slotMinutes: 30, weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })) };

      expectError(await client.post(`/barbers/${barberId}/availability/preview`, afternoonsOff), 403, 'FORBIDDEN');
      expectError(await other.client.post(`/barbers/${barberId}/availability/preview`, afternoonsOff), 403, 'FORBIDDEN');
      expectError(
        await own.client.post(`/barbers/${barberId}/availability/preview`, { slotMinutes: 30, weekly: [{ weekday: 8, start: '09:00', end: '12:00' }] }),
        400,
        'VALIDATION_FAILED',
        'weekday',
      );
      const before = await slotTable(barberId);
      const preview = await own.client.post(`/barbers/${barberId}/availability/preview`, afternoonsOff);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ barberId, slotsAdded: 0, heldOrBookedKept: 1 });
      expect(preview.body.slotsRemoved).toBeGreaterThan(0);
      expect(preview.body.days).toContainEqual({ date: dayC, added: 0, removed: 9, kept: 1 });
      expect(await slotTable(barberId)).toEqual(before);
      expect((await api.get(`/barbers/${barberId}/availability`)).body.weekly).toEqual(WEEKDAYS_9_TO_5);

      const saved = await own.client.put(`/barbers/${barberId}/availability`, afternoonsOff);
      expect(saved.body).toMatchObject({ slotsCreated: preview.body.slotsAdded, slotsRemoved: preview.body.slotsRemoved });
      expect((await slotAt(barberId, dayC, '16:00')).status).toBe('booked');
      expect((await client.get(`/bookings/${paid.id}`)).body).toMatchObject({ status: 'confirmed', startsAt: LONDON.at(dayC, '16:00') });
    });
  });

  describe('time off', () => {
    it('lists, refuses time off over a booking by naming it, and removing time off reopens its slots', async () => {
      const barberId = await newBarber('Noor');
      const own = await barberAccount(barberId);
      const other = await barberAccount(await newBarber('Someone else'));
      const service = await newService(`Shave ${randomUUID().slice(0, 6)}`);
      const { client } = await customer('Morgan');
      const held = await book(client, barberId, service.id, dayD, '11:00');

      const overBooking = await own.client.post(`/barbers/${barberId}/time-off`, {
        startsAt: LONDON.at(dayD, '10:00'),
        endsAt: LONDON.at(dayD, '12:00'),
        reason: 'Dentist',
      });
      expectError(overBooking, 409, 'SLOT_BOOKED');
      expect(overBooking.body.message).toContain("Morgan's unpaid hold");
      expect(overBooking.body.message).toContain('11:00–11:30');
      expect(overBooking.body.message).toContain(held.id);
      expect((await own.client.get(`/barbers/${barberId}/time-off`)).body).toEqual([]);

      const morning = await own.client.post(`/barbers/${barberId}/time-off`, { startsAt: LONDON.at(dayE, '09:00'), endsAt: LONDON.at(dayE, '12:00') });
      const lateMorning = await admin.post(`/barbers/${barberId}/time-off`, { startsAt: LONDON.at(dayE, '11:00'), endsAt: LONDON.at(dayE, '13:00'), reason: 'Training' });
      expect([morning.status, lateMorning.status]).toEqual([201, 201]);
      expect(morning.body.blockedSlots).toBe(6);
      const listed = await own.client.get(`/barbers/${barberId}/time-off`);
      expect(listed.body.map((period: Json) => [period.id, period.startsAt, period.reason])).toEqual([
        [morning.body.id, LONDON.at(dayE, '09:00'), null],
        [lateMorning.body.id, LONDON.at(dayE, '11:00'), 'Training'],
      ]);
      expect((await admin.get(`/barbers/${barberId}/time-off`)).status).toBe(200);
      expectError(await client.get(`/barbers/${barberId}/time-off`), 403, 'FORBIDDEN');
      expectError(await other.client.get(`/barbers/${barberId}/time-off`), 403, 'FORBIDDEN');
      expectError(await other.client.delete(`/barbers/${barberId}/time-off/${morning.body.id}`), 403, 'FORBIDDEN');
      expectError(await own.client.delete(`/barbers/${barberId}/time-off/not-a-uuid`), 400, 'VALIDATION_FAILED');
      expectError(await own.client.delete(`/barbers/${barberId}/time-off/${randomUUID()}`), 404, 'TIME_OFF_NOT_FOUND');
      expect((await own.client.get(`/barbers/${barberId}/time-off`)).body).toHaveLength(2);

      const removed = await own.client.delete(`/barbers/${barberId}/time-off/${morning.body.id}`);
      expect(removed.status).toBe(204);
      const statusAt = async (time: string) => (await slotAt(barberId, dayE, time)).status;
      // 09:00–11:00 reopen; 11:00–12:00 stays blocked: the other period still covers it.
      expect([await statusAt('09:00'), await statusAt('10:30'), await statusAt('11:00'), await statusAt('12:30')]).toEqual([
        'available',
        'available',
        'blocked',
        'blocked',
      ]);
      expectError(await own.client.delete(`/barbers/${barberId}/time-off/${morning.body.id}`), 404, 'TIME_OFF_NOT_FOUND');
      expect((await own.client.get(`/barbers/${barberId}/time-off`)).body.map((period: Json) => period.id)).toEqual([lateMorning.body.id]);
    });
  });

  describe('services', () => {
    it('changes a price without touching existing bookings, and refuses a duplicate name', async () => {
      const barberId = await newBarber('Sol');
      const name = `Beard ${randomUUID().slice(0, 6)}`;
      const service = await newService(name, 1500);
      expect(service).toMatchObject({ name, priceCents: 1500, active: true });
      const { client } = await customer();
      const before = await book(client, barberId, service.id, dayA, '14:00');

      expectError(await client.patch(`/services/${service.id}`, { priceCents: 1 }), 403, 'FORBIDDEN');
      expectError(await api.patch(`/services/${service.id}`, { priceCents: 1 }), 401, 'UNAUTHORIZED');
      expectError(await admin.patch(`/services/${service.id}`, { priceCents: -5 }), 400, 'VALIDATION_FAILED', 'priceCents');
      expectError(await admin.patch(`/services/${service.id}`, { currency: 'eur' }), 400, 'VALIDATION_FAILED', 'currency');
      expectError(await admin.patch(`/services/${service.id}`, {}), 400, 'VALIDATION_FAILED');
      expectError(await admin.patch(`/services/${randomUUID()}`, { priceCents: 100 }), 404, 'SERVICE_NOT_FOUND');
      expect((await api.get(`/services/${service.id}`)).body).toEqual(service);

      const repriced = await admin.patch(`/services/${service.id}`, { priceCents: 1800 });
      expect(repriced.body).toEqual({ ...service, priceCents: 1800 });
      expect((await client.get(`/bookings/${before.id}`)).body).toMatchObject({ priceCents: 1500, serviceName: name });
      const after = await book(client, barberId, service.id, dayA, '15:00');
      expect(after.priceCents).toBe(1800);

      const other = await newService(`Other ${randomUUID().slice(0, 6)}`);
      expectError(await admin.post('/services', { name: ` ${name.toUpperCase()} `, durationMinutes: 30, priceCents: 100, currency: 'gbp' }), 409, 'SERVICE_NAME_TAKEN', name.toUpperCase());
      expectError(await admin.patch(`/services/${other.id}`, { name }), 409, 'SERVICE_NAME_TAKEN');
      expect((await api.get(`/services/${other.id}`)).body).toEqual(other);
    });

    it('retires a service: gone from the catalog, refused for new bookings, still readable; its name can be reused', async () => {
      const barberId = await newBarber('Jo');
      const name = `Hot towel ${randomUUID().slice(0, 6)}`;
      const service = await newService(name);
      const { client } = await customer();
      const existing = await book(client, barberId, service.id, dayB, '14:00');

      const retired = await admin.patch(`/services/${service.id}`, { active: false });
      expect(retired.body).toMatchObject({ id: service.id, active: false });
      expect(((await api.get('/services')).body as Json[]).map((entry) => entry.id)).not.toContain(service.id);
      expect((await admin.get('/services?includeInactive=true')).body).toContainEqual(retired.body);
      expectError(await client.get('/services?includeInactive=true'), 403, 'FORBIDDEN');
      expect((await api.get(`/services/${service.id}`)).body).toEqual(retired.body);
      expectError(await client.post('/bookings', { slotId: (await slotAt(barberId, dayB, '15:00')).id, serviceId: service.id }), 409, 'SERVICE_INACTIVE', name);
      expect((await client.get(`/bookings/${existing.id}`)).body).toMatchObject({ status: 'pending_payment', serviceName: name });

      const successor = await newService(name, 3000);
      expectError(await admin.patch(`/services/${service.id}`, { active: true }), 409, 'SERVICE_NAME_TAKEN');
      expect((await api.get(`/services/${service.id}`)).body.active).toBe(false);
      expect(successor).toMatchObject({ name, active: true });
    });
  });

  describe('staff accounts', () => {
    it('lists staff for admins only, renames, and a deactivated account is refused at once and cannot sign in', async () => {
      const barberId = await newBarber('Pat');
      const own = await barberAccount(barberId);
      const { client, id: customerId } = await customer();

      const staff = await admin.get('/admin/users');
      expect(staff.status).toBe(200);
      expect(staff.body).toContainEqual({ id: own.id, email: own.email, name: 'Barber account', role: 'barber', barberId, active: true });
      expect((staff.body as Json[]).every((user) => user.role !== 'customer')).toBe(true);
      expect((staff.body as Json[])[0].role).toBe('admin');
      expectError(await own.client.get('/admin/users'), 403, 'FORBIDDEN');
      expectError(await client.get('/admin/users'), 403, 'FORBIDDEN');

      expectError(await admin.patch(`/admin/users/${own.id}`, { name: '' }), 400, 'VALIDATION_FAILED', 'name');
      expectError(await admin.patch(`/admin/users/${own.id}`, { role: 'admin' }), 400, 'VALIDATION_FAILED', 'role');
      expectError(await admin.patch(`/admin/users/${customerId}`, { active: false }), 404, 'USER_NOT_FOUND');
      const me = (await admin.get('/me')).body;
      expectError(await admin.patch(`/admin/users/${me.id}`, { active: false }), 409, 'CANNOT_DEACTIVATE_SELF');
      expect((await own.client.get(`/barbers/${barberId}/time-off`)).status).toBe(200);

      expect((await admin.patch(`/admin/users/${own.id}`, { name: 'Pat Smith' })).body).toMatchObject({ name: 'Pat Smith', active: true });
      expect((await admin.patch(`/admin/users/${own.id}`, { active: false })).body).toMatchObject({ active: false });
      expectError(await own.client.get(`/barbers/${barberId}/time-off`), 401, 'UNAUTHORIZED', 'deactivated');
      expectError(await api.post('/auth/login', { email: own.email, password: PASSWORD }), 401, 'UNAUTHORIZED', 'deactivated');
      expectError(await api.post('/auth/login', { email: own.email, password: 'wrong-password-1' }), 401, 'INVALID_CREDENTIALS');

      expect((await admin.patch(`/admin/users/${own.id}`, { active: true })).body).toMatchObject({ active: true });
      expect((await own.client.get(`/barbers/${barberId}/time-off`)).status).toBe(200);
    });
  });

  describe('calendars', () => {
    it("gives a barber a private feed of their paid appointments; any other key is 404; a new key retires the old link", async () => {
      const barberId = await newBarber('Rae');
      const own = await barberAccount(barberId);
      const service = await newService(`Skin fade ${randomUUID().slice(0, 6)}`);
      const { client } = await customer('Quinn');
      const paid = await pay(client, await book(client, barberId, service.id, dayA, '09:30'));
      const pending = await book(client, barberId, service.id, dayA, '11:00');

      const me = (await own.client.get('/me')).body;
      expect(me.calendarKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect((await own.client.get('/me')).body.calendarKey).toBe(me.calendarKey);
      expect((await client.get('/me')).body.calendarKey).toBeUndefined();

      const feed = await api.get(`/barbers/${barberId}/calendar.ics?key=${me.calendarKey}`);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toContain('text/calendar');
      const events = eventsOf(feed.body);
      expect(events.map((event) => [new Date(event.start).toISOString(), event.summary])).toEqual([
        [LONDON.at(dayA, '09:30'), `${service.name} — Quinn`],
      ]);
      expect(events[0].uid).toContain(paid.appointmentId);
      expect(JSON.stringify(events)).not.toContain(pending.id);

      const otherBarber = await newBarber('Not Rae');
      expectError(await api.get(`/barbers/${otherBarber}/calendar.ics?key=${me.calendarKey}`), 404, 'NOT_FOUND');
      expectError(await api.get(`/barbers/${barberId}/calendar.ics?key=guess`), 404, 'NOT_FOUND');
      expectError(await api.get(`/barbers/${barberId}/calendar.ics`), 404, 'NOT_FOUND');
      expectError(await client.post('/me/calendar-key'), 403, 'FORBIDDEN');

      const replaced = await own.client.post('/me/calendar-key');
      expect(replaced.body.calendarKey).not.toBe(me.calendarKey);
      expectError(await api.get(`/barbers/${barberId}/calendar.ics?key=${me.calendarKey}`), 404, 'NOT_FOUND');
      expect((await api.get(`/barbers/${barberId}/calendar.ics?key=${replaced.body.calendarKey}`)).status).toBe(200);
    });

    it('lets a customer add their confirmed booking to a calendar, and nobody else', async () => {
      const barberId = await newBarber('Vic');
      const service = await newService(`Buzz cut ${randomUUID().slice(0, 6)}`);
      const { client } = await customer();
      const { client: stranger } = await customer();
      const booking = await book(client, barberId, service.id, dayC, '10:00');
      expectError(await client.get(`/bookings/${booking.id}/calendar.ics`), 409, 'BOOKING_NOT_CONFIRMED');

      await pay(client, booking);
      const file = await client.get(`/bookings/${booking.id}/calendar.ics`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toContain('attachment');
      const [event] = eventsOf(file.body);
      expect({ start: new Date(event.start).toISOString(), end: new Date(event.end!).toISOString(), summary: event.summary }).toEqual({
        start: LONDON.at(dayC, '10:00'),
        end: LONDON.at(dayC, '10:30'),
        summary: `${service.name} with Vic`,
      });
      expect(JSON.stringify(event.url)).toContain(`/app/bookings/${booking.id}`);
      expect((await stranger.get(`/bookings/${booking.id}/calendar.ics`)).status).toBeGreaterThanOrEqual(403);
      expectError(await admin.get(`/bookings/${booking.id}/calendar.ics`), 403, 'FORBIDDEN');
      expectError(await api.get(`/bookings/${booking.id}/calendar.ics`), 401, 'UNAUTHORIZED');
    });
  });

  it("lists a barber's day by the date in their own time zone", async () => {
    const barberId = await newBarber('Sky', 'America/New_York', [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '16:00', end: '22:00' })));
    const own = await barberAccount(barberId);
    const service = await newService(`Late cut ${randomUUID().slice(0, 6)}`);
    const { client } = await customer();
    const [day] = NEW_YORK.weekdays(1, { daysAhead: 3 });
    // 21:00 New York is 02:00 UTC the next day: it belongs to the barber's `day`, not the next.
    const late = await book(client, barberId, service.id, day, '21:00', NEW_YORK);
    await eventually('the appointment', async () => (await client.get(`/bookings/${late.id}`)).body.appointmentId);

    const listed = await own.client.get(`/appointments?barberId=${barberId}&date=${day}`);
    expect(listed.body.map((appointment: Json) => appointment.bookingId)).toEqual([late.id]);
    const nextDay = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await own.client.get(`/appointments?barberId=${barberId}&date=${nextDay}`)).body).toEqual([]);
  });
});
