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
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, RelayOptions, ResolvedMessagingOptions } from '../messaging.options';
import { QueueRegistry } from '../redis/queue-registry';
import { CommittedOutbox, OutboxCommitSignal } from './outbox-commit.signal';

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
 * grown table). $2: only rows written at least this many milliseconds ago. Exported for the plan test.
 */
export const CLAIM_SQL = `UPDATE outbox SET published_at = clock_timestamp()
   WHERE seq = ANY(ARRAY(SELECT seq FROM outbox
                          WHERE published_at IS NULL AND created_at <= clock_timestamp() - make_interval(secs => $2::double precision / 1000)
                          ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
   RETURNING id, type, envelope, created_at`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Moves committed outbox rows to their queues (DESIGN §7 as amended in docs/architecture.md).
 *
 * The fast path: a commit in this process hands the relay the envelopes it wrote
 * (OutboxCommitSignal); the relay enqueues them at once and marks their rows published
 * afterwards, many commits' rows in one statement. Nothing is read back and nothing is locked, so
 * a relayed commit costs PostgreSQL one statement shared by all the commits that finished
 * meanwhile, instead of a claim and a COMMIT each.
 *
 * The claim path: a poll claims unpublished rows older than `claimAfterMs` (FOR UPDATE SKIP
 * LOCKED, batches) and holds their locks while it enqueues them; it sends what no fast path did —
 * a commit whose sending failed, one whose process died before sending, one that wrote inside a
 * savepoint (which may have been rolled back: only the table knows what stayed).
 *
 * Either way a message may be sent twice (a crash or an error after enqueueing, before marking;
 * a fast path slower than `claimAfterMs`): the jobId is the event id, which BullMQ drops while the
 * job exists, and the consumer's inbox drops whatever still gets through. Nothing is lost: a row
 * stays unpublished until its jobs are in Redis.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly options: RelayOptions;
  private pollTimer: NodeJS.Timeout | null = null;
  private cleanupTimer: NodeJS.Timeout | null = null;
  /** Claim batches in flight in this process: SKIP LOCKED keeps them disjoint, as across replicas. */
  private readonly running = new Set<Promise<void>>();
  /** A drain asked for while `concurrency` ran: the youngest rows it may claim (see wake). */
  private rerunOlderThanMs: number | null = null;
  private stopped = true;
  private failures = 0;
  private readonly unrouted = new Set<string>();
  /** Committed envelopes waiting for the fast path, in commit order. */
  private committed: Envelope[] = [];
  private sending: Promise<void> | null = null;
  /** Ids enqueued by the fast path whose rows are still to be marked published. */
  private unmarked: string[] = [];
  private marking: Promise<void> | null = null;
  private markFailures = 0;
  hooks: RelayHooks = {};

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly messaging: ResolvedMessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    commitSignal: OutboxCommitSignal,
  ) {
    commitSignal.onCommit((committed) => this.onCommit(committed));
    if (!messaging.producer) throw new Error('OutboxRelay needs producer options');
    this.options = messaging.producer;
    if (!Number.isSafeInteger(this.options.batchSize) || this.options.batchSize < 1) {
      throw new Error(`Relay batch size must be a positive integer (got ${this.options.batchSize})`);
    }
    if (!Number.isSafeInteger(this.options.claimAfterMs) || this.options.claimAfterMs < 0) {
      throw new Error(`Relay claimAfterMs must be a non-negative integer (got ${this.options.claimAfterMs})`);
    }
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
    this.pollTimer = setInterval(() => this.wake(this.options.claimAfterMs), this.options.pollIntervalMs);
    this.cleanupTimer = setInterval(() => void this.deletePublished(), 60_000);
    this.wake(this.options.claimAfterMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    this.pollTimer = this.cleanupTimer = null;
    // What was committed before the stop is still sent and marked (or left to the next poll).
    while (this.sending || this.marking || this.running.size > 0) {
      await Promise.all([this.sending, this.marking, ...this.running]);
    }
  }

  private onCommit(committed: CommittedOutbox): void {
    if (this.stopped) return; // a relay run by hand (tests, tools): drain() sends the rows
    if (committed === null) {
      this.wake();
      return;
    }
    // While sending fails, a claim is due anyway (retryClaim): it sends these rows too.
    if (this.failures > 0) return;
    this.committed.push(...committed);
    this.send();
  }

  /**
   * The fast path: enqueue what was committed, in commit order, one enqueue at a time (commits
   * that land meanwhile go together in the next), then hand the ids to the marking.
   */
  private send(): void {
    if (this.sending || this.committed.length === 0) return;
    const envelopes = this.committed;
    this.committed = [];
    this.sending = (async () => {
      const ids = envelopes.map((envelope) => envelope.id);
      try {
        await this.enqueue(envelopes.map((envelope) => ({ id: envelope.id, type: envelope.type, envelope })));
        await this.hooks.afterEnqueue?.(ids);
      } catch (error) {
        // The rows stay unpublished: the claim path sends them once this is over.
        relayErrors.inc({ service: this.messaging.service });
        this.logger.warn(`Sending ${ids.length} committed message(s) failed, the relay will claim them: ${(error as Error).message}`);
        this.retryClaim();
        return;
      }
      this.observe(envelopes.map((envelope) => Date.parse(envelope.occurredAt)));
      this.unmarked.push(...ids);
      this.mark();
    })().finally(() => {
      this.sending = null;
      this.send();
    });
  }

  /**
   * Marks published what the fast path enqueued: one statement for every id waiting, one
   * statement at a time. Its COMMIT need not wait for its WAL to reach the disk: a mark lost to a
   * crash of PostgreSQL leaves the rows unpublished, and they are sent again (dropped as
   * duplicates), as after a relay crash.
   */
  private mark(): void {
    if (this.marking || this.unmarked.length === 0) return;
    const ids = this.unmarked;
    this.unmarked = [];
    this.marking = (async () => {
      try {
        // Inlined, so BEGIN, the setting, the update and COMMIT are one simple query (one round
        // trip); the ids are this process's own UUIDs, checked all the same.
        if (!ids.every((id) => UUID.test(id))) throw new Error('an outbox id is not a UUID');
        await this.dataSource.query(
          `BEGIN; SET LOCAL synchronous_commit = off;
           UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY('{${ids.join(',')}}'::uuid[]) AND published_at IS NULL;
           COMMIT`,
        );
        this.markFailures = 0;
      } catch (error) {
        // Not lost either way: unmarked rows are claimed and sent again after claimAfterMs.
        this.markFailures += 1;
        if (this.markFailures === 1 || this.markFailures % 20 === 0) {
          this.logger.warn(`Marking ${ids.length} relayed row(s) published failed (${this.markFailures}x), will retry: ${(error as Error).message}`);
        }
        if (!this.stopped) {
          this.unmarked.unshift(...ids);
          await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** Math.min(this.markFailures, 5), 2000)).unref());
        }
      }
    })().finally(() => {
      this.marking = null;
      if (!this.stopped || this.markFailures === 0) this.mark();
    });
  }

  /**
   * Claim and send now. Up to `concurrency` drains run side by side; past that, one more runs
   * when a running one finishes. `olderThanMs`: only rows written at least that long ago (the
   * poll leaves younger ones to the fast path of the process that committed them).
   */
  wake(olderThanMs = 0): void {
    if (this.stopped) return;
    if (this.running.size >= this.options.concurrency) {
      this.rerunOlderThanMs = Math.min(this.rerunOlderThanMs ?? olderThanMs, olderThanMs);
      return;
    }
    const run: Promise<void> = this.drain(olderThanMs)
      .then(() => undefined)
      .finally(() => {
        this.running.delete(run);
        const rerun = this.rerunOlderThanMs;
        this.rerunOlderThanMs = null;
        if (rerun !== null) this.wake(rerun);
      });
    this.running.add(run);
  }

  private retryClaim(): void {
    this.failures += 1;
    const retryIn = Math.min(100 * 2 ** Math.min(this.failures, 5), this.options.pollIntervalMs);
    setTimeout(() => this.wake(), retryIn).unref();
  }

  /** Claim and send until no row is left (or a run fails); returns how many rows were published. */
  async drain(olderThanMs = 0): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const published = await this.relayBatch(olderThanMs);
        total += published;
        if (published < this.options.batchSize) break;
      }
      this.failures = 0;
    } catch (error) {
      relayErrors.inc({ service: this.messaging.service });
      // Redis or the database is away: the rows stay unpublished; back off, then try again.
      if (this.failures === 0 || (this.failures + 1) % 20 === 0) {
        this.logger.warn(`Outbox relay failed (${this.failures + 1}x), will retry: ${(error as Error).message}`);
      }
      this.retryClaim();
    }
    return total;
  }

  /**
   * Claim one batch, enqueue it, and commit: one transaction. The claim marks the rows
   * published, but that becomes true only at COMMIT, after the jobs are in Redis; a
   * crash or error before then rolls the claim back and the rows wait for the next run.
   *
   * It runs on a plain connection of the service's pool, BEGIN and the claim sent as one
   * simple query (the batch size and the age are integers of ours): two round trips per batch.
   * Its COMMIT does not wait for the WAL flush either (see mark()).
   */
  async relayBatch(olderThanMs = 0): Promise<number> {
    // Never hold row locks while waiting for Redis to come up.
    await this.queues.ready();
    const client = await this.pool().connect();
    let broken: Error | undefined;
    try {
      const claim = CLAIM_SQL.replace('$1', String(this.options.batchSize)).replace('$2', String(Math.trunc(olderThanMs)));
      const results = (await client.query(`BEGIN; SET LOCAL synchronous_commit = off; ${claim}`)) as unknown as { rows: OutboxRow[] }[];
      const rows = results[results.length - 1].rows;
      if (rows.length > 0) {
        await this.enqueue(rows);
        await this.hooks.afterEnqueue?.(rows.map((row) => row.id));
      }
      await client.query('COMMIT');
      if (rows.length > 0) this.observe(rows.map((row) => new Date(row.created_at).getTime()));
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
   * (BROADCAST_QUEUES) carrying its envelopes in order — all before the rows are marked, so a
   * failure leaves them to be sent again (a broadcast may then arrive twice; its consumers are
   * idempotent by nature).
   */
  private async enqueue(rows: ReadonlyArray<Pick<OutboxRow, 'id' | 'type' | 'envelope'>>): Promise<void> {
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

  /** `writtenAt`: when each relayed row was written (ms since the epoch). */
  private observe(writtenAt: number[]): void {
    const now = Date.now();
    for (const at of writtenAt) relayLag.observe({ service: this.messaging.service }, (now - at) / 1000);
    relayed.inc({ service: this.messaging.service }, writtenAt.length);
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
}
