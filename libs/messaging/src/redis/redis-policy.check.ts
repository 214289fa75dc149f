import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * BullMQ loses jobs if Redis evicts keys under memory pressure. Say so loudly at start
 * when the server is not set to `noeviction` (managed Redis may forbid CONFIG: say that too).
 */
export async function checkRedisEvictionPolicy(redis: Redis, logger: Logger): Promise<string | null> {
  try {
    const reply = (await redis.call('CONFIG', 'GET', 'maxmemory-policy')) as string[];
    const policy = reply?.[1] ?? null;
    if (policy !== 'noeviction') {
      logger.error(
        `REDIS MISCONFIGURED: maxmemory-policy is "${policy}", not "noeviction". Under memory pressure Redis ` +
          'will evict queue jobs and messages will be lost. Set maxmemory-policy noeviction.',
      );
    }
    return policy;
  } catch (error) {
    logger.warn(
      `Could not read Redis maxmemory-policy (${(error as Error).message}); make sure it is "noeviction".`,
    );
    return null;
  }
}
