import { Envelope } from '@app/contracts';
import { INBOX_WORKER, OutboxRelay, OutboxWriter, checkRedisEvictionPolicy } from '@app/messaging';
import { requestContext } from '@app/platform';
import { WorkerHost } from '@nestjs/bullmq';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Probe, TEST_QUEUE, TEST_TYPE, paymentSucceededPayload, startHarness } from '../../../test/support/messaging-harness';
import { PrivateRedis } from '../../../test/support/redis-server';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../test/support/test-infra';

describe('Messaging lifecycle: correlation, shutdown, recovery, retention', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let probe: Probe;

  const effectCount = async (messageId: string): Promise<number> => {
    const rows: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM effects WHERE message_id = $1', [messageId]);
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    database = await createTestDatabase('lifecycle');
    prefix = uniqueName('lifecycle');
    app = await startHarness({ databaseUrl: database.url, redisUrl: REDIS_URL, prefix, producer: { pollIntervalMs: 300 } });
    dataSource = app.get(getDataSourceToken());
    probe = app.get(Probe);
  });

  afterEach(() => {
    probe.behaviour = () => undefined;
  });

  afterAll(async () => {
    await app?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('carries the correlation id of a request into its event, the handler, and the events the handler causes', async () => {
    const writer = app.get(OutboxWriter);
    let seenInHandler: ReturnType<typeof requestContext.current>;
    let caused: Envelope | undefined;
    probe.behaviour = async (message, context) => {
      seenInHandler = requestContext.current();
      caused = await writer.publish(context.manager, 'payment.refunded', {
        bookingId: message.payload.bookingId,
        paymentId: message.payload.paymentId,
        refundId: 're_test_1',
        amountCents: message.payload.amountCents,
        currency: message.payload.currency,
      });
    };
    const event = await requestContext.run({ correlationId: 'req-7f3a' }, () =>
      dataSource.transaction((manager) => writer.publish(manager, TEST_TYPE, paymentSucceededPayload())),
    );
    expect(event).toMatchObject({ correlationId: 'req-7f3a', causationId: null });

    await eventually('the handler to apply the event', async () => (await effectCount(event.id)) === 1);
    expect(seenInHandler).toEqual({ correlationId: 'req-7f3a', messageId: event.id });
    const rows: { envelope: Envelope }[] = await dataSource.query('SELECT envelope FROM outbox WHERE id = $1', [caused!.id]);
    expect(rows[0].envelope).toMatchObject({ type: 'payment.refunded', correlationId: 'req-7f3a', causationId: event.id });
  });

  it('refuses to write an event outside a transaction, or one whose payload fails its schema', async () => {
    const writer = app.get(OutboxWriter);
    await expect(writer.publish(dataSource.manager, TEST_TYPE, paymentSucceededPayload())).rejects.toThrow(
      'must run inside a transaction',
    );
    await expect(
      dataSource.transaction((manager) =>
        writer.publish(manager, TEST_TYPE, paymentSucceededPayload({ bookingId: 'not-a-uuid' })),
      ),
    ).rejects.toThrow(/bookingId/);
  });

  it('deletes published outbox rows past their retention, and never an unpublished one', async () => {
    await dataSource.query(
      `INSERT INTO outbox (id, type, envelope, created_at, published_at) VALUES
         (gen_random_uuid(), 'x', '{}', now() - interval '10 days', now() - interval '10 days'),
         (gen_random_uuid(), 'x', '{}', now() - interval '10 days', NULL)`,
    );
    const relay = app.get(OutboxRelay);
    await relay.stop();
    try {
      expect(await relay.deletePublished()).toBe(1);
      const left: { n: string }[] = await dataSource.query(
        `SELECT count(*) AS n FROM outbox WHERE created_at < now() - interval '9 days'`,
      );
      expect(Number(left[0].n)).toBe(1);
    } finally {
      await dataSource.query(`DELETE FROM outbox WHERE type = 'x'`);
      await relay.start();
    }
  });

  it('lets the job in hand finish when the service shuts down', async () => {
    const own = await createTestDatabase('shutdown');
    const ownPrefix = uniqueName('shutdown');
    const service = await startHarness({ databaseUrl: own.url, redisUrl: REDIS_URL, prefix: ownPrefix });
    try {
      const ownData: DataSource = service.get(getDataSourceToken());
      const ownProbe = service.get(Probe);
      const worker = service.get<WorkerHost>(INBOX_WORKER).worker;
      let release!: () => void;
      ownProbe.behaviour = () => new Promise<void>((resolve) => (release = resolve));
      const event = await ownData.transaction((manager) =>
        service.get(OutboxWriter).publish(manager, TEST_TYPE, paymentSucceededPayload()),
      );
      await ownProbe.waitForCalls(1);
      // Release the handler only once shutdown has begun: it must still complete and commit.
      worker.once('closing', () => release());
      await service.close();

      const check = await new DataSource({ type: 'postgres', url: own.url }).initialize();
      const reader = new Redis(REDIS_URL);
      try {
        const effects: { n: string }[] = await check.query('SELECT count(*) AS n FROM effects WHERE message_id = $1', [event.id]);
        expect(Number(effects[0].n)).toBe(1);
        expect(await reader.zscore(`${ownPrefix}:${TEST_QUEUE}:completed`, event.id)).not.toBeNull();
      } finally {
        reader.disconnect();
        await check.destroy();
      }
    } finally {
      await deleteQueueKeys(REDIS_URL, ownPrefix);
      await own.drop();
    }
  });

  it('warns loudly at start when Redis may evict keys', async () => {
    const redis = await PrivateRedis.start(['--maxmemory-policy', 'allkeys-lru']);
    const client = new Redis(redis.url);
    const errors: string[] = [];
    const logger = new Logger('test');
    jest.spyOn(logger, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
    try {
      expect(await checkRedisEvictionPolicy(client, logger)).toBe('allkeys-lru');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('maxmemory-policy is "allkeys-lru", not "noeviction"');
      await client.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
      expect(await checkRedisEvictionPolicy(client, logger)).toBe('noeviction');
      expect(errors).toHaveLength(1);
    } finally {
      client.disconnect();
      await redis.destroy();
    }
  });
});
