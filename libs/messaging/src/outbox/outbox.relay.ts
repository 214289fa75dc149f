import { BROADCAST_QUEUES, Envelope, QueueName, broadcastChannelOf } from '@app/contracts';
import { counter, histogram } from '@app/platform';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, RelayOptions, ResolvedMessagingOptions } from '../messaging.options';
import { QueueRegistry } from '../redis/queue-registry';
import { OutboxCommitSignal } from './outbox-commit.signal';
import { OUTBOX_CHANNEL } from './outbox.writer';

interface OutboxRow {
  id: string;
  type: string;
  envelope: Envelope;
  created_at: Date;
}

/** Test seam: lets a test crash the relay between enqueueing and marking rows published. */
export interface RelayHooks {
  afterEnqueue?: (ids: string[]) => Promise<void> | void;
}

const relayLag = histogram(
  'outbox_relay_lag_seconds',
  'Time from an outbox row being written to its jobs being enqueued',
  ['service'],
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
);
const relayed = counter('outbox_relayed_total', 'Outbox messages enqueued', ['service']);
const relayErrors = counter('outbox_relay_errors_total', 'Failed relay runs (retried)', ['service']);

/*
 * The claim updates its rows by primary key: `= ANY(ARRAY(...))`, not `IN (...)`. With IN, the
 * planner may hash-join a sequential scan of the whole outbox — which keeps published rows for
 * retentionHours — on every claim, as it does while its statistics are stale (a fresh or just
 * grown table). Exported for the plan test.
 */
export const CLAIM_SQL = `UPDATE outbox SET published_at = clock_timestamp()
   WHERE seq = ANY(ARRAY(SELECT seq FROM outbox WHERE published_at IS NULL
                          ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
   RETURNING id, type, envelope, created_at`;

/**
 * Moves committed outbox rows to their queues. Woken at once by a commit in this process
 * (OutboxCommitSignal), by LISTEN/NOTIFY for other processes' commits, and by a poll.
 * Several relays may run (replicas): each claims a disjoint batch with FOR UPDATE SKIP
 * LOCKED and holds the row locks while it enqueues. A crash after enqueueing but before
 * marking leaves the rows unpublished; the next run enqueues them again with the same jobId
 * (the event id), which BullMQ drops, and the consumer's inbox drops whatever still gets through.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly options: RelayOptions;
  /** BEGIN, the commit setting and the claim, one simple query (no parameters there: the batch size is an integer of ours). */
  private readonly beginAndClaim: string;
  private listener: Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private cleanupTimer: NodeJS.Timeout | null = null;
  /** Batches in flight in this process: SKIP LOCKED keeps their claims disjoint, as across replicas. */
  private readonly running = new Set<Promise<void>>();
  private rerun = false;
  private stopped = true;
  private failures = 0;
  private readonly unrouted = new Set<string>();
  hooks: RelayHooks = {};

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly messaging: ResolvedMessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    private readonly commitSignal: OutboxCommitSignal,
  ) {
    commitSignal.onCommit(() => this.wake());
    if (!messaging.producer) throw new Error('OutboxRelay needs producer options');
    this.options = messaging.producer;
    if (!Number.isSafeInteger(this.options.batchSize) || this.options.batchSize < 1) {
      throw new Error(`Relay batch size must be a positive integer (got ${this.options.batchSize})`);
    }
    // The claim's COMMIT need not wait for its WAL to reach the disk: a crash of PostgreSQL that
    // loses it leaves the rows unpublished, and they are sent again (dropped as duplicates by
    // BullMQ's jobId and the consumers' inboxes), as after a relay crash.
    this.beginAndClaim = `BEGIN; SET LOCAL synchronous_commit = off; ${CLAIM_SQL.replace('$1', String(this.options.batchSize))}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.autoStart) await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.cleanupTimer = setInterval(() => void this.deletePublished(), 60_000);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    this.pollTimer = this.cleanupTimer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await Promise.all(this.running);
  }

  /**
   * Ask for a drain now. Up to `concurrency` drains run side by side, so a commit that
   * lands while one batch is being enqueued is claimed at once instead of waiting for it;
   * past that, one more drain runs when a running one finishes.
   */
  wake(): void {
    if (this.stopped) return;
    if (this.running.size >= this.options.concurrency) {
      this.rerun = true;
      return;
    }
    this.rerun = false;
    const run: Promise<void> = this.drain()
      .then(() => undefined)
      .finally(() => {
        this.running.delete(run);
        if (this.rerun) this.wake();
      });
    this.running.add(run);
  }

  /** Relay until the outbox is empty (or a run fails); returns how many rows were published. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const published = await this.relayBatch();
        total += published;
        if (published < this.options.batchSize) break;
      }
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      relayErrors.inc({ service: this.messaging.service });
      // Redis or the database is away: the rows stay unpublished; back off, then try again.
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn(`Outbox relay failed (${this.failures}x), will retry: ${(error as Error).message}`);
      }
      const retryIn = Math.min(100 * 2 ** Math.min(this.failures, 5), this.options.pollIntervalMs);
      setTimeout(() => this.wake(), retryIn).unref();
    }
    return total;
  }

  /**
   * Claim one batch, enqueue it, and commit: one transaction. The claim marks the rows
   * published, but that becomes true only at COMMIT, after the jobs are in Redis; a
   * crash or error before then rolls the claim back and the rows wait for the next run.
   *
   * It runs on a plain connection of the service's pool, BEGIN and the claim sent as one
   * simple query: two round trips to PostgreSQL per batch instead of TypeORM's three. The
   * relay runs on every commit of every service, so that is a third fewer of its statements.
   */
  async relayBatch(): Promise<number> {
    // Never hold row locks while waiting for Redis to come up.
    await this.queues.ready();
    const client = await this.pool().connect();
    let broken: Error | undefined;
    try {
      const results = (await client.query(this.beginAndClaim)) as unknown as { rows: OutboxRow[] }[];
      const rows = results[results.length - 1].rows;
      if (rows.length > 0) {
        await this.enqueue(rows);
        await this.hooks.afterEnqueue?.(rows.map((row) => row.id));
      }
      await client.query('COMMIT');
      if (rows.length > 0) this.observe(rows);
      return rows.length;
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').then(
        () => (broken = undefined),
        () => undefined,
      );
      throw error;
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: the pool discards it.
      client.release(broken);
    }
  }

  /**
   * Jobs for every queue a row is routed to, and one PUBLISH per broadcast queue
   * (BROADCAST_QUEUES) carrying its envelopes in order — all before COMMIT, so a failure
   * rolls the claim back and the batch is sent again (a broadcast may then arrive twice;
   * its consumers are idempotent by nature).
   */
  private async enqueue(rows: OutboxRow[]): Promise<void> {
    const jobsByQueue = new Map<string, { name: string; data: Envelope; opts: { jobId: string } }[]>();
    const broadcasts = new Map<string, Envelope[]>();
    for (const row of rows) {
      const destinations = this.messaging.routes[row.type] ?? [];
      if (destinations.length === 0 && !this.unrouted.has(row.type)) {
        this.unrouted.add(row.type);
        this.logger.warn(`Messages of type ${row.type} have no route: nobody receives them yet`);
      }
      for (const queue of destinations) {
        if (BROADCAST_QUEUES.has(queue as QueueName)) {
          const envelopes = broadcasts.get(queue) ?? [];
          envelopes.push(row.envelope);
          broadcasts.set(queue, envelopes);
          continue;
        }
        const jobs = jobsByQueue.get(queue) ?? [];
        // jobId is the event id: a re-send after a crash is dropped by BullMQ.
        jobs.push({ name: row.type, data: row.envelope, opts: { jobId: row.id } });
        jobsByQueue.set(queue, jobs);
      }
    }
    await Promise.all([
      ...[...jobsByQueue].map(([queue, jobs]) => this.queues.get(queue).addBulk(jobs)),
      ...[...broadcasts].map(([queue, envelopes]) =>
        this.queues.publish(broadcastChannelOf(this.messaging.prefix, queue), JSON.stringify(envelopes)),
      ),
    ]);
  }

  private observe(rows: OutboxRow[]): void {
    const now = Date.now();
    for (const row of rows) {
      relayLag.observe({ service: this.messaging.service }, (now - new Date(row.created_at).getTime()) / 1000);
    }
    relayed.inc({ service: this.messaging.service }, rows.length);
  }

  /** The service's own pg pool (TypeORM's), for the relay's plain connections. */
  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  async deletePublished(): Promise<number> {
    try {
      const result: [unknown[], number] = await this.dataSource.query(
        `DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`,
        [this.options.retentionHours],
      );
      return result[1] ?? 0;
    } catch (error) {
      this.logger.warn(`Could not delete published outbox rows: ${(error as Error).message}`);
      return 0;
    }
  }

  /** A dedicated connection LISTENs for commits; if it drops, the poll covers until it is back. */
  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: `${this.messaging.service}-relay` });
    // Our own commits wake the relay in-process already (OutboxCommitSignal): only others' count here.
    client.on('notification', (message) => {
      if (message.payload !== this.commitSignal.token) this.wake();
    });
    client.on('error', (error) => {
      this.logger.warn(`Outbox LISTEN connection lost: ${error.message}`);
      if (this.listener === client) {
        this.listener = null;
        setTimeout(() => void this.reconnectListener(), this.options.pollIntervalMs).unref();
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn(`Could not LISTEN for outbox commits (${(error as Error).message}); polling instead`);
      setTimeout(() => void this.reconnectListener(), this.options.pollIntervalMs).unref();
    }
  }

  private async reconnectListener(): Promise<void> {
    if (this.stopped || this.listener) return;
    await this.listen();
    this.wake();
  }
}
