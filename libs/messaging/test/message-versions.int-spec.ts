import { Envelope, MESSAGE_CATALOG, MessageCatalogLike, paymentSucceededV1, upcaster, versioned } from '@app/contracts';
import { DeadLetter, DeadLetterService, OutboxWriter, QueueRegistry } from '@app/messaging';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Probe, TEST_QUEUE, TEST_TYPE, paymentSucceededPayload, startHarness } from '../../../test/support/messaging-harness';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../test/support/test-infra';

/**
 * A test-only v2 of the harness's type (`payment.succeeded`): the money as one object and
 * the Stripe ids grouped. Registered only in the catalog these tests pass, so no service
 * changes; what is proved is the machinery a real v2 would use.
 */
const paymentSucceededTestV2 = z.object({
  bookingId: z.uuid(),
  paymentId: z.uuid(),
  amount: z.object({ cents: z.number().int().nonnegative(), currency: z.string().regex(/^[a-z]{3}$/) }),
  stripe: z.object({ paymentIntentId: z.string().nullable(), checkoutSessionId: z.string() }),
});
type TestV2 = z.infer<typeof paymentSucceededTestV2>;

const CATALOG_WITH_V2: MessageCatalogLike = {
  ...MESSAGE_CATALOG,
  [TEST_TYPE]: versioned(2, {
    1: upcaster(paymentSucceededV1, paymentSucceededTestV2, (v1) => ({
      bookingId: v1.bookingId,
      paymentId: v1.paymentId,
      amount: { cents: v1.amountCents, currency: v1.currency },
      stripe: { paymentIntentId: v1.paymentIntentId, checkoutSessionId: v1.checkoutSessionId },
    })),
    2: { schema: paymentSucceededTestV2 },
  }),
};

function v2Of(v1: ReturnType<typeof paymentSucceededPayload>): TestV2 {
  return {
    bookingId: v1.bookingId,
    paymentId: v1.paymentId,
    amount: { cents: v1.amountCents, currency: v1.currency },
    stripe: { paymentIntentId: v1.paymentIntentId, checkoutSessionId: v1.checkoutSessionId },
  };
}

describe('Message versions: v1 still applies after v2 ships (real PostgreSQL and Redis)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  const opened: INestApplicationContext[] = [];

  const start = async (catalog: MessageCatalogLike | undefined, consumer: boolean, retryAttempts = 3) => {
    const app = await startHarness({
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      prefix,
      catalog,
      consumer: consumer ? {} : false,
      retry: { attempts: retryAttempts, backoffMs: 50 },
    });
    opened.push(app);
    return app;
  };
  const close = async (app: INestApplicationContext) => {
    opened.splice(opened.indexOf(app), 1);
    await app.close();
  };
  const effectCount = async (dataSource: DataSource, messageId: string): Promise<number> => {
    const rows: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM effects WHERE message_id = $1', [messageId]);
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    database = await createTestDatabase('versions');
    prefix = uniqueName('versions');
  });

  afterAll(async () => {
    for (const app of opened.splice(0)) await app.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('applies a v1 written by the old producer and a v2 written by the new one, the handler seeing both as v2', async () => {
    // The old service: knows only v1, writes to the outbox and relays, consumes nothing.
    const old = await start(undefined, false);
    const v1Payload = paymentSucceededPayload();
    const v1 = await old
      .get<DataSource>(getDataSourceToken())
      .transaction((manager) => old.get(OutboxWriter).publish(manager, TEST_TYPE, v1Payload));
    expect(v1.version).toBe(1);
    await eventually('the v1 event to reach the queue', async () => (await old.get(QueueRegistry).get(TEST_QUEUE).getJob(v1.id)) !== undefined);
    await close(old);

    // The new service: v2 shipped. It writes v2 and consumes the queue holding the old v1.
    const current = await start(CATALOG_WITH_V2, true);
    const dataSource = current.get<DataSource>(getDataSourceToken());
    const probe = current.get(Probe);
    const v2Payload = v2Of(paymentSucceededPayload());
    const v2 = await dataSource.transaction((manager) =>
      current.get(OutboxWriter).publish(manager, TEST_TYPE, v2Payload as never),
    );
    expect(v2.version).toBe(2);
    const [written] = await dataSource.query<{ envelope: Envelope }[]>('SELECT envelope FROM outbox WHERE id = $1', [v2.id]);
    expect(written.envelope).toMatchObject({ version: 2, payload: v2Payload });

    await eventually('both to be applied', async () =>
      (await effectCount(dataSource, v1.id)) === 1 && (await effectCount(dataSource, v2.id)) === 1,
    );
    const seen = (id: string) => probe.calls.filter((call) => call.messageId === id);
    expect(seen(v1.id)).toEqual([expect.objectContaining({ version: 2, payload: v2Of(v1Payload) })]);
    expect(seen(v2.id)).toEqual([expect.objectContaining({ version: 2, payload: v2Payload })]);
    await close(current);
  });

  it('replays a v1 dead letter after v2 shipped, and it is applied upcast', async () => {
    // The old consumer dead-letters a v1 message (its handler is broken for it).
    const old = await start(undefined, true, 1);
    const oldProbe = old.get(Probe);
    oldProbe.behaviour = () => {
      throw new Error('handler bug: cannot apply');
    };
    const v1Payload = paymentSucceededPayload();
    const v1 = await old
      .get<DataSource>(getDataSourceToken())
      .transaction((manager) => old.get(OutboxWriter).publish(manager, TEST_TYPE, v1Payload));
    const deadLetterQueue = old.get(QueueRegistry).deadLetterQueue(TEST_QUEUE);
    const letter = await eventually('the v1 dead letter', async () => (await deadLetterQueue.getJob(v1.id))?.data as DeadLetter | undefined);
    expect(letter).toMatchObject({ error: 'handler bug: cannot apply', envelope: { id: v1.id, version: 1 } });
    await close(old);

    // v2 ships (with the handler fixed); a human replays the dead letter.
    const current = await start(CATALOG_WITH_V2, true);
    const dataSource = current.get<DataSource>(getDataSourceToken());
    expect(await current.get(DeadLetterService).replay(TEST_QUEUE, [v1.id])).toBe(1);
    await eventually('the replayed v1 to be applied', async () => (await effectCount(dataSource, v1.id)) === 1);
    expect(current.get(Probe).calls.filter((call) => call.messageId === v1.id)).toEqual([
      expect.objectContaining({ version: 2, payload: v2Of(v1Payload) }),
    ]);
    expect(await current.get(QueueRegistry).deadLetterQueue(TEST_QUEUE).getJob(v1.id)).toBeUndefined();
    await close(current);
  });

  it('dead-letters a version newer than the consumer knows after one attempt, never reaching the handler', async () => {
    const app = await start(CATALOG_WITH_V2, true);
    const queues = app.get(QueueRegistry);
    const envelopes = [3, 7].map((version) => ({
      id: randomUUID(),
      type: TEST_TYPE,
      version,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      payload: v2Of(paymentSucceededPayload()),
    }));
    for (const envelope of envelopes) await queues.get(TEST_QUEUE).add(envelope.type, envelope, { jobId: envelope.id });
    for (const envelope of envelopes) {
      const letter = await eventually('the dead letter', async () =>
        (await queues.deadLetterQueue(TEST_QUEUE).getJob(envelope.id))?.data as DeadLetter | undefined,
      );
      expect(letter.attemptsMade).toBe(1);
      expect(letter.error).toContain(`No schema for "payment.succeeded" v${envelope.version} (known: v1, v2)`);
      expect(letter.error).toContain('written by a newer producer');
    }
    expect(app.get(Probe).calls).toEqual([]);
    await close(app);
  });
});
