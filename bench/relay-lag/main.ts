/**
 * bench/relay-lag — commit → job enqueued, at a paced rate (default 1,000 events/s).
 *
 * Each event is written in its own transaction through the outbox writer, the way a
 * service writes one; the lag is the time from that transaction's COMMIT returning to
 * the relay's addBulk for the event resolving. Baseline, same run, same Redis and
 * PostgreSQL: the dual write this design replaces (commit, then queue.add straight
 * away) — the floor any relay could reach, with none of its guarantees.
 */
import 'reflect-metadata';
import { OutboxRelay, OutboxWriter, QueueRegistry } from '@app/messaging';
import { getDataSourceToken } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import {
  TEST_TYPE,
  paymentSucceededPayload,
  startHarness,
} from '../../test/support/messaging-harness';
import {
  REDIS_URL,
  createTestDatabase,
  deleteQueueKeys,
  uniqueName,
} from '../../test/support/test-infra';
import { benchmark } from '../support/benchmark';
import { onShutdown } from '../support/cleanup';
import { summarize } from '../support/stats';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 1;
const TICK_MS = 10;

/** Run `fire` RATE times a second for SECONDS (open loop: a slow call does not slow the schedule). */
async function paced(fire: (index: number) => Promise<void>): Promise<void> {
  const perTick = (RATE * TICK_MS) / 1000;
  const total = RATE * (SECONDS + WARMUP_SECONDS);
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let fired = 0;
  while (fired < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / TICK_MS + 1) * perTick));
    while (fired < due) inFlight.push(fire(fired++));
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(inFlight);
}

benchmark('relay-lag', async ({ record }) => {
  const database = await createTestDatabase('bench_relay');
  const prefix = uniqueName('bench_relay');
  const queueName = 'bench-relay';
  let app: Awaited<ReturnType<typeof startHarness>> | null = null;
  let cleaned: Promise<void> | null = null;
  const cleanup = () => {
    cleaned ??= (async () => {
      await app?.close().catch(() => undefined);
      await deleteQueueKeys(REDIS_URL, prefix);
      await database.drop();
    })();
    return cleaned;
  };
  const unregister = onShutdown(cleanup);
  try {
    app = await startHarness({
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      prefix,
      consumer: false,
      routes: { [TEST_TYPE]: [queueName] },
    });
    const dataSource: DataSource = app.get(getDataSourceToken());
    const writer = app.get(OutboxWriter);
    const relay = app.get(OutboxRelay);
    const queues = app.get(QueueRegistry);
    const warmup = RATE * WARMUP_SECONDS;

    // Outbox: COMMIT returned → relay's addBulk resolved.
    const committedAt = new Map<string, number>();
    const enqueuedAt = new Map<string, number>();
    const warmIds = new Set<string>();
    relay.hooks.afterEnqueue = (ids) => {
      const now = performance.now();
      for (const id of ids) enqueuedAt.set(id, now);
    };
    await paced(async (index) => {
      const event = await dataSource.transaction((manager) =>
        writer.publish(manager, TEST_TYPE, paymentSucceededPayload()),
      );
      committedAt.set(event.id, performance.now());
      if (index < warmup) warmIds.add(event.id);
    });
    const deadline = Date.now() + 30_000;
    while (enqueuedAt.size < committedAt.size && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const outboxLag: number[] = [];
    for (const [id, committed] of committedAt) {
      if (warmIds.has(id)) continue;
      const enqueued = enqueuedAt.get(id);
      if (enqueued !== undefined) outboxLag.push(Math.max(0, enqueued - committed));
    }
    const lost =
      committedAt.size - [...committedAt.keys()].filter((id) => enqueuedAt.has(id)).length;

    // Baseline: COMMIT returned → direct queue.add resolved (the unsafe dual write).
    const baselineQueue = queues.get(`${queueName}-baseline`);
    const directLag: number[] = [];
    await paced(async (index) => {
      const payload = paymentSucceededPayload();
      await dataSource.query('SELECT 1');
      const committed = performance.now();
      await baselineQueue.add(TEST_TYPE, payload);
      if (index >= warmup) directLag.push(performance.now() - committed);
    });

    const result = {
      ratePerSecond: RATE,
      seconds: SECONDS,
      outboxCommitToEnqueuedMs: summarize(outboxLag),
      baselineDirectEnqueueMs: summarize(directLag),
      notEnqueued: lost,
      target: 'outbox p99 <= 10 ms',
      meetsTarget: summarize(outboxLag).p99 <= 10 && lost === 0,
    };
    console.table({
      'outbox relay (commit → enqueued)': result.outboxCommitToEnqueuedMs,
      'baseline: direct queue.add after commit': result.baselineDirectEnqueueMs,
    });
    console.log(`events not enqueued: ${lost}; results written to ${record(result)}`);
  } finally {
    unregister();
    await cleanup();
  }
});
