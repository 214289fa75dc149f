/** Resource shapes exactly as the public HTTP API returns them (DESIGN §4). */

export type SlotStatus = 'available' | 'held' | 'booked' | 'blocked';
export type BookingStatus = 'pending_payment' | 'confirmed' | 'expired' | 'cancelled';
export const PAYMENT_STATUSES = [
  'unpaid',
  'paid',
  'refund_pending',
  'refunded',
  'partially_refunded',
  'refund_failed',
  'disputed',
  'dispute_lost',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface BarberResource {
  id: string;
  name: string;
  timeZone: string;
  description: string | null;
  active: boolean;
}

export interface ServiceResource {
  id: string;
  name: string;
  durationMinutes: number;
  priceCents: number;
  currency: string;
  /** false: retired — hidden from the catalog, refused for new bookings; existing bookings keep it. */
  active: boolean;
}

export interface SlotResource {
  id: string;
  barberId: string;
  startsAt: string;
  endsAt: string;
  status: SlotStatus;
}

/** ISO weekday (Monday = 1 … Sunday = 7) and local wall-clock times "HH:MM" in the barber's zone. */
export interface WeeklyHours {
  weekday: number;
  start: string;
  end: string;
}

/** A barber's weekly template as stored (weekly [] when never set). */
export interface AvailabilityTemplateResource {
  barberId: string;
  slotMinutes: number;
  weekly: WeeklyHours[];
}

export interface AvailabilityResource {
  barberId: string;
  slotMinutes: number;
  weekly: WeeklyHours[];
  /** Free future slots removed and created by the regeneration this change caused. */
  slotsRemoved: number;
  slotsCreated: number;
}

/** What a new weekly template would change, computed by applying it and rolling back. */
export interface AvailabilityPreviewResource {
  barberId: string;
  slotsAdded: number;
  slotsRemoved: number;
  /** Held and booked slots outside the new hours: left as they are, with their bookings. */
  heldOrBookedKept: number;
  /** Days (barber's zone) where something changes, in order. */
  days: Array<{ date: string; added: number; removed: number; kept: number }>;
}

export interface TimeOffResource {
  id: string;
  barberId: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  /** How many free slots inside became `blocked`. */
  blockedSlots: number;
}

export interface CheckoutResource {
  sessionId: string;
  url: string;
  expiresAt: string;
  /** Why the last attempt on this session was declined, as a sentence for the customer; null when none was. */
  lastPaymentError: string | null;
}

export interface BookingResource {
  id: string;
  customerId: string;
  barberId: string;
  /** The barber's name and the service's, as they were when the booking was made. */
  barberName: string;
  serviceId: string;
  serviceName: string;
  /** The barber's IANA time zone: show the booking's times in it. */
  timeZone: string;
  slotIds: string[];
  startsAt: string;
  endsAt: string;
  priceCents: number;
  currency: string;
  status: BookingStatus;
  paymentStatus: PaymentStatus;
  holdExpiresAt: string;
  appointmentId: string | null;
  cancellationReason: string | null;
  /** The time it had before its latest reschedule (DESIGN §6.7); null when never moved. */
  rescheduledFrom: { startsAt: string; endsAt: string } | null;
  checkout: CheckoutResource | null;
  createdAt: string;
  updatedAt: string;
}

export type AppointmentStatus = 'pending' | 'paid' | 'cancelled' | 'completed' | 'no_show';

export interface AppointmentResource {
  id: string;
  bookingId: string;
  barberId: string;
  customerId: string;
  customerName: string;
  serviceName: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  updatedAt: string;
}

/** What a person must act on (GET /admin/attention): money owed or moved outside the system (DESIGN §5). */
export const ATTENTION_KINDS = [
  'refund_failed',
  'dispute_open',
  'refunded_outside',
  'payment_flagged',
] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export interface AttentionItemResource {
  kind: AttentionKind;
  bookingId: string;
  paymentId: string;
  /** When the fact behind it was first seen. */
  since: string;
  /** What happened and what is due, for a person (a dispute's evidence due date among it). */
  detail: string;
  /** A dispute's evidence due date (ISO), else null. */
  dueBy: string | null;
}
