import { z } from 'zod';
import { bookingStatus, slotStatus } from '../events/common';
import { actorSchema } from './actor';
import { rpcRequest } from './rpc-table';

/**
 * Gateway → booking request/response patterns (TCP). Each takes the request below (a zod
 * schema, checked by the service before its handler runs; the type is derived from it) and
 * answers the resource named beside it, or fails with an RpcErrorBody. BOOKING_RPC_TABLE
 * (rpc-tables.ts) pairs each pattern with both.
 */
export const BOOKING_RPC = {
  /** → { status: 'ok' } */
  health: 'booking.health',
  /** CreateBarberRequest → BarberResource */
  createBarber: 'booking.barbers.create',
  /** ListBarbersRequest → BarberResource[] by name (active only unless an admin asks for all) */
  listBarbers: 'booking.barbers.list',
  /** GetBarberRequest → BarberResource (404 BARBER_NOT_FOUND when unknown, or inactive and not asked by an admin or that barber) */
  getBarber: 'booking.barbers.get',
  /** UpdateBarberRequest → BarberResource (admin) */
  updateBarber: 'booking.barbers.update',
  /** { barberId } → AvailabilityTemplateResource */
  getAvailability: 'booking.barbers.get-availability',
  /** SetAvailabilityRequest → AvailabilityResource */
  setAvailability: 'booking.barbers.set-availability',
  /** SetAvailabilityRequest → AvailabilityPreviewResource (nothing is changed) */
  previewAvailability: 'booking.barbers.preview-availability',
  /** AddTimeOffRequest → TimeOffResource */
  addTimeOff: 'booking.barbers.add-time-off',
  /** ListTimeOffRequest → TimeOffResource[] not yet over, by start */
  listTimeOff: 'booking.barbers.list-time-off',
  /** RemoveTimeOffRequest → TimeOffResource (the removed one; blockedSlots = slots made available again) */
  removeTimeOff: 'booking.barbers.remove-time-off',
  /** ListSlotsRequest → SlotResource[] ordered by start */
  listSlots: 'booking.slots.list',
  /** CreateServiceRequest → ServiceResource */
  createService: 'booking.services.create',
  /** ListServicesRequest → ServiceResource[] by name (active only unless an admin asks for all) */
  listServices: 'booking.services.list',
  /** { serviceId } → ServiceResource, retired ones too */
  getService: 'booking.services.get',
  /** UpdateServiceRequest → ServiceResource (admin) */
  updateService: 'booking.services.update',
  /** CreateBookingRequest → CreateBookingResponse */
  createBooking: 'booking.bookings.create',
  /**
   * CheckoutTermsRequest → CheckoutTerms: what its customer owes now and until when. 409
   * CHECKOUT_NOT_AVAILABLE when nothing is due (not pending, or its hold has ended); 403 FORBIDDEN
   * for anyone but its customer; 404 BOOKING_NOT_FOUND.
   */
  checkoutTerms: 'booking.bookings.checkout-terms',
  /** GetBookingRequest → BookingResource */
  getBooking: 'booking.bookings.get',
  /** ListBookingsRequest → BookingResource[] newest first */
  listBookings: 'booking.bookings.list',
  /** CancelBookingRequest → BookingResource */
  cancelBooking: 'booking.bookings.cancel',
  /** RescheduleBookingRequest → BookingResource at its new time */
  rescheduleBooking: 'booking.bookings.reschedule',
} as const;

/**
 * Ids are plain strings here: the use cases answer a malformed one as not found (or
 * VALIDATION_FAILED where they always did), so the schema checks shape and types only.
 */
const idField = z.string().max(200);
const optionalActor = actorSchema.nullable().optional();

export const createBarberRequest = rpcRequest({
  actor: actorSchema,
  name: z.string(),
  timeZone: z.string(),
  description: z.string().nullable().optional(),
});
export type CreateBarberRequest = z.input<typeof createBarberRequest>;

export const getBarberRequest = rpcRequest({
  barberId: idField,
  /** Who asks, when signed in: an admin or that barber also sees an inactive barber. */
  actor: optionalActor,
});
export type GetBarberRequest = z.input<typeof getBarberRequest>;

export const listBarbersRequest = rpcRequest({
  actor: optionalActor,
  /** Admins only (FORBIDDEN otherwise). */
  includeInactive: z.boolean().optional(),
});
export type ListBarbersRequest = z.input<typeof listBarbersRequest>;

/** Admin. Only the fields present change; a new timeZone re-lays the barber's future free slots. */
export const updateBarberRequest = rpcRequest({
  actor: actorSchema,
  barberId: idField,
  name: z.string().optional(),
  description: z.string().nullable().optional(),
  timeZone: z.string().optional(),
  active: z.boolean().optional(),
});
export type UpdateBarberRequest = z.input<typeof updateBarberRequest>;

export const getAvailabilityRequest = rpcRequest({ barberId: idField });
export type GetAvailabilityRequest = z.input<typeof getAvailabilityRequest>;

/** Admin or that barber. */
export const listTimeOffRequest = rpcRequest({ actor: actorSchema, barberId: idField });
export type ListTimeOffRequest = z.input<typeof listTimeOffRequest>;

/** Admin or that barber. */
export const removeTimeOffRequest = rpcRequest({ actor: actorSchema, barberId: idField, timeOffId: idField });
export type RemoveTimeOffRequest = z.input<typeof removeTimeOffRequest>;

/** Allowed for an admin, or a barber whose `barberId` is this one. Hours are checked by the use case (INVALID_AVAILABILITY). */
export const setAvailabilityRequest = rpcRequest({
  actor: actorSchema,
  barberId: idField,
  slotMinutes: z.number(),
  weekly: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() })),
});
export type SetAvailabilityRequest = z.input<typeof setAvailabilityRequest>;

/** Allowed for an admin, or that barber. */
export const addTimeOffRequest = rpcRequest({
  actor: actorSchema,
  barberId: idField,
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string().nullable().optional(),
});
export type AddTimeOffRequest = z.input<typeof addTimeOffRequest>;

export const listSlotsRequest = rpcRequest({
  barberId: idField,
  /** YYYY-MM-DD in the barber's time zone: one day; or `from` and `to` (both included, at most 14 days). */
  date: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  status: slotStatus.optional(),
});
export type ListSlotsRequest = z.input<typeof listSlotsRequest>;

export const createServiceRequest = rpcRequest({
  actor: actorSchema,
  name: z.string(),
  durationMinutes: z.number(),
  priceCents: z.number(),
  currency: z.string(),
});
export type CreateServiceRequest = z.input<typeof createServiceRequest>;

export const listServicesRequest = rpcRequest({
  actor: optionalActor,
  /** Admins only (FORBIDDEN otherwise). */
  includeInactive: z.boolean().optional(),
});
export type ListServicesRequest = z.input<typeof listServicesRequest>;

export const getServiceRequest = rpcRequest({ serviceId: idField });
export type GetServiceRequest = z.input<typeof getServiceRequest>;

/** Admin. Only the fields present change; existing bookings keep their price and name. */
export const updateServiceRequest = rpcRequest({
  actor: actorSchema,
  serviceId: idField,
  name: z.string().optional(),
  durationMinutes: z.number().optional(),
  priceCents: z.number().optional(),
  active: z.boolean().optional(),
});
export type UpdateServiceRequest = z.input<typeof updateServiceRequest>;

/** Customers only. The price comes from the catalog, never from the client. */
export const createBookingRequest = rpcRequest({
  actor: actorSchema,
  slotId: idField,
  serviceId: idField,
  idempotencyKey: z.string().nullable().optional(),
});
export type CreateBookingRequest = z.input<typeof createBookingRequest>;

export interface CreateBookingResponse {
  booking: import('./resources').BookingResource;
  /** false when an earlier request with the same Idempotency-Key created it. */
  created: boolean;
  /** What is due now (the gateway opens a Checkout Session for it); null when nothing is. */
  checkoutTerms: CheckoutTerms | null;
}

/** Its customer only. */
export const checkoutTermsRequest = rpcRequest({ actor: actorSchema, bookingId: idField });
export type CheckoutTermsRequest = z.input<typeof checkoutTermsRequest>;

/**
 * What a customer pays for a booking now, decided by booking alone (a deposit would change
 * `amountDueCents` here and nowhere else). Payments charges exactly this.
 */
export interface CheckoutTerms {
  bookingId: string;
  /** The service's name as it was when the booking was made: Checkout's line item. */
  serviceName: string;
  amountDueCents: number;
  currency: string;
  /** ISO time the hold ends: payment is accepted until then. */
  payableUntil: string;
}

/** Its customer, its barber, or an admin. */
export const getBookingRequest = rpcRequest({ actor: actorSchema, bookingId: idField });
export type GetBookingRequest = z.input<typeof getBookingRequest>;

/** A customer sees their own; a barber their barber's; an admin all, with the filters. */
export const listBookingsRequest = rpcRequest({
  actor: actorSchema,
  status: bookingStatus.optional(),
  barberId: idField.optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.number(),
  offset: z.number(),
});
export type ListBookingsRequest = z.input<typeof listBookingsRequest>;

/** Its customer, its barber, or an admin. */
export const cancelBookingRequest = rpcRequest({
  actor: actorSchema,
  bookingId: idField,
  reason: z.string().nullable().optional(),
});
export type CancelBookingRequest = z.input<typeof cancelBookingRequest>;

/** Its customer (until RESCHEDULE_WINDOW_HOURS before the start), its barber, or an admin (DESIGN §6.7). */
export const rescheduleBookingRequest = rpcRequest({
  actor: actorSchema,
  bookingId: idField,
  /** The first slot of the new time (a longer service takes the following ones too). */
  slotId: idField,
  idempotencyKey: z.string().nullable().optional(),
});
export type RescheduleBookingRequest = z.input<typeof rescheduleBookingRequest>;
