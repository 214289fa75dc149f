import { deadLetterQueueOf } from '@app/contracts';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions, RetryPolicy } from '../messaging.options';
import { producerRedisOptions } from './connections';

/** Completed jobs are kept a day so a re-sent jobId is still recognised (the inbox is the real guard). */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };

export function jobOptionsFor(retry: RetryPolicy): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: retry.jitter },
    removeOnComplete: KEEP_COMPLETED,
    // Failed jobs stay until the dead-letter sweep has copied them to `<queue>-dlq`.
    removeOnFail: false,
  };
}

/**
 * One BullMQ Queue per destination, sharing a single fail-fast producer connection.
 * Used by the relay (inbox queues) and the dead-letter service (`-dlq` queues).
 */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private connection: Redis | null = null;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions) {}

  /**
   * Resolve once the producer connection is up (connecting it on first use), or reject
   * after `timeoutMs`: the connection does not buffer commands, so callers wait here
   * rather than fail every command sent while it is still connecting.
   */
  async ready(timeoutMs = 2000): Promise<void> {
    const connection = this.producerConnection();
    if (connection.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        connection.off('ready', onReady);
        reject(new Error(`Redis is not reachable (connection ${connection.status})`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      connection.once('ready', onReady);
    });
  }

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.producerConnection(),
        prefix: this.options.prefix,
        defaultJobOptions: jobOptionsFor(this.options.retry),
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  private producerConnection(): Redis {
    if (!this.connection) {
      this.connection = new Redis(producerRedisOptions(this.options.redisUrl));
      // BullMQ reports connection errors on the queue; callers see them as failed commands and retry.
      this.connection.on('error', () => undefined);
    }
    return this.connection;
  }

  /** PUBLISH on the producer connection (fails fast while Redis is away, like every producer command). */
  async publish(channel: string, message: string): Promise<void> {
    await this.producerConnection().publish(channel, message);
  }

  deadLetterQueue(queue: string): Queue {
    return this.get(deadLetterQueueOf(queue));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    this.connection?.disconnect();
    this.connection = null;
  }
}
