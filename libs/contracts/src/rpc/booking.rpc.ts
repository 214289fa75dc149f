import { Actor, RpcMeta } from './actor';
import { BookingStatus, SlotStatus, WeeklyHours } from './resources';

/**
 * Gateway → booking request/response patterns (TCP). Each takes the request type below
 * and answers the resource named beside it, or fails with an RpcErrorBody.
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

export interface CreateBarberRequest extends RpcMeta {
  actor: Actor;
  name: string;
  timeZone: string;
  description?: string | null;
}

export interface GetBarberRequest extends RpcMeta {
  barberId: string;
  /** Who asks, when signed in: an admin or that barber also sees an inactive barber. */
  actor?: Actor | null;
}

export interface ListBarbersRequest extends RpcMeta {
  actor?: Actor | null;
  /** Admins only (FORBIDDEN otherwise). */
  includeInactive?: boolean;
}

/** Admin. Only the fields present change; a new timeZone re-lays the barber's future free slots. */
export interface UpdateBarberRequest extends RpcMeta {
  actor: Actor;
  barberId: string;
  name?: string;
  description?: string | null;
  timeZone?: string;
  active?: boolean;
}

/** Admin or that barber. */
export interface ListTimeOffRequest extends RpcMeta {
  actor: Actor;
  barberId: string;
}

/** Admin or that barber. */
export interface RemoveTimeOffRequest extends RpcMeta {
  actor: Actor;
  barberId: string;
  timeOffId: string;
}

/** Allowed for an admin, or a barber whose `barberId` is this one. */
export interface SetAvailabilityRequest extends RpcMeta {
  actor: Actor;
  barberId: string;
  slotMinutes: number;
  weekly: WeeklyHours[];
}

/** Allowed for an admin, or that barber. */
export interface AddTimeOffRequest extends RpcMeta {
  actor: Actor;
  barberId: string;
  startsAt: string;
  endsAt: string;
  reason?: string | null;
}

export interface ListSlotsRequest extends RpcMeta {
  barberId: string;
  /** YYYY-MM-DD in the barber's time zone: one day; or `from` and `to` (both included, at most 14 days). */
  date?: string;
  from?: string;
  to?: string;
  status?: SlotStatus;
}

export interface CreateServiceRequest extends RpcMeta {
  actor: Actor;
  name: string;
  durationMinutes: number;
  priceCents: number;
  currency: string;
}

export interface ListServicesRequest extends RpcMeta {
  actor?: Actor | null;
  /** Admins only (FORBIDDEN otherwise). */
  includeInactive?: boolean;
}

/** Admin. Only the fields present change; existing bookings keep their price and name. */
export interface UpdateServiceRequest extends RpcMeta {
  actor: Actor;
  serviceId: string;
  name?: string;
  durationMinutes?: number;
  priceCents?: number;
  active?: boolean;
}

/** Customers only. The price comes from the catalog, never from the client. */
export interface CreateBookingRequest extends RpcMeta {
  actor: Actor;
  slotId: string;
  serviceId: string;
  idempotencyKey?: string | null;
}

export interface CreateBookingResponse {
  booking: import('./resources').BookingResource;
  /** false when an earlier request with the same Idempotency-Key created it. */
  created: boolean;
  /** What is due now (the gateway opens a Checkout Session for it); null when nothing is. */
  checkoutTerms: CheckoutTerms | null;
}

/** Its customer only. */
export interface CheckoutTermsRequest extends RpcMeta {
  actor: Actor;
  bookingId: string;
}

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
export interface GetBookingRequest extends RpcMeta {
  actor: Actor;
  bookingId: string;
}

/** A customer sees their own; a barber their barber's; an admin all, with the filters. */
export interface ListBookingsRequest extends RpcMeta {
  actor: Actor;
  status?: BookingStatus;
  barberId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** Its customer, its barber, or an admin. */
export interface CancelBookingRequest extends RpcMeta {
  actor: Actor;
  bookingId: string;
  reason?: string | null;
}

/** Its customer (until RESCHEDULE_WINDOW_HOURS before the start), its barber, or an admin (DESIGN §6.7). */
export interface RescheduleBookingRequest extends RpcMeta {
  actor: Actor;
  bookingId: string;
  /** The first slot of the new time (a longer service takes the following ones too). */
  slotId: string;
  idempotencyKey?: string | null;
}
