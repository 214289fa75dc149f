import { failFastRedisOptions } from '@app/platform';
import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis, RedisOptions } from 'ioredis';

/**
 * Count a hit and read the window's remaining life in one atomic step. The first hit of a
 * window sets its expiry; a key that somehow lost its expiry gets it back, so no counter
 * can live forever.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type RedisWithHit = Redis & { rateLimitHit(key: string, ttlMs: number): Promise<[number, number]> };

const WARN_EVERY_MS = 30_000;

/** No offline queue (a command while disconnected fails at once) and a short deadline for a Redis that hangs. */
export function rateLimitRedisOptions(redisUrl: string): RedisOptions {
  return { ...failFastRedisOptions(redisUrl), commandTimeout: 500 };
}

/**
 * Fixed-window counters in Redis, shared by every gateway replica (DESIGN §9). A caller
 * over the limit stays refused until its window ends (the block lasts as long as the
 * window; the guard's separate block duration is not used).
 *
 * When Redis cannot answer, requests are let through (fail open) with a warning: a Redis
 * outage must not also lock every customer out of signing in and booking, and what the
 * limits protect against (password guessing, booking floods) is still bounded by scrypt's
 * cost and by the booking service's own rules. The client never queues commands while
 * disconnected and every command has a short timeout, so a dead Redis never makes a
 * request wait.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private lastWarning = 0;
  private readonly redis: RedisWithHit;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as RedisWithHit;
  }

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      const [hits, remainingMs] = await this.redis.rateLimitHit(`${this.keyPrefix}:rate-limit:${throttlerName}:${key}`, ttl);
      const timeToExpire = Math.max(1, Math.ceil(remainingMs / 1000));
      const isBlocked = hits > limit;
      return { totalHits: hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
    } catch (error) {
      this.warnFailOpen(error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private warnFailOpen(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(`Rate limits are NOT enforced: Redis did not answer (${(error as Error)?.message ?? String(error)}). Letting requests through.`);
  }
}
