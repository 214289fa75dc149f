import { DEFAULT_MAX_STALLED_COUNT, OutboxWriter, QueueRegistry } from '@app/messaging';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { TEST_QUEUE, TEST_TYPE, paymentSucceededPayload, startHarness } from '../../../test/support/messaging-harness';
import { PrivateRedis } from '../../../test/support/redis-server';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../test/support/test-infra';

const WORKER_FIXTURE = resolve(__dirname, '../../../dist/test/support/fixtures/worker-process.js');

async function effectsByMessage(dataSource: DataSource): Promise<Map<string, number>> {
  const rows: { message_id: string; n: string }[] = await dataSource.query(
    'SELECT message_id, count(*) AS n FROM effects GROUP BY message_id',
  );
  return new Map(rows.map((row) => [row.message_id, Number(row.n)]));
}

interface WorkerProcess {
  child: ChildProcess;
  messages: Array<{ event: string; messageId?: string }>;
  kill(): Promise<void>;
}

/** A consumer in its own process whose handler never finishes a message: killing it leaves the job stalled. */
async function startWorkerProcess(databaseUrl: string, prefix: string): Promise<WorkerProcess> {
  const child = fork(WORKER_FIXTURE, [], {
    env: { ...process.env, TEST_DATABASE_URL: databaseUrl, TEST_REDIS_URL: REDIS_URL, TEST_PREFIX: prefix },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const messages: WorkerProcess['messages'] = [];
  child.on('message', (message: { event: string; messageId?: string }) => messages.push(message));
  await eventually('the worker process to be ready', () => messages.some((m) => m.event === 'ready'), { timeoutMs: 20_000 });
  return {
    child,
    messages,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** `rounds` workers in turn take the job and are SIGKILLed in the middle of it. */
async function killWorkersMidJob(databaseUrl: string, prefix: string, messageId: string, rounds: number, workers: WorkerProcess[]): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    const worker = await startWorkerProcess(databaseUrl, prefix);
    workers.push(worker);
    await eventually(`worker ${round + 1} to be in the middle of the job`, () =>
      worker.messages.some((m) => m.event === 'in-job' && m.messageId === messageId),
    );
    await worker.kill();
  }
}

describe('Messaging under faults (real processes, PostgreSQL and Redis)', () => {
  it('delivers every event written while Redis was stopped, none lost and none twice', async () => {
    const database = await createTestDatabase('redis_down');
    const redis = await PrivateRedis.start();
    const prefix = uniqueName('redis_down');
    const app = await startHarness({ databaseUrl: database.url, redisUrl: redis.url, prefix, producer: { pollIntervalMs: 100 } });
    try {
      const dataSource: DataSource = app.get(getDataSourceToken());
      const writer = app.get(OutboxWriter);
      const write = () => dataSource.transaction((manager) => writer.publish(manager, TEST_TYPE, paymentSucceededPayload()));

      const before = [await write(), await write()];
      await eventually('delivery before the outage', async () => (await effectsByMessage(dataSource)).size === 2);

      await redis.stop();
      const during = [];
      for (let i = 0; i < 20; i += 1) during.push(await write());
      const unpublished: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      expect(Number(unpublished[0].n)).toBe(20);
      await redis.start();

      const all = [...before, ...during].map((event) => event.id);
      const effects = await eventually(
        'every event to be applied after Redis returns',
        async () => {
          const current = await effectsByMessage(dataSource);
          return all.every((id) => current.has(id)) ? current : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(effects.size).toBe(22);
      expect([...effects.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await app.close();
      await redis.destroy();
      await database.drop();
    }
  });

  it('runs a job again after its worker is killed with SIGKILL mid-job, with one effect', async () => {
    const database = await createTestDatabase('sigkill');
    const prefix = uniqueName('sigkill');
    // Created without a consumer: only the child process works the queue at first.
    const producer = await startHarness({ databaseUrl: database.url, redisUrl: REDIS_URL, prefix, consumer: false });
    let worker: WorkerProcess | null = null;
    let rescuer: INestApplicationContext | null = null;
    try {
      worker = await startWorkerProcess(database.url, prefix);
      const { messages } = worker;

      const dataSource: DataSource = producer.get(getDataSourceToken());
      const event = await dataSource.transaction((manager) =>
        producer.get(OutboxWriter).publish(manager, TEST_TYPE, paymentSucceededPayload()),
      );
      await eventually('the worker to be in the middle of the job', () =>
        messages.some((m) => m.event === 'in-job' && m.messageId === event.id),
      );
      await worker.kill();
      expect((await effectsByMessage(dataSource)).get(event.id)).toBeUndefined();

      rescuer = await startHarness({
        databaseUrl: database.url,
        redisUrl: REDIS_URL,
        prefix,
        producer: false,
        consumer: { lockDurationMs: 1000, stalledIntervalMs: 300 },
      });
      const queue = producer.get(QueueRegistry).get(TEST_QUEUE);
      const job = await eventually('the stalled job to run again and complete', async () => {
        const current = await queue.getJob(event.id);
        return current?.finishedOn ? current : undefined;
      });
      expect(job.returnvalue).toBe('applied');
      expect((await effectsByMessage(dataSource)).get(event.id)).toBe(1);
    } finally {
      await worker?.kill();
      await rescuer?.close();
      await producer.close();
      await deleteQueueKeys(REDIS_URL, prefix);
      await database.drop();
    }
  });

  it('runs a job again, once in effect, after two workers in turn die in the middle of it (found by the fault suite)', async () => {
    const database = await createTestDatabase('stalled_twice');
    const prefix = uniqueName('stalled_twice');
    const producer = await startHarness({ databaseUrl: database.url, redisUrl: REDIS_URL, prefix, consumer: false });
    const workers: WorkerProcess[] = [];
    let rescuer: INestApplicationContext | null = null;
    try {
      const dataSource: DataSource = producer.get(getDataSourceToken());
      const event = await dataSource.transaction((manager) =>
        producer.get(OutboxWriter).publish(manager, TEST_TYPE, paymentSucceededPayload()),
      );
      await killWorkersMidJob(database.url, prefix, event.id, 2, workers);
      rescuer = await startHarness({
        databaseUrl: database.url,
        redisUrl: REDIS_URL,
        prefix,
        producer: false,
        consumer: { lockDurationMs: 1000, stalledIntervalMs: 300, sweepIntervalMs: 300 },
      });
      const queue = producer.get(QueueRegistry).get(TEST_QUEUE);
      const job = await eventually('the twice-stalled job to run again and complete', async () => {
        const current = await queue.getJob(event.id);
        return current?.finishedOn ? current : undefined;
      });
      expect(job.returnvalue).toBe('applied');
      expect((await effectsByMessage(dataSource)).get(event.id)).toBe(1);
      expect(await producer.get(QueueRegistry).deadLetterQueue(TEST_QUEUE).getJob(event.id)).toBeUndefined();
    } finally {
      await Promise.all(workers.map((worker) => worker.kill()));
      await rescuer?.close();
      await producer.close();
      await deleteQueueKeys(REDIS_URL, prefix);
      await database.drop();
    }
  });

  it('dead-letters a job that stalls more often than allowed (its workers keep dying)', async () => {
    const database = await createTestDatabase('stalled_out');
    const prefix = uniqueName('stalled_out');
    const producer = await startHarness({ databaseUrl: database.url, redisUrl: REDIS_URL, prefix, consumer: false });
    const workers: WorkerProcess[] = [];
    let sweeper: INestApplicationContext | null = null;
    try {
      const dataSource: DataSource = producer.get(getDataSourceToken());
      const event = await dataSource.transaction((manager) =>
        producer.get(OutboxWriter).publish(manager, TEST_TYPE, paymentSucceededPayload()),
      );
      // One worker more than the stall limit allows takes the job in turn and dies in the middle of it.
      await killWorkersMidJob(database.url, prefix, event.id, DEFAULT_MAX_STALLED_COUNT + 1, workers);
      // The next worker's stalled check fails the job (no 'failed' event is emitted for that); its sweep finds it.
      sweeper = await startHarness({
        databaseUrl: database.url,
        redisUrl: REDIS_URL,
        prefix,
        producer: false,
        consumer: { lockDurationMs: 1000, stalledIntervalMs: 300, sweepIntervalMs: 300 },
      });
      const dlq = producer.get(QueueRegistry).deadLetterQueue(TEST_QUEUE);
      const letter = await eventually('the stalled-out job in the dead-letter queue', async () => (await dlq.getJob(event.id))?.data);
      expect(letter).toMatchObject({ queue: TEST_QUEUE, jobId: event.id, type: TEST_TYPE });
      expect(letter.error).toContain('stalled more than allowable limit');
      expect((await effectsByMessage(dataSource)).get(event.id)).toBeUndefined();
    } finally {
      await Promise.all(workers.map((worker) => worker.kill()));
      await sweeper?.close();
      await producer.close();
      await deleteQueueKeys(REDIS_URL, prefix);
      await database.drop();
    }
  });
});
