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

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= new Redis(producerRedisOptions(this.options.redisUrl));
      // BullMQ reports connection errors on the queue; the relay logs and retries, so keep them quiet here.
      this.connection.on('error', () => undefined);
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.options.prefix,
        defaultJobOptions: jobOptionsFor(this.options.retry),
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
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
