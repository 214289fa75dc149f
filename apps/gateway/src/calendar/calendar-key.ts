import { randomBytes } from 'node:crypto';

/** 192 random bits, URL-safe: the whole secret of a calendar subscription link. */
export function newCalendarKey(): string {
  return randomBytes(24).toString('base64url');
}
