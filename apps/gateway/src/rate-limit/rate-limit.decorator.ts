import { SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../http/api-errors.decorator';

export const RATE_LIMIT_BUCKET = 'gateway:rateLimitBucket';

/** `auth`: per client address, RATE_LIMIT_AUTH_PER_MINUTE; `bookings`: per user, RATE_LIMIT_BOOKINGS_PER_MINUTE. */
export type RateLimitBucket = 'auth' | 'bookings';

/**
 * Counts the request against the bucket's per-minute budget (one budget for every route
 * in the bucket); over it: 429 RATE_LIMITED with Retry-After. Runs after authentication,
 * so the bookings bucket can count per user.
 */
export const RateLimit = (bucket: RateLimitBucket) =>
  applyDecorators(SetMetadata(RATE_LIMIT_BUCKET, bucket), UseGuards(ThrottlerGuard), ApiErrors('RATE_LIMITED'));
