import { ExecutionContext, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerModule, ThrottlerModuleOptions, ThrottlerOptions } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { RATE_LIMIT_BUCKET, RateLimitBucket } from './rate-limit.decorator';
import { RedisThrottlerStorage, rateLimitRedisOptions } from './redis-throttler.storage';

const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');
const MINUTE_MS = 60_000;

@Injectable()
class RateLimitRedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis) {}
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

const reflector = new Reflector();
function bucketOf(context: ExecutionContext): RateLimitBucket | undefined {
  return reflector.getAllAndOverride<RateLimitBucket | undefined>(RATE_LIMIT_BUCKET, [context.getHandler(), context.getClass()]);
}

function throttlers(config: GatewayConfig): ThrottlerOptions[] {
  const bucket = (name: RateLimitBucket, limit: number, tracker: (request: AuthenticatedRequest) => string): ThrottlerOptions => ({
    name,
    limit,
    ttl: MINUTE_MS,
    // Each route names its bucket; a limit of 0 turns the bucket off.
    skipIf: (context) => limit === 0 || bucketOf(context) !== name,
    getTracker: (request) => tracker(request as AuthenticatedRequest),
  });
  return [
    bucket('auth', config.rateLimits.authPerMinute, (request) => `ip:${request.ip}`),
    bucket('bookings', config.rateLimits.bookingsPerMinute, (request) =>
      request.user ? `user:${request.user.userId}` : `ip:${request.ip}`,
    ),
  ];
}

/** The rate limiter's own fail-fast Redis connection. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_REDIS,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) =>
        new Redis(rateLimitRedisOptions(config.redisUrl)).on('error', () => undefined),
    },
    RateLimitRedisShutdown,
  ],
  exports: [RATE_LIMIT_REDIS],
})
class RateLimitRedisModule {}

/** @nestjs/throttler with counters in Redis under QUEUE_PREFIX, for the @RateLimit() routes. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitRedisModule],
      inject: [GATEWAY_CONFIG, RATE_LIMIT_REDIS],
      useFactory: (config: GatewayConfig, redis: Redis): ThrottlerModuleOptions => ({
        throttlers: throttlers(config),
        storage: new RedisThrottlerStorage(redis, config.queuePrefix),
        // One budget per bucket and caller across all of the bucket's routes.
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
