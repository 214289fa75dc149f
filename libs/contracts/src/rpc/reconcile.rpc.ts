import { Actor, RpcMeta } from './actor';
import { BookingResource } from './resources';

/**
 * Run a service's reconciler now (POST /admin/reconcile). Each answers the number of
 * repairs it made, by kind (the same kinds as `reconcile_repairs_total{service,kind}`).
 */
export const RECONCILE_RPC = {
  booking: 'booking.reconcile',
  payments: 'payments.reconcile',
  appointments: 'appointments.reconcile',
} as const;

export interface ReconcileRequest extends RpcMeta {
  /** An admin (the gateway checks; services check again). */
  actor: Actor;
}

export type ReconcileReport = Record<string, number>;

/**
 * Service → booking, for reconcilers (internal network only, no actor): the current
 * state of up to 500 bookings; unknown ids are absent from the answer.
 */
export const BOOKING_INTERNAL_RPC = {
  bookingStates: 'booking.internal.booking-states',
} as const;

export interface BookingStatesRequest extends RpcMeta {
  bookingIds: string[];
}

export type BookingStatesResponse = Record<string, BookingResource>;
