import { BookingResource, PayloadOf } from '@app/contracts';
import { Booking, CancellationDecision } from '../domain/booking';

export function toBookingResource(booking: Booking): BookingResource {
  return {
    id: booking.id,
    customerId: booking.customerId,
    barberId: booking.barberId,
    barberName: booking.barberName,
    serviceId: booking.serviceId,
    serviceName: booking.serviceName,
    timeZone: booking.timeZone,
    slotIds: booking.slotIds,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    priceCents: booking.priceCents,
    currency: booking.currency,
    status: booking.status,
    paymentStatus: booking.paymentStatus,
    holdExpiresAt: booking.holdExpiresAt.toISOString(),
    appointmentId: booking.appointmentId,
    cancellationReason: booking.cancellationReason,
    rescheduledFrom: booking.rescheduledFrom
      ? { startsAt: booking.rescheduledFrom.startsAt.toISOString(), endsAt: booking.rescheduledFrom.endsAt.toISOString() }
      : null,
    checkout: booking.checkout,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
  };
}

export function bookingCreatedPayload(booking: Booking): PayloadOf<'booking.created'> {
  return {
    bookingId: booking.id,
    customerId: booking.customerId,
    customerName: booking.customerName,
    barberId: booking.barberId,
    serviceId: booking.serviceId,
    serviceName: booking.serviceName,
    slotIds: booking.slotIds,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    priceCents: booking.priceCents,
    currency: booking.currency,
    holdExpiresAt: booking.holdExpiresAt.toISOString(),
    appointmentId: booking.appointmentId,
  };
}

function bookingChange(booking: Booking) {
  return {
    bookingId: booking.id,
    customerId: booking.customerId,
    barberId: booking.barberId,
    slotIds: booking.slotIds,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    status: booking.status,
    paymentStatus: booking.paymentStatus,
  };
}

export function bookingExpiredPayload(
  booking: Booking,
  reason: PayloadOf<'booking.expired'>['reason'],
): PayloadOf<'booking.expired'> {
  return { ...bookingChange(booking), reason };
}

export function bookingCancelledPayload(booking: Booking, decision: CancellationDecision): PayloadOf<'booking.cancelled'> {
  return {
    ...bookingChange(booking),
    cancelledBy: decision.cancelledBy,
    refund: decision.refund,
    wasPaid: decision.wasPaid,
    reason: booking.cancellationReason,
  };
}

export function bookingConfirmedPayload(booking: Booking & { paymentId: string }): PayloadOf<'booking.confirmed'> {
  return { ...bookingChange(booking), paymentId: booking.paymentId, appointmentId: booking.appointmentId };
}

export function bookingPaymentRejectedPayload(
  booking: Pick<Booking, 'id'>,
  paymentId: string,
  reason: string,
): PayloadOf<'booking.payment_rejected'> {
  return { bookingId: booking.id, paymentId, reason };
}

export function bookingPaymentStatusChangedPayload(booking: Booking, paymentId: string): PayloadOf<'booking.payment_status_changed'> {
  return { ...bookingChange(booking), paymentId };
}

export function bookingPaymentAttemptFailedPayload(
  booking: Booking,
  attempt: { paymentId: string; checkoutSessionId: string; message: string },
): PayloadOf<'booking.payment_attempt_failed'> {
  return { ...bookingChange(booking), paymentId: attempt.paymentId, checkoutSessionId: attempt.checkoutSessionId, lastPaymentError: attempt.message };
}

export function bookingRescheduledPayload(booking: Booking, oldSlotIds: string[]): PayloadOf<'booking.rescheduled'> {
  if (!booking.rescheduledFrom) throw new Error(`booking ${booking.id} was not rescheduled`);
  return {
    ...bookingChange(booking),
    oldSlotIds,
    newSlotIds: booking.slotIds,
    previousStartsAt: booking.rescheduledFrom.startsAt.toISOString(),
    previousEndsAt: booking.rescheduledFrom.endsAt.toISOString(),
  };
}
