import { z } from 'zod';
import { cents, currency, id } from './common';

const stripeId = z.string().min(1).max(255);

export const paymentSucceededV1 = z.object({
  bookingId: id,
  paymentId: id,
  amountCents: cents,
  currency,
  paymentIntentId: stripeId.nullable(),
  checkoutSessionId: stripeId,
});

export const paymentFailedV1 = z.object({
  bookingId: id,
  paymentId: id,
  checkoutSessionId: stripeId,
  reason: z.string(),
});

export const paymentExpiredV1 = z.object({
  bookingId: id,
  paymentId: id,
  checkoutSessionId: stripeId,
});

export const paymentRefundedV1 = z.object({
  bookingId: id,
  paymentId: id,
  refundId: stripeId,
  amountCents: cents,
  currency,
});
