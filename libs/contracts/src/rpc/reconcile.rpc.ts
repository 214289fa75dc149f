import { z } from 'zod';
import { actorSchema } from './actor';
import { rpcRequest } from './rpc-table';
import { BookingResource } from './resources';
import type { PayloadOf } from '../catalog';

/**
 * Run a service's reconciler now (POST /admin/reconcile). Each answers the number of
 * repairs it made, by kind (the same kinds as `reconcile_repairs_total{service,kind}`).
 */
export const RECONCILE_RPC = {
  booking: 'booking.reconcile',
  payments: 'payments.reconcile',
  appointments: 'appointments.reconcile',
} as const;

export const reconcileRequest = rpcRequest({
  /** An admin (the gateway checks; services check again). */
  actor: actorSchema,
});
export type ReconcileRequest = z.input<typeof reconcileRequest>;

export type ReconcileReport = Record<string, number>;

/**
 * Service → booking, for reconcilers (internal network only, no actor): the current
 * state of up to 500 bookings; unknown ids are absent from the answer.
 */
export const BOOKING_INTERNAL_RPC = {
  bookingStates: 'booking.internal.booking-states',
} as const;

export const bookingStatesRequest = rpcRequest({ bookingIds: z.array(z.string()) });
export type BookingStatesRequest = z.input<typeof bookingStatesRequest>;

export type BookingStatesResponse = Record<string, BookingResource>;

/**
 * Booking → payments, for booking's reconciler (internal network only, no actor): bookings
 * still `pending_payment` after their hold lapsed. Payments asks Stripe now about each one's
 * open Checkout Session and records what it learns (a paid session becomes the succeeded
 * payment, as if its webhook had come), then answers, per booking id, its succeeded payment as
 * the `payment.succeeded` payload, or null. At most 500 ids.
 */
export const PAYMENTS_INTERNAL_RPC = {
  settleBookings: 'payments.internal.settle-bookings',
} as const;

export const settleBookingsRequest = rpcRequest({ bookingIds: z.array(z.string()) });
export type SettleBookingsRequest = z.input<typeof settleBookingsRequest>;

export type SettleBookingsResponse = Record<string, PayloadOf<'payment.succeeded'> | null>;
