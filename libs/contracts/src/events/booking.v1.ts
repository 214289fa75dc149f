import { z } from 'zod';
import { bookingStatus, cents, currency, id, instant, paymentStatus } from './common';

/** A customer took slots and the booking waits for payment. Carries what the barber's day shows. */
export const bookingCreatedV1 = z.object({
  bookingId: id,
  customerId: id,
  customerName: z.string(),
  barberId: id,
  serviceId: id,
  serviceName: z.string(),
  slotIds: z.array(id).min(1),
  startsAt: instant,
  endsAt: instant,
  priceCents: cents,
  currency,
  holdExpiresAt: instant,
});

/** Fields every later booking event carries so live feeds can show the new state. */
const bookingChange = {
  bookingId: id,
  customerId: id,
  barberId: id,
  slotIds: z.array(id).min(1),
  startsAt: instant,
  endsAt: instant,
  status: bookingStatus,
  paymentStatus,
};

export const bookingConfirmedV1 = z.object({
  ...bookingChange,
  paymentId: id,
  appointmentId: id.nullable(),
});

export const bookingExpiredV1 = z.object({
  ...bookingChange,
  reason: z.enum(['hold_lapsed', 'checkout_expired', 'payment_failed']),
});

export const bookingCancelledV1 = z.object({
  ...bookingChange,
  cancelledBy: z.enum(['customer', 'barber', 'admin']),
  /** `full` asks payments to refund everything paid; `none` keeps the money (late customer cancellation). */
  refund: z.enum(['full', 'none']),
  wasPaid: z.boolean(),
  reason: z.string().nullable(),
});

/** A payment arrived for a booking that can no longer be honoured: payments must refund it. */
export const bookingPaymentRejectedV1 = z.object({
  bookingId: id,
  paymentId: id,
  reason: z.string(),
});

/** The booking's paymentStatus changed while its status stayed (a refund, a dispute): for live feeds. */
export const bookingPaymentStatusChangedV1 = z.object({
  ...bookingChange,
  paymentId: id,
});

/** A card was declined on the booking's open Checkout Session: the customer may try again. For live feeds. */
export const bookingPaymentAttemptFailedV1 = z.object({
  ...bookingChange,
  paymentId: id,
  checkoutSessionId: z.string().min(1),
  lastPaymentError: z.string().min(1),
});

/**
 * DESIGN §6.7: the booking moved to other slots of its barber; status, payment and price are
 * unchanged. Carries the booking's state as well (like every later booking fact), so a consumer
 * that has not seen the booking yet can still show it at its new time.
 */
export const bookingRescheduledV1 = z.object({
  ...bookingChange,
  oldSlotIds: z.array(id).min(1),
  newSlotIds: z.array(id).min(1),
  previousStartsAt: instant,
  previousEndsAt: instant,
});
