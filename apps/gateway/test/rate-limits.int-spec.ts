import { Actor } from '@app/contracts';
import { INestMicroservice } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import { freePort } from '../../../test/support/redis-server';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, uniqueName } from '../../../test/support/test-infra';
import { AccessTokenService } from '../src/auth/access-token.service';
import { RedisThrottlerStorage, rateLimitRedisOptions } from '../src/rate-limit/redis-throttler.storage';
import { startFakeBookingService } from './fake-booking-service';
import { RunningGateway, startGateway } from './gateway-test-app';
import { ApiClient } from '../../../test/support/http-client';

jest.mock('@fastify/static', () => ({ __esModule: true, default: async () => undefined }));

const AUTH_LIMIT = 3;
const BOOKINGS_LIMIT = 2;

describe('Rate limits (counters in real Redis, shared by gateway replicas)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let bookingService: INestMicroservice;
  let gateway: RunningGateway;
  let replica: RunningGateway;

  const customerToken = (gatewayUnderTest: RunningGateway): Promise<string> => {
    const actor: Actor = { userId: randomUUID(), role: 'customer', barberId: null, name: 'C', email: `${randomUUID()}@test.local` };
    return gatewayUnderTest.app.get(AccessTokenService).sign(actor);
  };
  const book = (client: ApiClient) => client.post('/bookings', { slotId: randomUUID(), serviceId: randomUUID() });

  beforeAll(async () => {
    database = await createTestDatabase('gateway_rate');
    prefix = uniqueName('gateway_rate');
    const bookingPort = await freePort();
    ({ app: bookingService } = await startFakeBookingService(bookingPort));
    const env = {
      GATEWAY_DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      BOOKING_TCP_PORT: String(bookingPort),
      PAYMENTS_TCP_PORT: String(await freePort()),
      APPOINTMENTS_TCP_PORT: String(await freePort()),
      JWT_SECRET: `rate-limit-secret-${randomUUID()}`,
      ADMIN_EMAIL: 'admin@test.local',
      ADMIN_PASSWORD: 'admin-password-1',
      RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_LIMIT),
      RATE_LIMIT_BOOKINGS_PER_MINUTE: String(BOOKINGS_LIMIT),
    };
    gateway = await startGateway(env);
    replica = await startGateway(env);
  });

  afterAll(async () => {
    await replica?.close();
    await gateway?.close();
    await bookingService?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('allows RATE_LIMIT_AUTH_PER_MINUTE requests to /auth/* per address, across routes and replicas, then answers 429 with Retry-After', async () => {
    const email = `limited-${randomUUID().slice(0, 8)}@test.local`;
    const allowed = [
      await gateway.api.post('/auth/register', { email, password: 'correct-horse-1', name: 'L' }),
      await gateway.api.post('/auth/login', { email, password: 'wrong-password' }),
      await replica.api.post('/auth/login', { email, password: 'correct-horse-1' }),
    ];
    expect(allowed.map((response) => response.status)).toEqual([201, 401, 200]);
    expect(allowed[0].headers.get('x-ratelimit-limit-auth')).toBe(String(AUTH_LIMIT));

    for (const response of [
      await gateway.api.post('/auth/login', { email, password: 'correct-horse-1' }),
      await replica.api.post('/auth/register', { email: `other-${email}`, password: 'correct-horse-1', name: 'L' }),
    ]) {
      expect(response.status).toBe(429);
      expect(response.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests/) });
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }

    // Other routes are not in the auth bucket.
    expect((await gateway.api.get('/barbers')).status).toBe(200);
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:rate-limit:auth:*`);
      expect(keys).toHaveLength(1);
      const ttl = await redis.pttl(keys[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      redis.disconnect();
    }
  });

  it('allows RATE_LIMIT_BOOKINGS_PER_MINUTE POST /bookings* per user, on any replica, without touching other users', async () => {
    const first = gateway.api.as(await customerToken(gateway));
    const second = gateway.api.as(await customerToken(gateway));
    const created = await book(first);
    expect(created.status).toBe(201);
    expect((await first.post(`/bookings/${created.body.id}/cancel`, {})).status).toBe(200);

    const refused = await book(replica.api.as(first.token!));
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await first.post(`/bookings/${created.body.id}/cancel`, {})).status).toBe(429);

    // Reading is not limited, and the next customer has a budget of their own.
    expect((await first.get(`/bookings/${created.body.id}`)).status).toBe(200);
    expect((await book(second)).status).toBe(201);
  });
});

describe('RedisThrottlerStorage', () => {
  const prefix = uniqueName('throttler_storage');
  afterAll(() => deleteQueueKeys(REDIS_URL, prefix));

  it('counts concurrent hits atomically: each gets its own count, exactly those over the limit are blocked', async () => {
    const redis = new Redis(REDIS_URL);
    await redis.ping();
    try {
      const storage = new RedisThrottlerStorage(redis, prefix);
      const key = randomUUID();
      const records = await Promise.all(Array.from({ length: 50 }, () => storage.increment(key, 60_000, 10, 60_000, 'auth')));
      expect(records.map((record) => record.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(records.filter((record) => record.isBlocked)).toHaveLength(40);
      for (const record of records) {
        expect(record.timeToExpire).toBeGreaterThanOrEqual(1);
        expect(record.timeToExpire).toBeLessThanOrEqual(60);
        expect(record.timeToBlockExpire).toBe(record.isBlocked ? record.timeToExpire : 0);
      }
    } finally {
      redis.disconnect();
    }
  });

  it('starts a fresh window once the old one expires', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const storage = new RedisThrottlerStorage(redis, prefix);
      const key = randomUUID();
      expect((await storage.increment(key, 60_000, 1, 60_000, 'bookings')).isBlocked).toBe(false);
      expect((await storage.increment(key, 60_000, 1, 60_000, 'bookings')).isBlocked).toBe(true);
      await redis.del(`${prefix}:rate-limit:bookings:${key}`); // the window ending
      expect(await storage.increment(key, 60_000, 1, 60_000, 'bookings')).toMatchObject({ totalHits: 1, isBlocked: false });
    } finally {
      redis.disconnect();
    }
  });

  it.each([
    ['nothing listens on the Redis port', async () => ({ url: `redis://127.0.0.1:${await freePort()}`, stop: async () => undefined })],
    [
      'Redis passes the ready check, then never answers a command',
      async () => {
        const sockets: Socket[] = [];
        const server: Server = createServer((socket) => {
          sockets.push(socket);
          socket.on('data', (chunk) => {
            if (!chunk.toString().toUpperCase().includes('INFO')) return; // hang on everything else
            const info = '# Server\r\nredis_version:7.0.0\r\nloading:0\r\n';
            socket.write(`$${Buffer.byteLength(info)}\r\n${info}\r\n`);
          });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        return {
          url: `redis://127.0.0.1:${port}`,
          stop: () => {
            for (const socket of sockets) socket.destroy();
            return new Promise<void>((resolve) => server.close(() => resolve()));
          },
        };
      },
    ],
  ])('lets requests through at once (fail open) when %s', async (_name, makeRedis) => {
    const broken = await makeRedis();
    const redis = new Redis(rateLimitRedisOptions(broken.url)).on('error', () => undefined);
    await new Promise((resolve) => redis.once('ready', resolve).once('end', resolve).once('error', resolve));
    try {
      const storage = new RedisThrottlerStorage(redis, prefix);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const started = Date.now();
        const record = await storage.increment(randomUUID(), 60_000, 1, 60_000, 'auth');
        expect(record.isBlocked).toBe(false);
        expect(Date.now() - started).toBeLessThan(1500);
      }
    } finally {
      redis.disconnect();
      await broken.stop();
    }
  });
});
