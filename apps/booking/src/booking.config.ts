import { z } from 'zod';
import {
  host,
  intBetween,
  parseEnv,
  port,
  positiveInt,
  postgresUrl,
  nonNegativeInt,
  sharedEnvSchema,
  sharedSettings,
} from '@app/platform';
import type { SharedSettings } from '@app/platform';

/** 24 h: the longest a Stripe Checkout Session may live (DESIGN §3). */
export const MAX_HOLD_MINUTES = 24 * 60;

const bookingEnvSchema = sharedEnvSchema.extend({
  BOOKING_HTTP_PORT: port(3002),
  BOOKING_TCP_PORT: port(4001),
  BOOKING_TCP_HOST: host('127.0.0.1'),
  BOOKING_DATABASE_URL: postgresUrl('booking'),
  // A hold's Checkout Session expires at max(hold, 30 min) and Stripe refuses one that lives past
  // 24 h: a longer hold would leave every booking without a session, so it is refused at start.
  BOOKING_HOLD_MINUTES: intBetween(
    30,
    1,
    MAX_HOLD_MINUTES,
    'Stripe Checkout Sessions last at most 24 h',
  ),
  SLOT_HORIZON_DAYS: positiveInt(28),
  CANCELLATION_WINDOW_HOURS: nonNegativeInt(24),
  // Unset: the same as CANCELLATION_WINDOW_HOURS (DESIGN §3).
  RESCHEDULE_WINDOW_HOURS: z.union([z.undefined(), nonNegativeInt(0)]),
  BOOKING_MIN_NOTICE_MINUTES: nonNegativeInt(60),
  BOOKING_HOLD_GRACE_SECONDS: nonNegativeInt(60),
  HOLD_EXPIRY_INTERVAL_SECONDS: positiveInt(5),
  PAYMENTS_TCP_HOST: host('127.0.0.1'),
  PAYMENTS_TCP_PORT: port(4002),
});

export interface BookingConfig extends SharedSettings {
  httpPort: number;
  tcp: { host: string; port: number };
  databaseUrl: string;
  holdMinutes: number;
  slotHorizonDays: number;
  cancellationWindowHours: number;
  /** A customer may reschedule until this long before the current start; barbers and admins until the start. */
  rescheduleWindowHours: number;
  /** A slot starting sooner than this cannot be booked or rescheduled into (SLOT_TOO_SOON). */
  minNoticeMinutes: number;
  /** A pending booking expires at holdExpiresAt plus this grace (a webhook a moment late still confirms it). */
  holdGraceSeconds: number;
  /** How often lapsed holds are swept. */
  holdExpiryIntervalSeconds: number;
  /** Payments' RPC port: the reconciler asks it about bookings whose hold lapsed unpaid (DESIGN §6.6). */
  paymentsTcp: { host: string; port: number };
}

export const BOOKING_CONFIG = Symbol('BOOKING_CONFIG');

export function loadBookingConfig(env: NodeJS.ProcessEnv = process.env): BookingConfig {
  const e = parseEnv(bookingEnvSchema, env);
  return {
    httpPort: e.BOOKING_HTTP_PORT,
    tcp: { host: e.BOOKING_TCP_HOST, port: e.BOOKING_TCP_PORT },
    databaseUrl: e.BOOKING_DATABASE_URL,
    ...sharedSettings(e),
    holdMinutes: e.BOOKING_HOLD_MINUTES,
    slotHorizonDays: e.SLOT_HORIZON_DAYS,
    cancellationWindowHours: e.CANCELLATION_WINDOW_HOURS,
    rescheduleWindowHours: e.RESCHEDULE_WINDOW_HOURS ?? e.CANCELLATION_WINDOW_HOURS,
    minNoticeMinutes: e.BOOKING_MIN_NOTICE_MINUTES,
    holdGraceSeconds: e.BOOKING_HOLD_GRACE_SECONDS,
    holdExpiryIntervalSeconds: e.HOLD_EXPIRY_INTERVAL_SECONDS,
    paymentsTcp: { host: e.PAYMENTS_TCP_HOST, port: e.PAYMENTS_TCP_PORT },
  };
}
