import { failFastRedisOptions, redisOptionsFromUrl } from '@app/platform';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';

/** Workers block on Redis and must wait out a restart rather than give up (BullMQ requires null). */
export function workerRedisOptions(url: string): BullRedisOptions {
  const { host, port, username, password, db, tls } = redisOptionsFromUrl(url);
  return { host, port, username, password, db, tls, maxRetriesPerRequest: null, enableReadyCheck: true };
}

/**
 * Producers fail fast while Redis is away instead of buffering in memory: the outbox
 * row stays unpublished and the relay tries again, so nothing is lost by failing.
 */
export function producerRedisOptions(url: string): RedisOptions {
  return failFastRedisOptions(url);
}
