import { Actor, BookingStatus, CheckoutResource, PaymentStatus } from '@app/contracts';
import { BookingNotCancellableError, BookingNotReschedulableError } from './booking.errors';

export type CancelledBy = 'customer' | 'barber' | 'admin';

export interface Booking {
  id: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  barberId: string;
  /** The barber's name and IANA time zone when the booking was made. */
  barberName: string;
  timeZone: string;
  serviceId: string;
  serviceName: string;
  /** In start order. */
  slotIds: string[];
  startsAt: Date;
  endsAt: Date;
  priceCents: number;
  currency: string;
  status: BookingStatus;
  paymentStatus: PaymentStatus;
  holdExpiresAt: Date;
  appointmentId: string | null;
  cancellationReason: string | null;
  cancelledBy: CancelledBy | null;
  /** The time it had before its latest reschedule (DESIGN §6.7); null when never moved. */
  rescheduledFrom: { startsAt: Date; endsAt: Date } | null;
  idempotencyKey: string | null;
  checkout: CheckoutResource | null;
  /** The payment that confirmed it; null until one did. */
  paymentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Active bookings own their slots; the database refuses two active ones on a slot or overlapping. */
export function isActive(status: BookingStatus): boolean {
  switch (status) {
    case 'pending_payment':
    case 'confirmed':
      return true;
    case 'expired':
    case 'cancelled':
      return false;
  }
}

/** When a pending booking lapses: its hold plus the grace that lets a late webhook still win. */
export function expiryDeadline(booking: Pick<Booking, 'holdExpiresAt'>, graceSeconds: number): Date {
  return new Date(booking.holdExpiresAt.getTime() + graceSeconds * 1000);
}

export function isHoldLapsed(booking: Pick<Booking, 'status' | 'holdExpiresAt'>, now: Date, graceSeconds: number): boolean {
  return booking.status === 'pending_payment' && expiryDeadline(booking, graceSeconds).getTime() < now.getTime();
}

/** A pending booking whose hold lapsed: expired, still unpaid. Anything else stays as it is. */
export function expire(booking: Booking, now: Date): Booking {
  if (booking.status !== 'pending_payment') return booking;
  return { ...booking, status: 'expired', updatedAt: now };
}

export interface CancellationDecision {
  cancelledBy: CancelledBy;
  /** Whether payments must give money back (`full`) or there is nothing/none to return. */
  refund: 'full' | 'none';
  wasPaid: boolean;
}

export interface CancellationPolicy {
  now: Date;
  /** CANCELLATION_WINDOW_HOURS: a customer cancelling at least this long before the start gets a full refund. */
  windowHours: number;
}

/**
 * What cancelling means for this booking, or BOOKING_NOT_CANCELLABLE. Who may cancel at all
 * (its customer, its barber, an admin) is checked before, by canAccessBooking, so a barber
 * here is this booking's barber.
 */
export function decideCancellation(
  booking: Pick<Booking, 'status' | 'startsAt'>,
  actor: Actor,
  policy: CancellationPolicy,
): CancellationDecision {
  switch (booking.status) {
    case 'pending_payment':
      // Nothing was paid: the slots are released and payments expires the Checkout Session.
      return { cancelledBy: actor.role, refund: 'none', wasPaid: false };
    case 'confirmed':
      return { cancelledBy: actor.role, refund: refundOnCancellation(booking, actor, policy), wasPaid: true };
    case 'expired':
    case 'cancelled':
      throw new BookingNotCancellableError(booking.status);
  }
}

/** DESIGN §6.5: full when the barber or an admin cancels, or the customer does so at least the window ahead. */
function refundOnCancellation(booking: Pick<Booking, 'startsAt'>, actor: Actor, policy: CancellationPolicy): 'full' | 'none' {
  switch (actor.role) {
    case 'admin':
    case 'barber':
      return 'full';
    case 'customer': {
      const noticeMs = booking.startsAt.getTime() - policy.now.getTime();
      return noticeMs >= policy.windowHours * 3_600_000 ? 'full' : 'none';
    }
  }
}

export function cancel(booking: Booking, decision: CancellationDecision, reason: string | null, now: Date): Booking {
  // A refund is pending until payments reports it done (payment.refunded); without one the money stays paid.
  // What is left of a partly refunded payment (the Stripe Dashboard) goes back too.
  const kept = booking.paymentStatus === 'paid' || booking.paymentStatus === 'partially_refunded';
  const paymentStatus = decision.refund === 'full' && kept ? 'refund_pending' : booking.paymentStatus;
  return {
    ...booking,
    status: 'cancelled',
    paymentStatus,
    cancelledBy: decision.cancelledBy,
    cancellationReason: reason,
    updatedAt: now,
  };
}

export interface ReschedulePolicy {
  now: Date;
  /** RESCHEDULE_WINDOW_HOURS: a customer may move a booking until this long before its current start. */
  windowHours: number;
  /** BOOKING_HOLD_GRACE_SECONDS: a pending booking past its hold plus this grace is about to expire. */
  holdGraceSeconds: number;
}

/**
 * DESIGN §6.7: whether this booking may move now, for this actor (who may touch it at all —
 * its customer, its barber, an admin — is checked before, by canAccessBooking). Pending and
 * confirmed bookings move; not once their appointment has started, not a pending one whose hold
 * has lapsed, and not by the customer inside the window. BOOKING_NOT_RESCHEDULABLE otherwise,
 * saying why and what to do instead.
 */
export function assertReschedulable(
  booking: Pick<Booking, 'status' | 'startsAt' | 'holdExpiresAt'>,
  actor: Actor,
  policy: ReschedulePolicy,
): void {
  switch (booking.status) {
    case 'expired':
    case 'cancelled':
      throw new BookingNotReschedulableError(`This booking is ${booking.status}: book a new time instead.`);
    case 'pending_payment':
      if (isHoldLapsed(booking, policy.now, policy.holdGraceSeconds) || booking.holdExpiresAt.getTime() <= policy.now.getTime()) {
        throw new BookingNotReschedulableError('This booking was not paid in time and its hold has ended: book a new time instead.');
      }
      break;
    case 'confirmed':
      break;
  }
  if (booking.startsAt.getTime() <= policy.now.getTime()) {
    throw new BookingNotReschedulableError('This appointment has already started and can no longer be moved.');
  }
  if (actor.role === 'customer' && booking.startsAt.getTime() - policy.now.getTime() < policy.windowHours * 3_600_000) {
    throw new BookingNotReschedulableError(
      `Bookings can be moved online until ${policy.windowHours} hours before they start; please contact the barbershop to change this one.`,
    );
  }
}

/** The booking at its new time. Price, payment, status and its hold's end carry over. */
export function reschedule(booking: Booking, slots: Array<{ id: string; startsAt: Date; endsAt: Date }>, now: Date): Booking {
  return {
    ...booking,
    slotIds: slots.map((slot) => slot.id),
    startsAt: slots[0].startsAt,
    endsAt: slots[slots.length - 1].endsAt,
    rescheduledFrom: { startsAt: booking.startsAt, endsAt: booking.endsAt },
    updatedAt: now,
  };
}
