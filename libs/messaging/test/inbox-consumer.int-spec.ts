import { Envelope, deadLetterQueueOf } from '@app/contracts';
import { DeadLetter, DeadLetterService, OutboxWriter, QueueRegistry } from '@app/messaging';
import { INestApplicationContext, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  Probe,
  RecordingHandler,
  TEST_QUEUE,
  TEST_TYPE,
  paymentSucceededPayload,
  startHarness,
} from '../../../test/support/messaging-harness';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../test/support/test-infra';

function envelopeOf(payload: unknown, overrides: Partial<Envelope> = {}): Envelope {
  return {
    id: randomUUID(),
    type: TEST_TYPE,
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    payload,
    ...overrides,
  };
}

describe('Inbox consumer (real PostgreSQL and Redis)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let probe: Probe;
  let queues: QueueRegistry;
  let deadLetters: DeadLetterService;

  const effectCount = async (messageId: string): Promise<number> => {
    const rows: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM effects WHERE message_id = $1', [messageId]);
    return Number(rows[0].n);
  };
  const deadLetterOf = async (jobId: string): Promise<DeadLetter | undefined> =>
    (await queues.deadLetterQueue(TEST_QUEUE).getJob(jobId))?.data as DeadLetter | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('inbox');
    prefix = uniqueName('inbox');
    app = await startHarness({
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      prefix,
      // Jitter 0.25 keeps successive retry windows apart ([0.75d, d], [1.5d, 2d]) so growth is observable.
      retry: { attempts: 3, backoffMs: 300, jitter: 0.25 },
    });
    dataSource = app.get(getDataSourceToken());
    probe = app.get(Probe);
    queues = app.get(QueueRegistry);
    deadLetters = app.get(DeadLetterService);
  });

  afterEach(() => {
    probe.behaviour = () => undefined;
  });

  afterAll(async () => {
    await app?.close();
    await deleteQueueKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('applies the same message delivered 5 times concurrently once', async () => {
    const envelope = envelopeOf(paymentSucceededPayload());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    probe.behaviour = (message) => (message.id === envelope.id ? gate : undefined);
    const queue = queues.get(TEST_QUEUE);
    const copies = await queue.addBulk(
      Array.from({ length: 5 }, (_, copy) => ({ name: TEST_TYPE, data: envelope, opts: { jobId: `${envelope.id}-copy-${copy}` } })),
    );
    // The first delivery holds its transaction open; the other four are taken meanwhile and block on its inbox row.
    await probe.waitForCalls(1);
    await eventually('all five copies to be taken by the worker', async () => (await queue.getActiveCount()) === 5);
    release();

    const outcomes = await Promise.all(
      copies.map((job) =>
        eventually(`copy ${job.id} to finish`, async () => (await queue.getJob(job.id!))?.returnvalue as string | undefined),
      ),
    );
    expect(outcomes.sort()).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await effectCount(envelope.id)).toBe(1);
  });

  it('retries a handler that fails twice, with growing gaps, and completes on the third attempt', async () => {
    const payload = paymentSucceededPayload();
    probe.behaviour = (message, context) => {
      if (message.payload.bookingId === payload.bookingId && context.attempt <= 2) {
        throw new Error(`transient failure ${context.attempt}`);
      }
    };
    const event = await dataSource.transaction((manager) => app.get(OutboxWriter).publish(manager, TEST_TYPE, payload));

    await eventually('the effect after retries', async () => (await effectCount(event.id)) === 1);
    const attempts = probe.calls.filter((call) => call.messageId === event.id);
    expect(attempts.map((call) => call.attempt)).toEqual([1, 2, 3]);
    const job = await queues.get(TEST_QUEUE).getJob(event.id);
    expect(job?.attemptsMade).toBe(3);
    expect(job?.returnvalue).toBe('applied');
    const firstGap = attempts[1].at - attempts[0].at;
    const secondGap = attempts[2].at - attempts[1].at;
    expect(firstGap).toBeGreaterThanOrEqual(225);
    expect(secondGap).toBeGreaterThan(firstGap);
  });

  it('dead-letters a message that always fails, and replays it once after the fix', async () => {
    const payload = paymentSucceededPayload();
    let fixed = false;
    probe.behaviour = (message) => {
      if (message.payload.bookingId === payload.bookingId && !fixed) throw new Error('handler bug: cannot apply');
    };
    const event = await dataSource.transaction((manager) => app.get(OutboxWriter).publish(manager, TEST_TYPE, payload));

    const letter = await eventually('the dead letter', () => deadLetterOf(event.id));
    expect(letter).toMatchObject({
      queue: TEST_QUEUE,
      jobId: event.id,
      type: TEST_TYPE,
      attemptsMade: 3,
      error: 'handler bug: cannot apply',
      envelope: { id: event.id, type: TEST_TYPE },
    });
    expect(await effectCount(event.id)).toBe(0);
    expect(await queues.get(TEST_QUEUE).getJob(event.id)).toBeUndefined();
    expect(deadLetterQueueOf(TEST_QUEUE)).toBe('test-inbox-dlq');

    fixed = true;
    expect(await deadLetters.replay(TEST_QUEUE)).toBe(1);
    await eventually('the replayed message to be applied', async () => (await effectCount(event.id)) === 1);
    await eventually('the replayed job to complete', async () => (await queues.get(TEST_QUEUE).getJob(event.id))?.finishedOn);
    expect(await deadLetterOf(event.id)).toBeUndefined();

    expect(await deadLetters.replay(TEST_QUEUE)).toBe(0);
    expect(await deadLetters.replay(TEST_QUEUE, [event.id])).toBe(0);
    expect(await effectCount(event.id)).toBe(1);
  });

  it('sends a payload that fails its schema to the dead-letter queue after exactly one attempt', async () => {
    const envelope = envelopeOf(paymentSucceededPayload({ amountCents: -5, currency: 'GBP' }));
    await queues.get(TEST_QUEUE).add(TEST_TYPE, envelope, { jobId: envelope.id });

    const letter = await eventually('the dead letter', () => deadLetterOf(envelope.id));
    expect(letter.attemptsMade).toBe(1);
    expect(letter.error).toContain('fails its schema');
    expect(letter.error).toContain('amountCents');
    expect(probe.calls.some((call) => call.messageId === envelope.id)).toBe(false);
  });

  it('sends a message of a type nobody handles here straight to the dead-letter queue', async () => {
    const envelope = envelopeOf({ anything: true }, { type: 'booking.unknown_thing' });
    await queues.get(TEST_QUEUE).add(envelope.type, envelope, { jobId: envelope.id });

    const letter = await eventually('the dead letter', () => deadLetterOf(envelope.id));
    expect(letter.attemptsMade).toBe(1);
    expect(letter.error).toContain('Unknown message type "booking.unknown_thing"');
  });

  describe('boot-time check of handlers against the routing table', () => {
    @Injectable()
    class SecondHandler extends RecordingHandler {}

    const boot = (handlers: unknown[], routes: Record<string, string[]>) =>
      startHarness({
        databaseUrl: database.url,
        redisUrl: REDIS_URL,
        prefix,
        producer: false,
        consumer: { queue: 'boot-check' },
        routes,
        handlers: handlers as never,
      });

    it('refuses to start when a routed type has no handler', async () => {
      await expect(boot([], { [TEST_TYPE]: ['boot-check'] })).rejects.toThrow(
        '"payment.succeeded" is routed to boot-check but has no handler',
      );
    });

    it('refuses to start when a routed type has two handlers', async () => {
      await expect(boot([RecordingHandler, SecondHandler], { [TEST_TYPE]: ['boot-check'] })).rejects.toThrow(
        '"payment.succeeded" has 2 handlers on boot-check',
      );
    });

    it('refuses to start when a handler listens for a type not routed to its queue', async () => {
      await expect(boot([RecordingHandler], { [TEST_TYPE]: ['elsewhere'] })).rejects.toThrow(
        'RecordingHandler handles "payment.succeeded", which is not routed to boot-check',
      );
    });
  });
});
