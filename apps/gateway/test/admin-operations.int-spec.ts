import {
  APPOINTMENTS_RPC,
  APPOINTMENTS_RPC_TABLE,
  AppointmentsRpcTable,
  BOOKING_RPC,
  BOOKING_RPC_TABLE,
  BookingRpcTable,
  PAYMENTS_RPC,
  PAYMENTS_RPC_TABLE,
  PaymentsRpcTable,
  QUEUES,
  RECONCILE_RPC,
} from '@app/contracts';
import { QueueRegistry } from '@app/messaging';
import { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { freePort } from '../../../test/support/redis-server';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, uniqueName } from '../../../test/support/test-infra';
import { FakeRpc, startFakeRpcService } from './fake-rpc-service';
import { RunningGateway, startGateway } from './gateway-test-app';
import { ApiClient } from '../../../test/support/http-client';

// Swagger UI's and Bull Board's static assets go through @fastify/static, whose dependencies are ES modules.
jest.mock('@fastify/static', () => ({ __esModule: true, default: async () => undefined }));

const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };
const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('Admin operations: Bull Board, dead letters, reconcile, service health (real PostgreSQL and Redis, fake services over TCP)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  const services = {} as {
    booking: { app: INestMicroservice; fake: FakeRpc<BookingRpcTable> };
    payments: { app: INestMicroservice; fake: FakeRpc<PaymentsRpcTable> };
    appointments: { app: INestMicroservice; fake: FakeRpc<AppointmentsRpcTable> };
  };
  let gateway: RunningGateway;
  let api: ApiClient;
  let admin: ApiClient;
  let adminToken: string;
  let customer: ApiClient;
  let customerToken: string;

  async function signIn(email: string, password: string): Promise<string> {
    const login = await api.post('/auth/login', { email, password });
    expect(login.status).toBe(200);
    return login.body.accessToken;
  }

  beforeAll(async () => {
    database = await createTestDatabase('gateway_admin');
    prefix = uniqueName('gateway_admin');
    const ports = { booking: await freePort(), payments: await freePort(), appointments: await freePort() };
    services.booking = await startFakeRpcService(ports.booking, BOOKING_RPC_TABLE, {
      [BOOKING_RPC.health]: () => ({ status: 'ok' }),
      [RECONCILE_RPC.booking]: () => ({ expiredHolds: 2, confirmedReemitted: 0 }),
    });
    services.payments = await startFakeRpcService(ports.payments, PAYMENTS_RPC_TABLE, {
      [PAYMENTS_RPC.health]: () => ({ status: 'ok' }),
      [RECONCILE_RPC.payments]: () => ({ paidRecorded: 1 }),
    });
    services.appointments = await startFakeRpcService(ports.appointments, APPOINTMENTS_RPC_TABLE, {
      [APPOINTMENTS_RPC.health]: () => ({ status: 'ok' }),
      [RECONCILE_RPC.appointments]: () => ({ statusApplied: 3 }),
    });
    gateway = await startGateway({
      GATEWAY_DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      BOOKING_TCP_PORT: String(ports.booking),
      PAYMENTS_TCP_PORT: String(ports.payments),
      APPOINTMENTS_TCP_PORT: String(ports.appointments),
      JWT_SECRET: `gateway-admin-${randomUUID()}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RPC_TIMEOUT_MS: '400',
    });
    api = gateway.api;
    adminToken = await signIn(ADMIN.email, ADMIN.password);
    admin = api.as(adminToken);
    const customerEmail = `customer-${randomUUID().slice(0, 8)}@test.local`;
    expect((await api.post('/auth/register', { email: customerEmail, password: 'correct-horse-1', name: 'Pat' })).status).toBe(201);
    customerToken = await signIn(customerEmail, 'correct-horse-1');
    customer = api.as(customerToken);
  });

  afterAll(async () => {
    await gateway?.close();
    for (const service of Object.values(services)) await service.app.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  describe('Bull Board at /admin/queues', () => {
    it('serves the board to the admin by HTTP Basic and by admin token', async () => {
      const byBasic = await api.get('/admin/queues', { authorization: basic(ADMIN.email, ADMIN.password) });
      expect(byBasic.status).toBe(200);
      expect(byBasic.headers.get('content-type')).toMatch(/text\/html/);
      const byToken = await admin.get('/admin/queues');
      expect(byToken.status).toBe(200);
    });

    it('lists every inbox queue and its dead-letter queue through its API', async () => {
      const response = await admin.get('/admin/queues/api/queues');
      expect(response.status).toBe(200);
      const names = (response.body.queues as Array<{ name: string }>).map((queue) => queue.name).sort();
      const expected = Object.values(QUEUES).flatMap((queue) => [queue, `${queue}-dlq`]).sort();
      expect(names).toEqual(expected);
    });

    it.each([
      ['anonymous', {}],
      ['a customer token', { authorization: 'customer' }],
      ['a wrong admin password', { authorization: basic(ADMIN.email, 'wrong-password') }],
      ['an unknown email', { authorization: basic('someone@test.local', ADMIN.password) }],
      ['a malformed header', { authorization: 'Basic !!!' }],
    ])('answers 401 with a Basic challenge to %s, on pages and API alike', async (_label, headers: Record<string, string>) => {
      const sent = headers.authorization === 'customer' ? { authorization: `Bearer ${customerToken}` } : headers;
      for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/queue/booking-inbox', '/admin/queues/api/queues']) {
        const response = await api.get(path, sent);
        expect({ path, status: response.status }).toEqual({ path, status: 401 });
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="queues"/);
        expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      }
    });
  });

  describe('dead letters', () => {
    it('counts a dead letter, replays it onto its queue, and leaves the dead-letter queue empty', async () => {
      const registry = gateway.app.get(QueueRegistry);
      const jobId = randomUUID();
      const envelope = { id: jobId, type: 'payment.succeeded', version: 1, payload: {} };
      await registry.deadLetterQueue(QUEUES.bookingInbox).add('payment.succeeded', {
        queue: QUEUES.bookingInbox,
        jobId,
        type: 'payment.succeeded',
        envelope,
        error: 'boom',
        stacktrace: [],
        attemptsMade: 5,
        failedAt: new Date().toISOString(),
      }, { jobId });

      const counts = await admin.get('/admin/dlq');
      expect(counts.status).toBe(200);
      expect(counts.body).toEqual(
        Object.values(QUEUES).map((queue) => ({ queue: `${queue}-dlq`, count: queue === QUEUES.bookingInbox ? 1 : 0 })),
      );

      const replay = await admin.post(`/admin/dlq/${QUEUES.bookingInbox}/replay`, {});
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({ replayed: 1 });
      const back = await registry.get(QUEUES.bookingInbox).getJob(jobId);
      expect(back?.data).toEqual(envelope);
      expect((await admin.get('/admin/dlq')).body.find((row: { queue: string }) => row.queue === 'booking-inbox-dlq').count).toBe(0);
    });

    it('replays only the listed job ids', async () => {
      const registry = gateway.app.get(QueueRegistry);
      const dlq = registry.deadLetterQueue(QUEUES.paymentsInbox);
      const [kept, replayed] = [randomUUID(), randomUUID()];
      for (const jobId of [kept, replayed]) {
        await dlq.add('booking.expired', { queue: QUEUES.paymentsInbox, jobId, type: 'booking.expired', envelope: { id: jobId } }, { jobId });
      }
      const response = await admin.post(`/admin/dlq/${QUEUES.paymentsInbox}/replay`, { jobIds: [replayed] });
      expect(response.body).toEqual({ replayed: 1 });
      expect(await registry.get(QUEUES.paymentsInbox).getJob(replayed)).toBeDefined();
      expect(await dlq.getJob(kept)).toBeDefined();
      expect(await admin.post(`/admin/dlq/${QUEUES.paymentsInbox}/replay`, { jobIds: 'all' })).toMatchObject({ status: 400 });
    });

    it('refuses an unknown queue with 404 naming it, and customers with 403', async () => {
      const unknown = await admin.post('/admin/dlq/no-such-queue/replay', {});
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'NOT_FOUND' });
      expect(unknown.body.message).toMatch(/queue/);
      expect((await customer.get('/admin/dlq')).status).toBe(403);
      expect((await customer.post(`/admin/dlq/${QUEUES.bookingInbox}/replay`, {})).status).toBe(403);
      expect((await api.get('/admin/dlq')).status).toBe(401);
    });
  });

  describe('reconcile', () => {
    it("runs the three reconcilers with the admin as actor and answers each service's report", async () => {
      const response = await admin.post('/admin/reconcile', {});
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        booking: { expiredHolds: 2, confirmedReemitted: 0 },
        payments: { paidRecorded: 1 },
        appointments: { statusApplied: 3 },
      });
      for (const [service, pattern] of [
        ['booking', RECONCILE_RPC.booking],
        ['payments', RECONCILE_RPC.payments],
        ['appointments', RECONCILE_RPC.appointments],
      ] as const) {
        const [call] = services[service].fake.callsTo(pattern);
        expect(call.data).toMatchObject({ actor: { role: 'admin', email: ADMIN.email } });
      }
    });

    it('refuses customers with 403 and calls no service', async () => {
      const before = services.booking.fake.callsTo(RECONCILE_RPC.booking).length;
      const response = await customer.post('/admin/reconcile', {});
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(services.booking.fake.callsTo(RECONCILE_RPC.booking)).toHaveLength(before);
    });
  });

  describe('GET /health and the services (runs last: stops a service)', () => {
    it('is 200 while the database, Redis and the three services answer', async () => {
      const health = await api.get('/health');
      expect(health.status).toBe(200);
      expect(Object.keys(health.body.info).sort()).toEqual(['appointments', 'booking', 'database', 'payments', 'redis']);
    });

    it('is 503 naming a service that does not answer; reconcile marks it SERVICE_UNAVAILABLE and keeps the others', async () => {
      await services.payments.app.close();
      const health = await api.get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', status: 'error' });
      expect(health.body.message).toMatch(/payments/);
      expect(health.body.error).toMatchObject({ payments: { status: 'down' } });
      expect(Object.keys(health.body.info).sort()).toEqual(['appointments', 'booking', 'database', 'redis']);

      const reconcile = await admin.post('/admin/reconcile', {});
      expect(reconcile.status).toBe(200);
      expect(reconcile.body).toEqual({
        booking: { expiredHolds: 2, confirmedReemitted: 0 },
        payments: { error: 'SERVICE_UNAVAILABLE' },
        appointments: { statusApplied: 3 },
      });
    });
  });
});
