import { redisOptionsFromUrl } from '@app/platform';
import type { RedisOptions } from 'bullmq';

/** BullMQ connection options for a test that inspects queues directly. */
export function redisOptions(url: string): RedisOptions {
  const { host, port, password, db } = redisOptionsFromUrl(url);
  return { host, port, password, db };
}
