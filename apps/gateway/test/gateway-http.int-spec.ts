import { BOOKING_RPC, DomainError, ERROR_CODES, PAYMENT_STATUSES } from '@app/contracts';
import { JwtService } from '@nestjs/jwt';
import { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { LONDON } from '../../../test/support/calendar';
import { freePort } from '../../../test/support/redis-server';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../test/support/test-infra';
import { EnsureAdminAccountUseCase } from '../src/users/use-cases/ensure-admin-account/ensure-admin-account.use-case';
import { UserRepository } from '../src/users/persistence/user.repository';
import { FakeBooking, KNOWN_BARBER_ID, bookingResource, startFakeBookingService } from './fake-booking-service';
import { RunningGateway, startGateway } from './gateway-test-app';
import { ApiClient, ApiResponse } from '../../../test/support/http-client';

/** A working day derived from today: the requests and resources lie in the future whenever the tests run. */
const DAY = LONDON.weekday();

// Swagger UI's static assets go through @fastify/static, whose dependencies are ES modules
// jest cannot load on Node 20; the UI page and the document do not need it. Real processes
// (npm start, the e2e suites) serve the assets.
jest.mock('@fastify/static', () => ({ __esModule: true, default: async () => undefined }));

const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };
const JWT_SECRET = `gateway-int-secret-${randomUUID()}`;
const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

function expectErrorShape(response: ApiResponse, status: number, code?: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code: code ?? response.body?.code });
  expect(response.body.statusCode).toBe(status);
  expect(ERROR_CODES).toContain(response.body.code);
  expect(typeof response.body.message).toBe('string');
  expect(Object.keys(response.body).every((key) => ['statusCode', 'code', 'message', 'errors'].includes(key))).toBe(true);
}

describe('Gateway over HTTP (real PostgreSQL and Redis, fake booking service over TCP)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let bookingPort: number;
  let bookingService: INestMicroservice;
  let fake: FakeBooking;
  let gateway: RunningGateway;
  let api: ApiClient;
  let admin: ApiClient;
  let db: Client;
  let env: Record<string, string>;
  let userCount = 0;

  async function customer(): Promise<{ client: ApiClient; id: string; email: string }> {
    userCount += 1;
    const email = `customer${userCount}-${randomUUID().slice(0, 8)}@test.local`;
    const registered = await api.post('/auth/register', { email, password: 'correct-horse-1', name: `Customer ${userCount}` });
    expect(registered.status).toBe(201);
    const login = await api.post('/auth/login', { email, password: 'correct-horse-1' });
    expect(login.status).toBe(200);
    return { client: api.as(login.body.accessToken), id: registered.body.id, email };
  }

  async function barberAccount(barberId = KNOWN_BARBER_ID): Promise<ApiClient> {
    const email = `barber-${randomUUID().slice(0, 8)}@test.local`;
    const created = await admin.post('/admin/users', { email, password: 'barber-password-1', name: 'Barber', role: 'barber', barberId });
    expect(created.status).toBe(201);
    const login = await api.post('/auth/login', { email, password: 'barber-password-1' });
    expect(login.status).toBe(200);
    return api.as(login.body.accessToken);
  }

  const usersWithEmail = async (email: string): Promise<number> =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE lower(email) = lower($1)', [email])).rows[0].n);

  beforeAll(async () => {
    database = await createTestDatabase('gateway_http');
    prefix = uniqueName('gateway_http');
    bookingPort = await freePort();
    ({ app: bookingService, fake } = await startFakeBookingService(bookingPort));
    env = {
      GATEWAY_DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      BOOKING_TCP_PORT: String(bookingPort),
      PAYMENTS_TCP_PORT: String(await freePort()),
      APPOINTMENTS_TCP_PORT: String(await freePort()),
      JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RPC_TIMEOUT_MS: '400',
      // Only booking runs here: /health requires just that service.
      GATEWAY_HEALTH_SERVICES: 'booking',
    };
    gateway = await startGateway(env);
    api = gateway.api;
    const login = await api.post('/auth/login', ADMIN);
    expect(login.status).toBe(200);
    admin = api.as(login.body.accessToken);
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await db?.end();
    await gateway?.close();
    await bookingService?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  describe('accounts', () => {
    it('registers a customer, signs them in and shows them at /me', async () => {
      const registered = await api.post('/auth/register', { email: '  Pat.Doe@Example.COM ', password: 'correct-horse-1', name: ' Pat ' });
      expect(registered.status).toBe(201);
      expect(registered.body).toEqual({ id: expect.any(String), email: 'pat.doe@example.com', name: 'Pat', role: 'customer', barberId: null, active: true });

      const login = await api.post('/auth/login', { email: 'PAT.DOE@example.com', password: 'correct-horse-1' });
      expect(login.status).toBe(200);
      expect(login.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600, user: registered.body });
      const claims = new JwtService({}).decode(login.body.accessToken);
      expect(claims).toMatchObject({ sub: registered.body.id, role: 'customer', barberId: null, email: 'pat.doe@example.com', name: 'Pat' });
      expect(claims.exp - claims.iat).toBe(3600);

      const me = await api.as(login.body.accessToken).get('/me');
      expect(me.status).toBe(200);
      expect(me.body).toEqual(registered.body);
    });

    it('stores a salted scrypt hash, never the password', async () => {
      const { email } = await customer();
      const row = (await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email])).rows[0];
      expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(row.password_hash).not.toContain('correct-horse-1');
    });

    it('refuses a second account for the same email, whatever its case: 409 EMAIL_TAKEN', async () => {
      const { email } = await customer();
      const again = await api.post('/auth/register', { email: email.toUpperCase(), password: 'another-password', name: 'Copy' });
      expectErrorShape(again, 409, 'EMAIL_TAKEN');
      expect(await usersWithEmail(email)).toBe(1);
    });

    it('lets exactly one of ten concurrent registrations of one email win', async () => {
      const email = `race-${randomUUID().slice(0, 8)}@test.local`;
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => api.post('/auth/register', { email: i % 2 ? email.toUpperCase() : email, password: 'race-password-1', name: `Racer ${i}` })),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      expect(await usersWithEmail(email)).toBe(1);
    });

    it('answers a wrong password and an unknown email identically: 401 INVALID_CREDENTIALS', async () => {
      const { email } = await customer();
      const wrongPassword = await api.post('/auth/login', { email, password: 'not-the-password' });
      const unknownEmail = await api.post('/auth/login', { email: `nobody-${randomUUID()}@test.local`, password: 'not-the-password' });
      expectErrorShape(wrongPassword, 401, 'INVALID_CREDENTIALS');
      expect(unknownEmail.status).toBe(wrongPassword.status);
      expect(unknownEmail.body).toEqual(wrongPassword.body);
    });

    it('created the admin account at start, and creating it again (even from racing replicas) adds nothing', async () => {
      expect(await usersWithEmail(ADMIN.email)).toBe(1);
      const me = await admin.get('/me');
      expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin', barberId: null });
      expect(await gateway.app.get(EnsureAdminAccountUseCase).execute()).toBe('exists');

      const otherAdmin = `second-admin-${randomUUID().slice(0, 8)}@test.local`;
      const replicas = Array.from(
        { length: 4 },
        () =>
          new EnsureAdminAccountUseCase(gateway.app.get(UserRepository), {
            ...gateway.config,
            admin: { email: otherAdmin, password: 'replica-password', usingDefaultPassword: false },
          }),
      );
      const outcomes = await Promise.all(replicas.map((replica) => replica.execute()));
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
      expect(await usersWithEmail(otherAdmin)).toBe(1);
      expect((await api.post('/auth/login', { email: otherAdmin, password: 'replica-password' })).status).toBe(200);
    });

    it('keeps an existing admin password when the gateway restarts with another ADMIN_PASSWORD', async () => {
      const restarted = await startGateway({ ...env, ADMIN_PASSWORD: 'a-different-password' });
      try {
        expect((await restarted.api.post('/auth/login', ADMIN)).status).toBe(200);
        expect((await restarted.api.post('/auth/login', { email: ADMIN.email, password: 'a-different-password' })).status).toBe(401);
        expect(await usersWithEmail(ADMIN.email)).toBe(1);
      } finally {
        await restarted.close();
      }
    });

    it('lets an admin create barber and admin accounts; a barber account needs a barber that exists', async () => {
      const barberEmail = `barber-${randomUUID().slice(0, 8)}@test.local`;
      const barber = await admin.post('/admin/users', { email: barberEmail, password: 'barber-password-1', name: 'Jo', role: 'barber', barberId: KNOWN_BARBER_ID });
      expect(barber.status).toBe(201);
      expect(barber.body).toMatchObject({ email: barberEmail, role: 'barber', barberId: KNOWN_BARBER_ID });
      expect(fake.callsTo(BOOKING_RPC.getBarber)).toHaveLength(1);

      const admin2 = await admin.post('/admin/users', { email: `admin-${randomUUID().slice(0, 8)}@test.local`, password: 'admin-password-2', name: 'Al', role: 'admin' });
      expect(admin2.status).toBe(201);
      expect(admin2.body).toMatchObject({ role: 'admin', barberId: null });

      const unknownEmail = `ghost-${randomUUID().slice(0, 8)}@test.local`;
      const unknownBarber = await admin.post('/admin/users', { email: unknownEmail, password: 'barber-password-1', name: 'Ghost', role: 'barber', barberId: randomUUID() });
      expectErrorShape(unknownBarber, 404, 'BARBER_NOT_FOUND');
      expect(await usersWithEmail(unknownEmail)).toBe(0);

      const noBarberId = await admin.post('/admin/users', { email: unknownEmail, password: 'barber-password-1', name: 'Ghost', role: 'barber' });
      expectErrorShape(noBarberId, 400, 'VALIDATION_FAILED');
      expect(noBarberId.body.errors).toEqual([{ field: 'barberId', message: 'barberId is required for a barber account' }]);

      const adminWithBarber = await admin.post('/admin/users', { email: unknownEmail, password: 'admin-password-1', name: 'Ghost', role: 'admin', barberId: KNOWN_BARBER_ID });
      expectErrorShape(adminWithBarber, 400, 'VALIDATION_FAILED');

      const customerRole = await admin.post('/admin/users', { email: unknownEmail, password: 'admin-password-1', name: 'Ghost', role: 'customer' });
      expectErrorShape(customerRole, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(customerRole.body.errors)).toContain('role');
      expect(await usersWithEmail(unknownEmail)).toBe(0);
    });
  });

  describe('authentication and roles', () => {
    it('answers 401 UNAUTHORIZED to anonymous calls of every protected endpoint, before validating anything', async () => {
      const id = randomUUID();
      for (const [method, path] of [
        ['GET', '/me'],
        ['POST', '/admin/users'],
        ['POST', '/barbers'],
        ['PUT', `/barbers/${id}/availability`],
        ['POST', `/barbers/${id}/time-off`],
        ['POST', '/services'],
        ['POST', '/bookings'],
        ['GET', '/bookings'],
        ['GET', `/bookings/${id}`],
        ['POST', `/bookings/${id}/cancel`],
      ] as const) {
        const response = await api.request(method, path, method === 'GET' ? undefined : {});
        expect({ method, path, status: response.status, code: response.body.code }).toEqual({ method, path, status: 401, code: 'UNAUTHORIZED' });
      }
      expect(fake.calls).toEqual([]);
    });

    it('leaves /health and /metrics open to probes and scrapers', async () => {
      const health = await api.get('/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('ok');
      expect((await api.get('/metrics')).status).toBe(200);
    });

    it('refuses forged, expired, malformed and "alg: none" tokens with 401', async () => {
      const { id } = await customer();
      const claims = { sub: id, role: 'admin', barberId: null, name: 'Mallory', email: 'm@test.local' };
      const forged = new JwtService({ secret: 'not-the-gateway-secret-at-all' }).sign(claims, { expiresIn: 3600 });
      const expired = new JwtService({ secret: JWT_SECRET }).sign(claims, { expiresIn: -10 });
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 }),
      ).toString('base64url')}.`;
      const missingClaims = new JwtService({ secret: JWT_SECRET }).sign({ sub: id }, { expiresIn: 3600 });
      for (const token of [forged, expired, unsigned, missingClaims, 'not-a-jwt']) {
        expectErrorShape(await api.as(token).post('/services', { name: 'x', durationMinutes: 30, priceCents: 1, currency: 'gbp' }), 401, 'UNAUTHORIZED');
      }
      expectErrorShape(await api.get('/me', { authorization: 'Basic YWRtaW46YWRtaW4=' }), 401, 'UNAUTHORIZED');
      expect(fake.calls).toEqual([]);
    });

    it('refuses admin-only endpoints to customers and barbers with 403 FORBIDDEN, and calls nothing', async () => {
      const { client } = await customer();
      const barber = await barberAccount();
      fake.reset();
      for (const caller of [client, barber]) {
        expectErrorShape(await caller.post('/barbers', { name: 'Nope', timeZone: 'Europe/London' }), 403, 'FORBIDDEN');
        expectErrorShape(await caller.post('/services', { name: 'Nope', durationMinutes: 30, priceCents: 1, currency: 'gbp' }), 403, 'FORBIDDEN');
        expectErrorShape(
          await caller.post('/admin/users', { email: `x-${randomUUID()}@test.local`, password: 'password-123', name: 'X', role: 'admin' }),
          403,
          'FORBIDDEN',
        );
      }
      expectErrorShape(await barber.post('/bookings', { slotId: randomUUID(), serviceId: randomUUID() }), 403, 'FORBIDDEN');
      expectErrorShape(await admin.post('/bookings', { slotId: randomUUID(), serviceId: randomUUID() }), 403, 'FORBIDDEN');
      expect(fake.calls).toEqual([]);
    });

    it('keeps customers away from availability and time off (403)', async () => {
      const { client } = await customer();
      expectErrorShape(await client.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: WEEKDAYS }), 403, 'FORBIDDEN');
      expectErrorShape(
        await client.post(`/barbers/${KNOWN_BARBER_ID}/time-off`, { startsAt: `${DAY}T09:00:00.000Z`, endsAt: `${DAY}T10:00:00.000Z` }),
        403,
        'FORBIDDEN',
      );
      expect(fake.calls).toEqual([]);
    });

    it("lets a barber change their own availability and time off, and refuses another barber's before calling the service", async () => {
      const barber = await barberAccount();
      fake.reset();
      const own = await barber.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: WEEKDAYS });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ barberId: KNOWN_BARBER_ID, slotMinutes: 30, weekly: WEEKDAYS });
      const [call] = fake.callsTo(BOOKING_RPC.setAvailability);
      expect(call.data).toMatchObject({ barberId: KNOWN_BARBER_ID, slotMinutes: 30, weekly: WEEKDAYS, actor: { role: 'barber', barberId: KNOWN_BARBER_ID } });

      const ownTimeOff = await barber.post(`/barbers/${KNOWN_BARBER_ID}/time-off`, { startsAt: `${DAY}T09:00:00+01:00`, endsAt: `${DAY}T10:00:00.000Z` });
      expect(ownTimeOff.status).toBe(201);
      expect(fake.callsTo(BOOKING_RPC.addTimeOff)[0].data).toMatchObject({ startsAt: `${DAY}T08:00:00.000Z`, endsAt: `${DAY}T10:00:00.000Z`, reason: null });

      fake.reset();
      const other = randomUUID();
      expectErrorShape(await barber.put(`/barbers/${other}/availability`, { slotMinutes: 60, weekly: [] }), 403, 'FORBIDDEN');
      expectErrorShape(
        await barber.post(`/barbers/${other}/time-off`, { startsAt: `${DAY}T09:00:00.000Z`, endsAt: `${DAY}T10:00:00.000Z` }),
        403,
        'FORBIDDEN',
      );
      expect(fake.calls).toEqual([]);
    });

    it("passes the signed-in actor and the request's correlation id to the booking service", async () => {
      const { client, id, email } = await customer();
      const slotId = randomUUID();
      const serviceId = randomUUID();
      const created = await client.post('/bookings', { slotId, serviceId }, { 'idempotency-key': 'key 1 ~ok', 'x-correlation-id': 'corr-abc-123' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ customerId: id, slotIds: [slotId], serviceId, checkout: null });
      expect(fake.callsTo(BOOKING_RPC.createBooking)[0].data).toEqual({
        actor: { userId: id, role: 'customer', barberId: null, name: expect.any(String), email },
        slotId,
        serviceId,
        idempotencyKey: 'key 1 ~ok',
        correlationId: 'corr-abc-123',
      });
    });

    it('answers 200 with the earlier booking when the service says an Idempotency-Key was replayed', async () => {
      const { client } = await customer();
      const earlier = bookingResource();
      fake.on(BOOKING_RPC.createBooking, () => ({ booking: earlier, created: false, checkoutTerms: null }));
      const again = await client.post('/bookings', { slotId: randomUUID(), serviceId: randomUUID() }, { 'idempotency-key': 'same-key' });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(earlier.id);
    });
  });

  describe('errors from the booking service', () => {
    it.each([
      [BOOKING_RPC.getBooking, 'FORBIDDEN', 403],
      [BOOKING_RPC.getBooking, 'BOOKING_NOT_FOUND', 404],
      [BOOKING_RPC.createBooking, 'SLOT_UNAVAILABLE', 409],
      [BOOKING_RPC.createBooking, 'SLOT_IN_PAST', 422],
      [BOOKING_RPC.createBooking, 'SERVICE_DOES_NOT_FIT', 422],
      [BOOKING_RPC.createBooking, 'IDEMPOTENCY_KEY_REUSED', 409],
      [BOOKING_RPC.cancelBooking, 'BOOKING_NOT_CANCELLABLE', 409],
    ] as const)('%s failing with %s answers %i with that code and message', async (pattern, code, status) => {
      const { client } = await customer();
      fake.on(pattern, () => {
        throw new DomainError(code, `The service says ${code}.`);
      });
      const id = randomUUID();
      const response =
        pattern === BOOKING_RPC.getBooking
          ? await client.get(`/bookings/${id}`)
          : pattern === BOOKING_RPC.cancelBooking
            ? await client.post(`/bookings/${id}/cancel`, {})
            : await client.post('/bookings', { slotId: randomUUID(), serviceId: randomUUID() });
      expectErrorShape(response, status, code);
      expect(response.body.message).toBe(`The service says ${code}.`);
    });

    it('passes a weekly range ending at 24:00 (working until midnight) on to the service', async () => {
      fake.reset();
      const untilMidnight = [{ weekday: 5, start: '18:00', end: '24:00' }];
      const response = await admin.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: untilMidnight });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ barberId: KNOWN_BARBER_ID, weekly: untilMidnight });
      expect(fake.callsTo(BOOKING_RPC.setAvailability).map((call) => call.data)).toMatchObject([{ barberId: KNOWN_BARBER_ID, slotMinutes: 30, weekly: untilMidnight }]);
    });

    it('passes validation details from the service through', async () => {
      fake.on(BOOKING_RPC.setAvailability, () => {
        throw new DomainError('INVALID_AVAILABILITY', 'Hours overlap on Monday.', [{ field: 'weekly.1', message: 'overlaps weekly.0' }]);
      });
      const response = await admin.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: WEEKDAYS });
      expectErrorShape(response, 400, 'INVALID_AVAILABILITY');
      expect(response.body.errors).toEqual([{ field: 'weekly.1', message: 'overlaps weekly.0' }]);
    });

    it("passes a service's unexpected failure on as 500 INTERNAL, without its internals", async () => {
      fake.on(BOOKING_RPC.listServices, () => {
        throw new Error('secret database detail');
      });
      const response = await api.get('/services', { 'x-correlation-id': 'corr-internal-1' });
      expectErrorShape(response, 500, 'INTERNAL');
      expect(JSON.stringify(response.body)).not.toContain('secret');
      expect(response.headers.get('x-correlation-id')).toBe('corr-internal-1');
    });

    it('answers 503 SERVICE_UNAVAILABLE when the service does not answer within RPC_TIMEOUT_MS', async () => {
      fake.on(BOOKING_RPC.listBarbers, () => new Promise(() => undefined));
      const started = Date.now();
      const response = await api.get('/barbers');
      expectErrorShape(response, 503, 'SERVICE_UNAVAILABLE');
      expect(response.body.message).toBe('The booking service is not answering. Please try again shortly.');
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('bad input gets a 4xx naming the problem, never reaches the service, changes nothing', () => {
    it.each([
      ['malformed id in the path', (c: ApiClient) => c.get('/bookings/not-a-uuid'), 400, 'id'],
      ['malformed barber id', (c: ApiClient) => c.get(`/barbers/123/slots?date=${DAY}`), 400, 'id'],
      ['malformed slotId', (c: ApiClient) => c.post('/bookings', { slotId: '123', serviceId: randomUUID() }), 400, 'slotId'],
      ['unknown field', (c: ApiClient) => c.post('/bookings', { slotId: randomUUID(), serviceId: randomUUID(), priceCents: 1 }), 400, 'priceCents'],
      ['missing field', (c: ApiClient) => c.post('/bookings', { slotId: randomUUID() }), 400, 'serviceId'],
      ['a number where a string belongs', (c: ApiClient) => c.post('/bookings', { slotId: 42, serviceId: randomUUID() }), 400, 'slotId'],
      ['an array as the body', (c: ApiClient) => c.post('/bookings', [{ slotId: randomUUID(), serviceId: randomUUID() }]), 400, ''],
      ['Idempotency-Key too long', (c: ApiClient) => c.post('/bookings', { slotId: randomUUID(), serviceId: randomUUID() }, { 'idempotency-key': 'k'.repeat(201) }), 400, 'Idempotency-Key'],
      ['oversized body', (c: ApiClient) => c.post('/bookings', { slotId: randomUUID(), serviceId: randomUUID(), pad: 'x'.repeat(200_000) }), 413, ''],
      ['malformed JSON', (c: ApiClient) => c.request('POST', '/bookings', '{"slotId": ', { 'content-type': 'application/json' }), 400, 'JSON'],
      ['a __proto__ key', (c: ApiClient) => c.request('POST', '/bookings', `{"slotId":"${randomUUID()}","serviceId":"${randomUUID()}","__proto__":{"role":"admin"}}`), 400, ''],
      ['a body that is not JSON', (c: ApiClient) => c.request('POST', '/bookings', 'slotId=1', { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'JSON'],
      ['plain text', (c: ApiClient) => c.request('POST', '/bookings', 'hello', { 'content-type': 'text/plain' }), 400, 'JSON'],
      ['limit over the maximum', (c: ApiClient) => c.get('/bookings?limit=501'), 400, 'limit'],
      ['negative offset', (c: ApiClient) => c.get('/bookings?offset=-1'), 400, 'offset'],
      ['unknown status filter', (c: ApiClient) => c.get('/bookings?status=paid'), 400, 'status'],
      ['unknown query parameter', (c: ApiClient) => c.get('/bookings?sort=asc'), 400, 'sort'],
    ] as const)('customer: %s', async (_name, send, status, mentions) => {
      const { client } = await customer();
      fake.reset();
      const response = await send(client);
      expectErrorShape(response, status);
      if (status === 400) expect(response.body.code).toBe('VALIDATION_FAILED');
      if (status === 413) expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(JSON.stringify(response.body)).toContain(mentions);
      expect(fake.calls).toEqual([]);
    });

    it.each([
      ['negative price', () => admin.post('/services', { name: 'Free money', durationMinutes: 30, priceCents: -100, currency: 'gbp' }), 'priceCents'],
      ['fractional price', () => admin.post('/services', { name: 'Odd', durationMinutes: 30, priceCents: 10.5, currency: 'gbp' }), 'priceCents'],
      ['price as a string', () => admin.post('/services', { name: 'Odd', durationMinutes: 30, priceCents: '100', currency: 'gbp' }), 'priceCents'],
      ['unknown currency shape', () => admin.post('/services', { name: 'Odd', durationMinutes: 30, priceCents: 100, currency: 'pounds' }), 'currency'],
      ['unknown time zone', () => admin.post('/barbers', { name: 'Zed', timeZone: 'Mars/Olympus_Mons' }), 'timeZone'],
      ['impossible date', () => api.get(`/barbers/${KNOWN_BARBER_ID}/slots?date=2026-02-30`), 'date'],
      ['date in another format', () => api.get(`/barbers/${KNOWN_BARBER_ID}/slots?date=01/12/2026`), 'date'],
      ['missing date', () => api.get(`/barbers/${KNOWN_BARBER_ID}/slots`), 'date'],
      ['a range without its end', () => api.get(`/barbers/${KNOWN_BARBER_ID}/slots?from=${DAY}`), 'to'],
      ['a range with an impossible end', () => api.get(`/barbers/${KNOWN_BARBER_ID}/slots?from=${DAY}&to=2026-02-30`), 'to'],
      ['slots of an unknown status', () => api.get(`/barbers/${KNOWN_BARBER_ID}/slots?date=${DAY}&status=free`), 'status'],
      ['weekday out of range', () => admin.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: [{ weekday: 8, start: '09:00', end: '17:00' }] }), 'weekly.0.weekday'],
      ['malformed time of day', () => admin.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: [WEEKDAYS[0], { weekday: 2, start: '9am', end: '17:00' }] }), 'weekly.1.start'],
      ['a range starting at 24:00', () => admin.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: [{ weekday: 1, start: '24:00', end: '24:00' }] }), 'weekly.0.start'],
      ['a range ending before it starts', () => admin.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: [{ weekday: 1, start: '17:00', end: '09:00' }] }), 'weekly.0.end'],
      ['unknown field inside the weekly list', () => admin.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: [{ ...WEEKDAYS[0], lunch: true }] }), 'weekly.0.lunch'],
      ['weekly not a list', () => admin.put(`/barbers/${KNOWN_BARBER_ID}/availability`, { slotMinutes: 30, weekly: 'weekdays' }), 'weekly'],
      ['time off without a zone', () => admin.post(`/barbers/${KNOWN_BARBER_ID}/time-off`, { startsAt: `${DAY}T09:00:00`, endsAt: `${DAY}T10:00:00.000Z` }), 'startsAt'],
      ['time off on an impossible day', () => admin.post(`/barbers/${KNOWN_BARBER_ID}/time-off`, { startsAt: '2026-02-30T09:00:00.000Z', endsAt: `${DAY}T10:00:00.000Z` }), 'startsAt'],
      ['register with a short password', () => api.post('/auth/register', { email: `short-${randomUUID()}@test.local`, password: 'short', name: 'S' }), 'password'],
      ['register with a bad email', () => api.post('/auth/register', { email: 'not-an-email', password: 'long-enough-1', name: 'S' }), 'email'],
      ['register as an admin', () => api.post('/auth/register', { email: `sneaky-${randomUUID()}@test.local`, password: 'long-enough-1', name: 'S', role: 'admin' }), 'role'],
    ] as const)('%s', async (_name, send, field) => {
      fake.reset();
      const response = await send();
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(fake.calls).toEqual([]);
    });

    it('creates no account on any refused registration', async () => {
      const before = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0].n);
      await api.post('/auth/register', { email: `x-${randomUUID()}@test.local`, password: 'long-enough-1', name: 'S', role: 'admin' });
      await api.post('/auth/register', { email: `x-${randomUUID()}@test.local`, password: 'x'.repeat(129), name: 'S' });
      await api.request('POST', '/auth/register', '{"email":', { 'content-type': 'application/json' });
      expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(before);
    });

    it('answers an unknown route with 404 NOT_FOUND in the same error shape', async () => {
      const response = await api.get('/no/such/route');
      expectErrorShape(response, 404, 'NOT_FOUND');
    });
  });

  describe('OpenAPI', () => {
    it('serves Swagger UI at /docs and a document at /docs-json listing every endpoint with its error codes', async () => {
      const ui = await api.get('/docs');
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toContain('text/html');

      const { status, body: document } = await api.get('/docs-json');
      expect(status).toBe(200);
      const expected: Array<[string, string, string[]]> = [
        ['post', '/auth/register', ['EMAIL_TAKEN', 'VALIDATION_FAILED', 'RATE_LIMITED']],
        ['post', '/auth/login', ['INVALID_CREDENTIALS', 'RATE_LIMITED']],
        ['get', '/me', ['UNAUTHORIZED']],
        ['post', '/admin/users', ['FORBIDDEN', 'BARBER_NOT_FOUND', 'EMAIL_TAKEN']],
        ['post', '/barbers', ['INVALID_TIME_ZONE', 'FORBIDDEN', 'SERVICE_UNAVAILABLE']],
        ['get', '/barbers', ['SERVICE_UNAVAILABLE']],
        ['get', '/barbers/{id}', ['BARBER_NOT_FOUND']],
        ['put', '/barbers/{id}/availability', ['INVALID_AVAILABILITY', 'FORBIDDEN']],
        ['post', '/barbers/{id}/time-off', ['SLOT_BOOKED', 'INVALID_TIME_RANGE']],
        ['get', '/barbers/{id}/slots', ['INVALID_DATE', 'BARBER_NOT_FOUND']],
        ['post', '/services', ['FORBIDDEN']],
        ['get', '/services', ['SERVICE_UNAVAILABLE']],
        ['post', '/bookings', ['SLOT_NOT_FOUND', 'SERVICE_NOT_FOUND', 'SLOT_UNAVAILABLE', 'SLOT_IN_PAST', 'SERVICE_DOES_NOT_FIT', 'RATE_LIMITED']],
        ['get', '/bookings', ['VALIDATION_FAILED']],
        ['get', '/bookings/{id}', ['BOOKING_NOT_FOUND', 'FORBIDDEN']],
        ['post', '/bookings/{id}/cancel', ['BOOKING_NOT_CANCELLABLE', 'RATE_LIMITED']],
        ['get', '/admin/attention', ['UNAUTHORIZED', 'FORBIDDEN']],
      ];
      for (const [method, path, codes] of expected) {
        const operation = document.paths[path]?.[method];
        expect({ method, path, documented: Boolean(operation) }).toEqual({ method, path, documented: true });
        const described = JSON.stringify(operation.responses);
        for (const code of codes) expect({ method, path, code, listed: described.includes(code) }).toEqual({ method, path, code, listed: true });
      }
      expect(document.paths['/bookings'].post.responses['409'].description).toContain('SLOT_UNAVAILABLE');
      expect(document.paths['/bookings'].post.responses['422'].description).toContain('SLOT_IN_PAST');
      expect(document.paths['/bookings'].post.requestBody).toBeDefined();
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(document.paths['/bookings'].post.security).toEqual([{ bearer: [] }]);
      expect(document.paths['/barbers'].get.security).toBeUndefined();
      // Money after the payment (DESIGN §4, §5): every paymentStatus the contract defines, a
      // declined attempt's sentence, the attention list.
      expect(document.components.schemas.BookingResponse.properties.paymentStatus.enum).toEqual([...PAYMENT_STATUSES]);
      expect(document.components.schemas.CheckoutResponse.properties.lastPaymentError).toMatchObject({ type: 'string', nullable: true });
      expect(document.components.schemas.AttentionItemResponse.properties.kind.enum).toEqual(['refund_failed', 'dispute_open', 'refunded_outside', 'payment_flagged']);
    });
  });

  describe('when the booking service misbehaves or goes away', () => {
    it('answers 500 INTERNAL to an answer that is not one of our errors, and logs it with the correlation id', async () => {
      await bookingService.close();
      ({ app: bookingService, fake } = await startFakeBookingService(bookingPort, { without: [BOOKING_RPC.listBarbers] }));
      const response = await eventually('the restarted service to answer', async () => {
        const attempt = await api.get('/barbers', { 'x-correlation-id': 'corr-unexpected-1' });
        return attempt.status === 503 ? undefined : attempt;
      });
      expectErrorShape(response, 500, 'INTERNAL');
      expect(JSON.stringify(response.body)).not.toMatch(/handler|remote/i);
      expect(gateway.logs).toContainEqual(expect.objectContaining({ level: 50, correlationId: 'corr-unexpected-1', msg: expect.stringContaining(BOOKING_RPC.listBarbers) }));
    });

    it('answers 503 SERVICE_UNAVAILABLE within a second while the service is down, and recovers when it is back', async () => {
      await bookingService.close();
      for (const [method, path, client] of [
        ['GET', '/services', api],
        ['GET', `/barbers/${KNOWN_BARBER_ID}/slots?date=${DAY}`, api],
        ['POST', '/barbers', admin],
      ] as const) {
        const started = Date.now();
        const response = await client.request(method, path, method === 'POST' ? { name: 'Sam', timeZone: 'Europe/London' } : undefined);
        const elapsedMs = Date.now() - started;
        expectErrorShape(response, 503, 'SERVICE_UNAVAILABLE');
        expect(response.body.message).toBe('The booking service is not answering. Please try again shortly.');
        expect({ path, fast: elapsedMs < 1000 }).toEqual({ path, fast: true });
      }
      ({ app: bookingService, fake } = await startFakeBookingService(bookingPort));
      await eventually('the gateway to reach the restarted booking service', async () => (await api.get('/services')).status === 200);
    });
  });
});
