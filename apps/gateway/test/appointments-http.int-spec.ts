import { APPOINTMENTS_RPC, BOOKING_RPC, DomainError } from '@app/contracts';
import { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LONDON } from '../../../test/support/calendar';
import { freePort } from '../../../test/support/redis-server';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, uniqueName } from '../../../test/support/test-infra';
import { FakeAppointments, KNOWN_APPOINTMENT_ID, startFakeAppointmentsService } from './fake-appointments-service';
import { barberResource, FakeBooking, KNOWN_BARBER_ID, startFakeBookingService } from './fake-booking-service';
import { RunningGateway, startGateway } from './gateway-test-app';
import { ApiClient } from '../../../test/support/http-client';

/** A working day derived from today: the requests and resources lie in the future whenever the tests run. */
const DAY = LONDON.weekday();

jest.mock('@fastify/static', () => ({ __esModule: true, default: async () => undefined }));

const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };
const OTHER_BARBER_ID = '33333333-3333-4333-8333-333333333333';

describe('Appointment endpoints (real PostgreSQL and Redis, fake appointments service over TCP)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let bookingService: INestMicroservice;
  let appointmentsService: INestMicroservice;
  let fake: FakeAppointments;
  let gateway: RunningGateway;
  let api: ApiClient;
  let admin: ApiClient;
  let barber: ApiClient;
  let customer: ApiClient;

  async function signIn(email: string, password: string): Promise<ApiClient> {
    const login = await api.post('/auth/login', { email, password });
    expect(login.status).toBe(200);
    return api.as(login.body.accessToken);
  }

  beforeAll(async () => {
    database = await createTestDatabase('gateway_appointments');
    prefix = uniqueName('gateway_appointments');
    const bookingPort = await freePort();
    const appointmentsPort = await freePort();
    let bookingFake: FakeBooking;
    ({ app: bookingService, fake: bookingFake } = await startFakeBookingService(bookingPort));
    // The gateway asks booking for the barber's zone: this fake knows both barbers (as an admin sees them).
    bookingFake.on(BOOKING_RPC.getBarber, (data) => barberResource({ id: data.barberId }));
    ({ app: appointmentsService, fake } = await startFakeAppointmentsService(appointmentsPort));
    gateway = await startGateway({
      GATEWAY_DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      BOOKING_TCP_PORT: String(bookingPort),
      PAYMENTS_TCP_PORT: String(await freePort()),
      APPOINTMENTS_TCP_PORT: String(appointmentsPort),
      JWT_SECRET: `gateway-appointments-${randomUUID()}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RPC_TIMEOUT_MS: '400',
    });
    api = gateway.api;
    admin = await signIn(ADMIN.email, ADMIN.password);
    const barberEmail = `barber-${randomUUID().slice(0, 8)}@test.local`;
    expect((await admin.post('/admin/users', { email: barberEmail, password: 'barber-password-1', name: 'Sam', role: 'barber', barberId: KNOWN_BARBER_ID })).status).toBe(201);
    barber = await signIn(barberEmail, 'barber-password-1');
    const customerEmail = `customer-${randomUUID().slice(0, 8)}@test.local`;
    expect((await api.post('/auth/register', { email: customerEmail, password: 'correct-horse-1', name: 'Pat' })).status).toBe(201);
    customer = await signIn(customerEmail, 'correct-horse-1');
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await gateway?.close();
    await bookingService?.close();
    await appointmentsService?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it("gives a barber their own day, forwarding the actor and the request's correlation id", async () => {
    const response = await barber.get(`/appointments?barberId=${KNOWN_BARBER_ID}&date=${DAY}`, { 'x-correlation-id': 'day-1' });
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(2);
    expect(response.body[0]).toMatchObject({ barberId: KNOWN_BARBER_ID, startsAt: `${DAY}T09:00:00.000Z`, status: 'paid' });
    const [call] = fake.callsTo(APPOINTMENTS_RPC.listDay);
    expect(call.data).toMatchObject({ barberId: KNOWN_BARBER_ID, date: DAY, actor: { role: 'barber', barberId: KNOWN_BARBER_ID } });
    expect(typeof call.data.correlationId).toBe('string');
  });

  it("lets an admin read any barber's day", async () => {
    const response = await admin.get(`/appointments?barberId=${OTHER_BARBER_ID}&date=${DAY}`);
    expect(response.status).toBe(200);
    expect(fake.callsTo(APPOINTMENTS_RPC.listDay)[0].data).toMatchObject({ barberId: OTHER_BARBER_ID, actor: { role: 'admin' } });
  });

  it("refuses another barber's day, a customer and an anonymous caller before asking the service", async () => {
    expect((await barber.get(`/appointments?barberId=${OTHER_BARBER_ID}&date=${DAY}`)).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect((await customer.get(`/appointments?barberId=${KNOWN_BARBER_ID}&date=${DAY}`)).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect((await api.get(`/appointments?barberId=${KNOWN_BARBER_ID}&date=${DAY}`)).body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    expect(fake.calls).toHaveLength(0);
  });

  it('answers 400 naming each bad query field', async () => {
    const response = await admin.get('/appointments?barberId=nope&date=2026-02-30');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['barberId', 'date']);
    expect((await admin.get('/appointments')).status).toBe(400);
    expect(fake.calls).toHaveLength(0);
  });

  it('reads one appointment for any signed-in caller and lets the service decide ownership', async () => {
    const response = await customer.get(`/appointments/${KNOWN_APPOINTMENT_ID}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: KNOWN_APPOINTMENT_ID, status: 'paid' });
    expect(fake.callsTo(APPOINTMENTS_RPC.get)[0].data).toMatchObject({ appointmentId: KNOWN_APPOINTMENT_ID, actor: { role: 'customer' } });

    fake.on(APPOINTMENTS_RPC.get, () => {
      throw new DomainError('FORBIDDEN', 'Not yours.');
    });
    expect((await customer.get(`/appointments/${KNOWN_APPOINTMENT_ID}`)).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect((await admin.get(`/appointments/${randomUUID()}`)).status).toBe(403);
    fake.reset();
    expect((await admin.get(`/appointments/${randomUUID()}`)).body).toMatchObject({ statusCode: 404, code: 'APPOINTMENT_NOT_FOUND' });
    expect((await admin.get('/appointments/not-a-uuid')).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await api.get(`/appointments/${KNOWN_APPOINTMENT_ID}`)).status).toBe(401);
  });

  it('completes and marks no-show for a barber or an admin, 200 with the appointment', async () => {
    const completed = await barber.post(`/appointments/${KNOWN_APPOINTMENT_ID}/complete`);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ id: KNOWN_APPOINTMENT_ID, status: 'completed' });
    const noShow = await admin.post(`/appointments/${KNOWN_APPOINTMENT_ID}/no-show`);
    expect(noShow.status).toBe(200);
    expect(noShow.body).toMatchObject({ id: KNOWN_APPOINTMENT_ID, status: 'no_show' });
    expect(fake.callsTo(APPOINTMENTS_RPC.complete)[0].data).toMatchObject({ appointmentId: KNOWN_APPOINTMENT_ID, actor: { role: 'barber' } });
    expect(fake.callsTo(APPOINTMENTS_RPC.noShow)[0].data).toMatchObject({ appointmentId: KNOWN_APPOINTMENT_ID, actor: { role: 'admin' } });
  });

  it('passes the service’s 409s through and refuses customers', async () => {
    fake.on(APPOINTMENTS_RPC.complete, () => {
      throw new DomainError('APPOINTMENT_NOT_STARTED', 'It has not started yet.');
    });
    fake.on(APPOINTMENTS_RPC.noShow, () => {
      throw new DomainError('APPOINTMENT_NOT_PAID', 'It is not paid.');
    });
    expect((await barber.post(`/appointments/${KNOWN_APPOINTMENT_ID}/complete`)).body).toMatchObject({ statusCode: 409, code: 'APPOINTMENT_NOT_STARTED' });
    expect((await barber.post(`/appointments/${KNOWN_APPOINTMENT_ID}/no-show`)).body).toMatchObject({ statusCode: 409, code: 'APPOINTMENT_NOT_PAID' });
    expect((await customer.post(`/appointments/${KNOWN_APPOINTMENT_ID}/complete`)).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect((await api.post(`/appointments/${KNOWN_APPOINTMENT_ID}/no-show`)).status).toBe(401);
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = await api.get('/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/appointments', '/appointments/{id}', '/appointments/{id}/complete', '/appointments/{id}/no-show']),
    );
    expect(doc.body.paths['/appointments/{id}/complete'].post.responses['409'].description).toContain('APPOINTMENT_NOT_PAID');
  });
});
