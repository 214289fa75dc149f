import { Actor, BookingStatus, CheckoutResource, PaymentStatus } from '@app/contracts';
import { BookingNotCancellableError } from './booking.errors';

export type CancelledBy = 'customer' | 'barber' | 'admin';

export interface Booking {
  id: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  barberId: string;
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

/**
 * What cancelling means for this booking, or BOOKING_NOT_CANCELLABLE. Who may cancel at all
 * (its customer, its barber, an admin) is checked before, by bookingAccess.
 */
export function decideCancellation(booking: Pick<Booking, 'status'>, actor: Actor): CancellationDecision {
  switch (booking.status) {
    case 'pending_payment':
      // Nothing was paid: the slots are released and there is nothing to refund.
      return { cancelledBy: actor.role, refund: 'none', wasPaid: false };
    case 'confirmed':
      // Paid bookings are cancelled with a refund decision (CANCELLATION_WINDOW_HOURS); not yet offered.
      throw new BookingNotCancellableError(booking.status);
    case 'expired':
    case 'cancelled':
      throw new BookingNotCancellableError(booking.status);
  }
}

export function cancel(booking: Booking, decision: CancellationDecision, reason: string | null, now: Date): Booking {
  return { ...booking, status: 'cancelled', cancelledBy: decision.cancelledBy, cancellationReason: reason, updatedAt: now };
}
