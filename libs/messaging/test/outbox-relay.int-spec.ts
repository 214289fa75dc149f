import { Envelope, QUEUES, broadcastChannelOf } from '@app/contracts';
import { OutboxRelay, OutboxWriter, QueueRegistry } from '@app/messaging';
import { Redis } from 'ioredis';
import { CLAIM_SQL } from '../src/outbox/outbox.relay';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  Probe,
  TEST_QUEUE,
  TEST_TYPE,
  paymentSucceededPayload,
  startHarness,
} from '../../../test/support/messaging-harness';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../test/support/test-infra';

describe('Outbox relay (real PostgreSQL and Redis)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let writer: OutboxWriter;
  let probe: Probe;

  const effectCount = async (messageId: string): Promise<number> => {
    const rows: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM effects WHERE message_id = $1', [messageId]);
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    database = await createTestDatabase('outbox');
    prefix = uniqueName('outbox');
    app = await startHarness({ databaseUrl: database.url, redisUrl: REDIS_URL, prefix });
    dataSource = app.get(getDataSourceToken());
    writer = app.get(OutboxWriter);
    probe = app.get(Probe);
  });

  afterAll(async () => {
    await app?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('delivers an event written in a committed transaction, and nothing written in a rolled-back one', async () => {
    const rolledBackId = await dataSource
      .transaction(async (manager) => {
        const event = await writer.publish(manager, TEST_TYPE, paymentSucceededPayload());
        throw Object.assign(new Error('business rule failed'), { eventId: event.id });
      })
      .catch((error: { eventId: string }) => error.eventId);

    const committed = await dataSource.transaction((manager) =>
      writer.publish(manager, TEST_TYPE, paymentSucceededPayload()),
    );

    await eventually('the committed event to be applied', async () => (await effectCount(committed.id)) === 1);
    // The relay publishes in commit order; the committed event arriving means the other was never there.
    expect(probe.calls.map((call) => call.messageId)).not.toContain(rolledBackId);
    expect(await effectCount(rolledBackId)).toBe(0);
    expect(await app.get(QueueRegistry).get(TEST_QUEUE).getJob(rolledBackId)).toBeUndefined();
    const outbox: unknown[] = await dataSource.query('SELECT 1 FROM outbox WHERE id = $1', [rolledBackId]);
    expect(outbox).toHaveLength(0);
  });

  it('re-enqueues after a crash between enqueueing and marking published, and the effect happens once', async () => {
    const relay = app.get(OutboxRelay);
    const queue = app.get(QueueRegistry).get(TEST_QUEUE);
    let crashedIds: string[] = [];
    // The relay keeps "crashing" until the test has removed the first job: a later run that re-sent
    // it before that would be dropped by BullMQ (same jobId) and the test would wait for nothing.
    let crashing = true;
    relay.hooks.afterEnqueue = (ids) => {
      if (!crashing) return;
      if (crashedIds.length === 0) crashedIds = ids;
      // As if the process died here: the jobs are in Redis, the rows are not marked.
      throw new Error('relay crashed after enqueueing');
    };
    try {
      const event = await dataSource.transaction((manager) =>
        writer.publish(manager, TEST_TYPE, paymentSucceededPayload()),
      );
      await eventually('the first (crashed) enqueue', () => crashedIds.includes(event.id));
      await eventually('the effect of the first delivery', async () => (await effectCount(event.id)) === 1);
      // Make the re-send a real second delivery: without the completed job, BullMQ cannot drop it,
      // so only the consumer's inbox stands between it and a second effect.
      await (await queue.getJob(event.id))?.remove();
      crashing = false;

      await eventually('the row to be published by a later relay run', async () => {
        const rows: { published_at: Date | null }[] = await dataSource.query(
          'SELECT published_at FROM outbox WHERE id = $1',
          [event.id],
        );
        return rows[0]?.published_at !== null;
      });
      await eventually('the re-sent job to be processed', async () => (await queue.getJob(event.id))?.finishedOn);
      expect((await queue.getJob(event.id))?.returnvalue).toBe('duplicate');
      expect(await effectCount(event.id)).toBe(1);
    } finally {
      relay.hooks.afterEnqueue = undefined;
    }
  });

  it('three relays over 5,000 rows enqueue exactly 5,000 jobs, none twice', async () => {
    // A database of its own: the suite's app runs a relay of its own that would join the race.
    const raceDatabase = await createTestDatabase('relay_race');
    const queueName = 'relay-race';
    const routes = { [TEST_TYPE]: [queueName] };
    const relays = await Promise.all(
      [1, 2, 3].map(() =>
        startHarness({
          databaseUrl: raceDatabase.url,
          redisUrl: REDIS_URL,
          prefix,
          consumer: false,
          routes,
          producer: { autoStart: false, batchSize: 200 },
        }),
      ),
    );
    try {
      const relayWriter = relays[0].get(OutboxWriter);
      const relayData: DataSource = relays[0].get(getDataSourceToken());
      for (let batch = 0; batch < 10; batch += 1) {
        await relayData.transaction((manager) =>
          relayWriter.publishMany(
            manager,
            Array.from({ length: 500 }, () => ({ type: TEST_TYPE, payload: paymentSucceededPayload() })),
          ),
        );
      }
      const enqueuedBy = relays.map(() => [] as string[]);
      relays.forEach((relayApp, index) => {
        relayApp.get(OutboxRelay).hooks.afterEnqueue = (ids) => {
          enqueuedBy[index].push(...ids);
        };
      });
      const published = await Promise.all(relays.map((relayApp) => relayApp.get(OutboxRelay).drain()));

      expect(published.reduce((sum, n) => sum + n, 0)).toBe(5000);
      expect(published.filter((n) => n > 0).length).toBeGreaterThan(1);
      const all = enqueuedBy.flat();
      expect(all).toHaveLength(5000);
      expect(new Set(all).size).toBe(5000);
      const counts = await relays[0].get(QueueRegistry).get(queueName).getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
      expect(counts.waiting).toBe(5000);
      const unpublished: { n: string }[] = await relayData.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      expect(Number(unpublished[0].n)).toBe(0);
    } finally {
      await Promise.all(relays.map((relayApp) => relayApp.close()));
      await raceDatabase.drop();
    }
  });

  it('claims a batch through the primary key, never by a sequential scan of the published rows the outbox keeps', async () => {
    // Many published rows the statistics do not know about yet (a fresh or just grown table):
    // with `seq IN (subquery)` the planner then hash-joins a sequential scan of the whole table.
    await dataSource.query(
      `INSERT INTO outbox (id, type, envelope, published_at)
       SELECT gen_random_uuid(), $1, '{}', now() FROM generate_series(1, 20000)`,
      [TEST_TYPE],
    );
    const rows: Array<{ 'QUERY PLAN': unknown }> = await dataSource.query(`EXPLAIN (FORMAT JSON) ${CLAIM_SQL}`, [500, 0]);
    const plan = JSON.stringify(rows[0]['QUERY PLAN']);
    const nodeTypes = [...plan.matchAll(/"Node Type":"([^"]+)"/g)].map((match) => match[1]);
    expect(nodeTypes).not.toContain('Seq Scan');
    expect(plan).toContain('"Index Name":"outbox_pkey"');
  });
});

describe('Outbox relay: the fast path of its own commits, the claim of everything else', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let writer: OutboxWriter;
  const enqueued: string[] = [];
  const CLAIM_AFTER_MS = 1000;

  const publishedAt = async (id: string): Promise<{ created_at: Date; published_at: Date | null } | undefined> =>
    (await dataSource.query<{ created_at: Date; published_at: Date | null }[]>('SELECT created_at, published_at FROM outbox WHERE id = $1', [id]))[0];

  beforeAll(async () => {
    database = await createTestDatabase('outbox_signal');
    prefix = uniqueName('outbox_signal');
    app = await startHarness({
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      prefix,
      consumer: false,
      producer: { pollIntervalMs: 100, claimAfterMs: CLAIM_AFTER_MS },
    });
    dataSource = app.get(getDataSourceToken());
    writer = app.get(OutboxWriter);
    app.get(OutboxRelay).hooks.afterEnqueue = (ids) => {
      enqueued.push(...ids);
    };
  });

  afterAll(async () => {
    await app?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('sends its own committed event at once, without the claim, and marks its row published', async () => {
    const event = await dataSource.transaction((manager) => writer.publish(manager, TEST_TYPE, paymentSucceededPayload()));
    await eventually('the row to be marked published', async () => (await publishedAt(event.id))?.published_at);
    const row = await publishedAt(event.id);
    // The poll's claim would have waited CLAIM_AFTER_MS after the row was written.
    expect(row!.published_at!.getTime() - row!.created_at.getTime()).toBeLessThan(CLAIM_AFTER_MS);
    expect(enqueued.filter((id) => id === event.id)).toHaveLength(1);
  });

  it('claims what another process committed and did not send, once it is older than claimAfterMs', async () => {
    const other = new Client({ connectionString: database.url });
    await other.connect();
    const id = randomUUID();
    try {
      await other.query('INSERT INTO outbox (id, type, envelope) VALUES ($1, $2, $3::jsonb)', [
        id,
        TEST_TYPE,
        JSON.stringify({ id, type: TEST_TYPE }),
      ]);
    } finally {
      await other.end();
    }
    // The claim marks the row in the transaction that enqueues it: published once that commits.
    const row = await eventually("the other process's row to be published", async () => {
      const found = await publishedAt(id);
      return found?.published_at ? { created: found.created_at, published: found.published_at } : null;
    });
    expect(enqueued).toContain(id);
    expect(row.published.getTime() - row.created.getTime()).toBeGreaterThanOrEqual(CLAIM_AFTER_MS);
  });

  it('sends on the outermost commit only, nothing rolled back, and claims what a transaction with savepoints kept', async () => {
    const kept = await dataSource.transaction(async (manager) => {
      const outer = await writer.publish(manager, TEST_TYPE, paymentSucceededPayload());
      const inSavepoint = await manager.transaction((inner) => writer.publish(inner, TEST_TYPE, paymentSucceededPayload()));
      const undone = await manager
        .transaction(async (inner) => {
          const written = await writer.publish(inner, TEST_TYPE, paymentSucceededPayload());
          throw Object.assign(new Error('savepoint rolled back'), { id: written.id });
        })
        .catch((error: { id: string }) => error.id);
      // A savepoint released is not a commit.
      expect(enqueued).not.toContain(inSavepoint.id);
      return { ids: [outer.id, inSavepoint.id], undone };
    });
    const rolledBack = await dataSource
      .transaction(async (manager) => {
        const written = await writer.publish(manager, TEST_TYPE, paymentSucceededPayload());
        throw Object.assign(new Error('rolled back'), { id: written.id });
      })
      .catch((error: { id: string }) => error.id);
    const after = await dataSource.transaction((manager) => writer.publish(manager, TEST_TYPE, paymentSucceededPayload()));

    // Enqueued first, marked published after (the claim's COMMIT, the fast path's mark).
    await eventually('the kept events and the next one to be published', async () => {
      for (const id of [...kept.ids, after.id]) if (!(await publishedAt(id))?.published_at) return false;
      return true;
    });
    expect([...kept.ids, after.id].every((id) => enqueued.includes(id))).toBe(true);
    expect(enqueued).not.toContain(kept.undone);
    expect(enqueued).not.toContain(rolledBack);
    const queue = app.get(QueueRegistry).get(TEST_QUEUE);
    expect(await queue.getJob(kept.undone)).toBeUndefined();
    expect(await queue.getJob(rolledBack)).toBeUndefined();
  });
});

describe('Outbox relay broadcasting to a BROADCAST_QUEUES destination (live feeds)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let app: INestApplicationContext;
  let subscriber: Redis;
  const received: Envelope[][] = [];

  beforeAll(async () => {
    database = await createTestDatabase('outbox_broadcast');
    prefix = uniqueName('outbox_broadcast');
    app = await startHarness({
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      prefix,
      consumer: false,
      routes: { [TEST_TYPE]: [TEST_QUEUE, QUEUES.gatewayLive] },
    });
    subscriber = new Redis(REDIS_URL);
    subscriber.on('message', (_channel: string, text: string) => received.push(JSON.parse(text) as Envelope[]));
    await subscriber.subscribe(broadcastChannelOf(prefix, QUEUES.gatewayLive));
  });

  afterAll(async () => {
    subscriber?.disconnect();
    await app?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('publishes the envelopes of one committed transaction as one broadcast, in order, and queues them only for the other destinations', async () => {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const writer = app.get(OutboxWriter);
    const events = await dataSource.transaction(async (manager) => [
      await writer.publish(manager, TEST_TYPE, paymentSucceededPayload()),
      await writer.publish(manager, TEST_TYPE, paymentSucceededPayload()),
    ]);
    const ids = events.map((event) => event.id);
    await eventually('the broadcast', () => received.some((batch) => batch.some((envelope) => envelope.id === ids[0])));
    expect(received.flat().filter((envelope) => ids.includes(envelope.id)).map((envelope) => envelope.id)).toEqual(ids);
    expect(received.find((batch) => batch.some((envelope) => envelope.id === ids[0]))!.map((envelope) => envelope.id)).toEqual(ids);
    const queues = app.get(QueueRegistry);
    for (const id of ids) {
      expect(await queues.get(TEST_QUEUE).getJob(id)).toBeDefined();
      expect(await queues.get(QUEUES.gatewayLive).getJob(id)).toBeUndefined();
    }
  });
});
