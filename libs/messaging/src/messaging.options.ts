import { MESSAGE_CATALOG, MessageCatalogLike, catalogProblems, ROUTES, RoutingTable } from '@app/contracts';

/** Kept for callers of the old name: the catalog type lives in `@app/contracts`. */
export type { MessageCatalogLike };

export interface RetryPolicy {
  /** Total tries per job, the first included. */
  attempts: number;
  /** Delay before the first retry; each further retry doubles it. */
  backoffMs: number;
  /** Fraction (0-0.5) of each delay that is randomised; ≤ 0.5 keeps the gaps growing. */
  jitter: number;
}

export interface RelayOptions {
  /** Rows claimed per transaction. */
  batchSize: number;
  /** Batches one process may have in flight at once. */
  concurrency: number;
  /**
   * How often the relay looks for rows nobody sent: a commit whose sending failed (Redis away),
   * one whose process died before sending, one that wrote inside a savepoint.
   */
  pollIntervalMs: number;
  /**
   * The poll leaves rows younger than this to the process that committed them, which sends them
   * itself at once (the fast path); past it they are anyone's.
   */
  claimAfterMs: number;
  /** Published rows older than this are deleted. */
  retentionHours: number;
  /** Set false to run the relay only by hand (tests, tools). */
  autoStart: boolean;
}

export interface ConsumerOptions {
  /** The inbox queue this service consumes. */
  queue: string;
  concurrency: number;
  /** A job whose lock is not renewed within this time is stalled (its worker died). */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /**
   * How often a job may stall (its worker died, or lost Redis, mid-job) and still run again; one
   * more stall fails it and it is dead-lettered. A stall is not the message's fault and the inbox
   * makes a re-run harmless, so more than BullMQ's 1: the fault suite, killing processes every few
   * seconds, saw messages dead-lettered after two unlucky kills, waiting for a human to replay them.
   */
  maxStalledCount: number;
  /**
   * `inbox`: apply and record (messageId, handler) in one transaction, skipping duplicates.
   * `none`: effects are idempotent by nature (live feeds), no transaction is opened.
   */
  idempotency: 'inbox' | 'none';
  /** How often the dead-letter sweep runs besides the worker's own failed/stalled events. */
  sweepIntervalMs: number;
}

export interface MessagingOptions {
  service: string;
  redisUrl: string;
  prefix: string;
  /** Present when the service writes events: runs the outbox relay. */
  producer?: Partial<RelayOptions>;
  /** Present when the service consumes an inbox queue. */
  consumer?: Partial<ConsumerOptions> & { queue: string };
  retry?: Partial<RetryPolicy>;
  routes?: RoutingTable | Readonly<Record<string, readonly string[]>>;
  /** Defaults to MESSAGE_CATALOG; tests pass their own (e.g. a type with a test-only v2). */
  catalog?: MessageCatalogLike;
}

export interface ResolvedMessagingOptions {
  service: string;
  redisUrl: string;
  prefix: string;
  producer: RelayOptions | null;
  consumer: ConsumerOptions | null;
  retry: RetryPolicy;
  routes: Readonly<Record<string, readonly string[]>>;
  catalog: MessageCatalogLike;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export const DEFAULT_MAX_STALLED_COUNT = 3;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, backoffMs: 1000, jitter: 0.5 };

export function resolveMessagingOptions(options: MessagingOptions): ResolvedMessagingOptions {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const catalog = options.catalog ?? MESSAGE_CATALOG;
  const problems = catalogProblems(catalog);
  if (problems.length > 0) throw new Error(`The message catalog is inconsistent: ${problems.join('; ')}`);
  if (retry.jitter < 0 || retry.jitter > 0.5) throw new Error('retry.jitter must be between 0 and 0.5');
  return {
    service: options.service,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    producer: options.producer
      ? {
          batchSize: 500,
          concurrency: 4,
          pollIntervalMs: 1000,
          claimAfterMs: 5000,
          retentionHours: 72,
          autoStart: true,
          ...options.producer,
        }
      : null,
    consumer: options.consumer
      ? {
          concurrency: 16,
          lockDurationMs: 30_000,
          stalledIntervalMs: 15_000,
          maxStalledCount: DEFAULT_MAX_STALLED_COUNT,
          idempotency: 'inbox',
          sweepIntervalMs: 5_000,
          ...options.consumer,
        }
      : null,
    retry,
    routes: (options.routes ?? ROUTES),
    catalog,
  };
}
