import { AppointmentResource, BOOKING_RPC, Envelope, QUEUES, broadcastChannelOf } from '@app/contracts';
import { QueueRegistry } from '@app/messaging';
import { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LONDON } from '../../../test/support/calendar';
import { freePort } from '../../../test/support/redis-server';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../test/support/test-infra';
import { appointmentResource } from './fake-appointments-service';
import { FakeBooking, KNOWN_BARBER_ID, barberResource, bookingResource, startFakeBookingService } from './fake-booking-service';
import { RunningGateway, startGateway } from './gateway-test-app';
import { LiveFeed } from '../src/live/live-feed';
import { ApiClient } from '../../../test/support/http-client';
import { SseStream } from './sse-client';

jest.mock('@fastify/static', () => ({ __esModule: true, default: async () => undefined }));

const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };
const OTHER_BARBER_ID = '33333333-3333-4333-8333-333333333333';

function envelope<T>(type: string, payload: T): Envelope<string, T> {
  return { id: randomUUID(), type, version: 1, occurredAt: new Date().toISOString(), correlationId: `live-${randomUUID()}`, causationId: null, payload };
}

/** A working day derived from today, for the resources the feeds carry. */
const DAY = LONDON.weekday();

function bookingConfirmed(bookingId: string, customerId: string, barberId = KNOWN_BARBER_ID) {
  return envelope('booking.confirmed', {
    bookingId,
    customerId,
    barberId,
    slotIds: [randomUUID()],
    startsAt: `${DAY}T10:00:00.000Z`,
    endsAt: `${DAY}T10:30:00.000Z`,
    status: 'confirmed',
    paymentStatus: 'paid',
    paymentId: randomUUID(),
    appointmentId: null,
  });
}

function slotChanged(barberId: string, status = 'booked') {
  const slot = (hour: number) => ({ id: randomUUID(), barberId, startsAt: `${DAY}T${hour}:00:00.000Z`, endsAt: `${DAY}T${hour}:30:00.000Z`, status });
  return envelope('slot.changed', { barberId, slots: [slot(10), slot(11)] });
}

function appointmentUpdated(appointment: AppointmentResource) {
  return envelope('appointment.updated', { appointment });
}

describe('Live feeds over SSE (real PostgreSQL and Redis, two gateway processes)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let bookingService: INestMicroservice;
  let fake: FakeBooking;
  let gateways: RunningGateway[];
  let api: ApiClient;
  let admin: { client: ApiClient; token: string };
  let barber: { client: ApiClient; token: string };
  let otherBarber: { client: ApiClient; token: string };
  const streams: SseStream[] = [];

  async function signIn(email: string, password: string): Promise<{ client: ApiClient; token: string; id: string }> {
    const login = await api.post('/auth/login', { email, password });
    expect(login.status).toBe(200);
    return { client: api.as(login.body.accessToken), token: login.body.accessToken, id: login.body.user.id };
  }

  async function barberAccount(barberId: string) {
    const email = `barber-${randomUUID().slice(0, 8)}@test.local`;
    expect((await admin.client.post('/admin/users', { email, password: 'barber-password-1', name: 'Barber', role: 'barber', barberId })).status).toBe(201);
    return signIn(email, 'barber-password-1');
  }

  async function customer() {
    const email = `customer-${randomUUID().slice(0, 8)}@test.local`;
    expect((await api.post('/auth/register', { email, password: 'correct-horse-1', name: 'Pat' })).status).toBe(201);
    return signIn(email, 'correct-horse-1');
  }

  async function open(gateway: RunningGateway, path: string, token?: string, headers: Record<string, string> = {}) {
    const opened = await SseStream.open(`${gateway.url}${path}`, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
    if (opened.stream) streams.push(opened.stream);
    return opened;
  }

  async function stream(gateway: RunningGateway, path: string, token?: string, headers: Record<string, string> = {}): Promise<SseStream> {
    const opened = await open(gateway, path, token, headers);
    expect({ status: opened.status, body: opened.body }).toEqual({ status: 200, body: undefined });
    return opened.stream!;
  }

  /** Broadcasts a message routed to gateway-live as the relay does (BROADCAST_QUEUES): every gateway process receives it. */
  async function deliver(message: Envelope): Promise<void> {
    await gateways[0].app.get(QueueRegistry).publish(broadcastChannelOf(prefix, QUEUES.gatewayLive), JSON.stringify([message]));
  }

  /** Puts a message on the gateway-live queue, as a replayed dead letter is: ONE gateway takes it and must fan it out to both. */
  async function deliverAsJob(message: Envelope): Promise<void> {
    await gateways[0].app.get(QueueRegistry).get(QUEUES.gatewayLive).add(message.type, message, { jobId: message.id });
  }

  beforeAll(async () => {
    database = await createTestDatabase('gateway_live');
    prefix = uniqueName('gateway_live');
    const bookingPort = await freePort();
    ({ app: bookingService, fake } = await startFakeBookingService(bookingPort));
    const env = {
      GATEWAY_DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      BOOKING_TCP_PORT: String(bookingPort),
      PAYMENTS_TCP_PORT: String(await freePort()),
      APPOINTMENTS_TCP_PORT: String(await freePort()),
      JWT_SECRET: `gateway-live-${randomUUID()}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RPC_TIMEOUT_MS: '400',
    };
    // Started one after the other: both share the database (migrations) and the queue prefix.
    gateways = [await startGateway(env)];
    gateways.push(await startGateway(env));
    api = gateways[0].api;
    admin = await signIn(ADMIN.email, ADMIN.password);
    fake.on(BOOKING_RPC.getBarber, (data) => barberResource({ id: data.barberId }));
    barber = await barberAccount(KNOWN_BARBER_ID);
    otherBarber = await barberAccount(OTHER_BARBER_ID);
    fake.reset();
  });

  afterEach(() => {
    for (const open of streams.splice(0)) open.close();
    fake.reset();
  });

  afterAll(async () => {
    for (const gateway of gateways ?? []) await gateway.close();
    await bookingService?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it("pushes appointment.updated to the barber's feed (Bearer or ?access_token=), with the envelope id and index", async () => {
    const viaHeader = await stream(gateways[0], `/barbers/${KNOWN_BARBER_ID}/appointments/live`, barber.token);
    const viaQuery = await stream(gateways[1], `/barbers/${KNOWN_BARBER_ID}/appointments/live?access_token=${admin.token}`);
    expect(viaHeader.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const appointment = appointmentResource({ status: 'paid' });
    const message = appointmentUpdated(appointment);
    await deliver(message);
    for (const feed of [viaHeader, viaQuery]) {
      const event = await feed.next((e) => e.event === 'appointment.updated');
      expect(event).toEqual({ id: `${message.id}:0`, event: 'appointment.updated', data: appointment });
    }
  });

  it('pushes booking.updated confirmed to the customer following their booking', async () => {
    const pat = await customer();
    const bookingId = randomUUID();
    const feed = await stream(gateways[1], `/bookings/${bookingId}/live?access_token=${pat.token}`);
    expect(fake.callsTo(BOOKING_RPC.getBooking)[0].data).toMatchObject({ bookingId, actor: { userId: pat.id } });
    await deliver(bookingConfirmed(bookingId, pat.id));
    const event = await feed.next();
    expect(event.event).toBe('booking.updated');
    expect(event.data).toMatchObject({ id: bookingId, status: 'confirmed', paymentStatus: 'paid', customerId: pat.id, barberId: KNOWN_BARBER_ID });
  });

  it('pushes a declined card and a change of paymentStatus (a dispute) to the customer as booking.updated', async () => {
    const pat = await customer();
    const bookingId = randomUUID();
    const feed = await stream(gateways[0], `/bookings/${bookingId}/live?access_token=${pat.token}`);
    const { payload: confirmed } = bookingConfirmed(bookingId, pat.id);
    const { appointmentId: _appointmentId, ...change } = confirmed;
    await deliver(
      envelope('booking.payment_attempt_failed', {
        ...change,
        status: 'pending_payment',
        paymentStatus: 'unpaid',
        checkoutSessionId: 'cs_test_declined',
        lastPaymentError: 'Your card was declined. Try another card.',
      }),
    );
    const declined = await feed.next((e) => e.event === 'booking.updated');
    expect(declined.data).toMatchObject({
      id: bookingId,
      status: 'pending_payment',
      checkout: { sessionId: 'cs_test_declined', lastPaymentError: 'Your card was declined. Try another card.' },
    });

    await deliver(envelope('booking.payment_status_changed', { ...change, paymentStatus: 'disputed' }));
    const disputed = await feed.next((e) => e.event === 'booking.updated' && e.data.paymentStatus === 'disputed');
    expect(disputed.data).toMatchObject({ id: bookingId, status: 'confirmed', paymentStatus: 'disputed', customerId: pat.id });
  });

  it('pushes one slot.updated per changed slot to anyone on the barber’s slot feed', async () => {
    const feed = await stream(gateways[0], `/barbers/${KNOWN_BARBER_ID}/slots/live`);
    const message = slotChanged(KNOWN_BARBER_ID);
    await deliver(message);
    const second = await feed.next((e) => e.id === `${message.id}:1`);
    expect(second).toEqual({ id: `${message.id}:1`, event: 'slot.updated', data: message.payload.slots[1] });
    expect(feed.events.map((e) => [e.id, e.event, e.data.status])).toEqual([
      [`${message.id}:0`, 'slot.updated', 'booked'],
      [`${message.id}:1`, 'slot.updated', 'booked'],
    ]);
  });

  it("refuses a customer on another customer's booking feed: 403 before any stream", async () => {
    const pat = await customer();
    const bookingId = randomUUID();
    fake.on(BOOKING_RPC.getBooking, (data) => bookingResource({ id: data.bookingId, customerId: randomUUID() }));
    const opened = await open(gateways[0], `/bookings/${bookingId}/live`, pat.token);
    expect(opened.stream).toBeNull();
    expect(opened.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    // Barbers and admins do not follow a customer's payment page either.
    expect((await open(gateways[0], `/bookings/${bookingId}/live`, barber.token)).body).toMatchObject({ statusCode: 403 });
  });

  it('refuses an anonymous caller on the appointments feed (401) and another barber (403), who receives nothing', async () => {
    const anonymous = await open(gateways[0], `/barbers/${KNOWN_BARBER_ID}/appointments/live`);
    expect(anonymous.stream).toBeNull();
    expect(anonymous.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    const bad = await open(gateways[0], `/barbers/${KNOWN_BARBER_ID}/appointments/live?access_token=not-a-token`);
    expect(bad.status).toBe(401);

    const stranger = await open(gateways[1], `/barbers/${KNOWN_BARBER_ID}/appointments/live?access_token=${otherBarber.token}`);
    expect(stranger.stream).toBeNull();
    expect(stranger.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });

    // On their own feed, the other barber sees only their own appointments.
    const ownFeed = await stream(gateways[1], `/barbers/${OTHER_BARBER_ID}/appointments/live`, otherBarber.token);
    const watcher = await stream(gateways[0], `/barbers/${KNOWN_BARBER_ID}/appointments/live`, admin.token);
    const foreign = appointmentUpdated(appointmentResource({ barberId: KNOWN_BARBER_ID }));
    await deliver(foreign);
    await watcher.next((e) => e.id === `${foreign.id}:0`);
    const own = appointmentUpdated(appointmentResource({ barberId: OTHER_BARBER_ID }));
    await deliver(own);
    await ownFeed.next((e) => e.id === `${own.id}:0`);
    expect(ownFeed.events.map((e) => e.id)).toEqual([`${own.id}:0`]);
  });

  it('does not leak other bookings or other barbers’ slots into a feed', async () => {
    const pat = await customer();
    const bookingId = randomUUID();
    const feed = await stream(gateways[0], `/bookings/${bookingId}/live`, pat.token);
    const slots = await stream(gateways[0], `/barbers/${KNOWN_BARBER_ID}/slots/live`);
    await deliver(bookingConfirmed(randomUUID(), randomUUID()));
    await deliver(slotChanged(OTHER_BARBER_ID));
    const mine = bookingConfirmed(bookingId, pat.id);
    await deliver(mine);
    const last = slotChanged(KNOWN_BARBER_ID, 'available');
    await deliver(last);
    await feed.next((e) => e.id === `${mine.id}:0`);
    await slots.next((e) => e.id === `${last.id}:1`);
    expect(feed.events.map((e) => e.id)).toEqual([`${mine.id}:0`]);
    expect(slots.events.every((e) => e.data.barberId === KNOWN_BARBER_ID)).toBe(true);
  });

  it.each([
    ['broadcast by the relay', deliver],
    ['a job of the gateway-live queue (a replayed dead letter), whichever gateway took it', deliverAsJob],
  ])('fans every change out to subscribers on both gateway processes, once each: %s', async (_how, send) => {
    const feeds = await Promise.all(gateways.map((gateway) => stream(gateway, `/barbers/${KNOWN_BARBER_ID}/slots/live`)));
    const messages = Array.from({ length: 6 }, () => slotChanged(KNOWN_BARBER_ID));
    await Promise.all(messages.map(send));
    const expected = messages.flatMap((message) => [`${message.id}:0`, `${message.id}:1`]).sort();
    for (const feed of feeds) {
      await Promise.all(expected.map((id) => feed.next((e) => e.id === id)));
      expect(feed.events.map((e) => e.id).sort()).toEqual(expected);
    }
  });

  it('drops a broadcast it cannot read and keeps applying the rest of the batch', async () => {
    const feed = await stream(gateways[1], `/barbers/${KNOWN_BARBER_ID}/slots/live`);
    const good = slotChanged(KNOWN_BARBER_ID);
    const channel = broadcastChannelOf(prefix, QUEUES.gatewayLive);
    const registry = gateways[0].app.get(QueueRegistry);
    await registry.publish(channel, 'not json');
    await registry.publish(channel, JSON.stringify([{ ...slotChanged(KNOWN_BARBER_ID), version: 99 }, good]));
    await feed.next((e) => e.id === `${good.id}:1`);
    expect(feed.events.map((e) => e.id)).toEqual([`${good.id}:0`, `${good.id}:1`]);
  });

  it('replays what came after Last-Event-ID on reconnect', async () => {
    const first = await stream(gateways[1], `/barbers/${KNOWN_BARBER_ID}/slots/live`);
    const message = slotChanged(KNOWN_BARBER_ID);
    await deliver(message);
    await first.next((e) => e.id === `${message.id}:1`);
    first.close();
    const again = await stream(gateways[1], `/barbers/${KNOWN_BARBER_ID}/slots/live`, undefined, { 'last-event-id': `${message.id}:0` });
    expect((await again.next()).id).toBe(`${message.id}:1`);
  });

  it('unsubscribes a stream when its client disconnects', async () => {
    const feed = gateways[0].app.get(LiveFeed);
    const before = feed.listenerCount;
    const opened = await stream(gateways[0], `/barbers/${KNOWN_BARBER_ID}/slots/live`);
    expect(feed.listenerCount).toBe(before + 1);
    opened.close();
    await eventually('the stream to unsubscribe', () => feed.listenerCount === before);
  });

  it('documents the three feeds in OpenAPI', async () => {
    const doc = await api.get('/docs-json');
    for (const path of ['/barbers/{id}/slots/live', '/barbers/{id}/appointments/live', '/bookings/{id}/live']) {
      expect(doc.body.paths[path].get.description).toContain('Last-Event-ID');
    }
  });
});
