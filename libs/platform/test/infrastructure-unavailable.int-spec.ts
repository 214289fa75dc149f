import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PrivateRedis } from '../../../test/support/redis-server';
import { POSTGRES_BASE, createTestDatabase, eventually } from '../../../test/support/test-infra';
import { failFastRedisOptions, isInfrastructureUnavailable, serviceDataSourceOptions } from '../src';

/**
 * The failures a PostgreSQL or Redis restart really produces — not hand-made look-alikes — are
 * recognised as "unavailable" (503, try again) rather than unexpected (500). The fault suite saw
 * them answered 500: bookings and slot lists while PostgreSQL connections were cut, and
 * GET /admin/dlq while Redis restarted.
 */
describe('failures of a restarting PostgreSQL or Redis (real servers)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let admin: Client;

  beforeAll(async () => {
    database = await createTestDatabase('unavailable');
    admin = new Client({ connectionString: `${POSTGRES_BASE}/postgres` });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  const terminate = (applicationName: string) =>
    admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);

  it('recognises a TypeORM query whose connection was terminated under it', async () => {
    const dataSource = new DataSource(serviceDataSourceOptions({ url: database.url, applicationName: 'unavailable-typeorm', entities: [], migrations: [] }));
    await dataSource.initialize();
    try {
      const query = dataSource.query('SELECT pg_sleep(30)').then(
        () => null,
        (error: unknown) => error,
      );
      await eventually('the query to run', async () => (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'`)).rowCount === 1);
      await terminate('unavailable-typeorm');
      const error = await query;
      expect(error).toBeInstanceOf(Error);
      expect(isInfrastructureUnavailable(error)).toBe(true);
    } finally {
      await dataSource.destroy().catch(() => undefined);
    }
  });

  it.each([
    ['its next statement', 'QueryRunnerProviderAlreadyReleasedError', true],
    ['its COMMIT', 'QueryRunnerAlreadyReleasedError', false],
  ] as const)('recognises %s after the transaction’s connection was cut (TypeORM %s)', async (_what, name, statementAfterCut) => {
    // TypeORM releases a query runner whose connection failed; what the transaction does next
    // throws. The fault suite saw bookings and cancellations answered 500 with both.
    const dataSource = new DataSource(serviceDataSourceOptions({ url: database.url, applicationName: 'unavailable-tx', entities: [], migrations: [] }));
    await dataSource.initialize();
    try {
      const error = await dataSource
        .transaction(async (manager) => {
          await manager.query('SELECT 1');
          const connection = (manager.queryRunner as unknown as { databaseConnection: Client }).databaseConnection;
          const ended = new Promise((resolve) => connection.once('end', resolve));
          await terminate('unavailable-tx');
          await ended;
          if (statementAfterCut) await manager.query('SELECT 2');
        })
        .then(
          () => null,
          (failure: unknown) => failure,
        );
      expect(error).toMatchObject({ name });
      expect(isInfrastructureUnavailable(error)).toBe(true);
    } finally {
      await dataSource.destroy().catch(() => undefined);
    }
  });

  it('recognises a client used after its connection was terminated', async () => {
    const client = new Client({ connectionString: database.url, application_name: 'unavailable-client' });
    client.on('error', () => undefined);
    await client.connect();
    await terminate('unavailable-client');
    const error = await eventually('the dead connection to fail a query', () => client.query('SELECT 1').then(() => null, (failure: unknown) => failure));
    expect(isInfrastructureUnavailable(error)).toBe(true);
    await client.end().catch(() => undefined);
  });

  it('recognises a fail-fast Redis producer (and a BullMQ queue on it) while Redis is down', async () => {
    const redis = await PrivateRedis.start();
    const connection = new Redis(failFastRedisOptions(redis.url));
    connection.on('error', () => undefined);
    const queue = new Queue('unavailable-dlq', { connection, prefix: 'unavailable' });
    queue.on('error', () => undefined);
    try {
      expect(await queue.getJobCountByTypes('waiting')).toBe(0);
      await redis.stop();
      const error = await queue.getJobCountByTypes('waiting').then(() => null, (failure: unknown) => failure);
      expect(error).toBeInstanceOf(Error);
      expect(isInfrastructureUnavailable(error)).toBe(true);
    } finally {
      await queue.close().catch(() => undefined);
      connection.disconnect();
      await redis.destroy();
    }
  });
});
