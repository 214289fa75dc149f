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

/**
 * One attempt on a still open Checkout Session was declined (a card refused): the customer may
 * try again on the same page. Nothing ends; `message` is a sentence the customer can read.
 */
export const paymentAttemptFailedV1 = z.object({
  bookingId: id,
  paymentId: id,
  checkoutSessionId: stripeId,
  message: z.string().min(1),
  declineCode: z.string().nullable(),
});

/**
 * The money of a payment moved after it succeeded in a way the other events do not tell: a
 * refund that failed, a dispute opened or closed, a refund made outside the system. `revision`
 * grows with every change of the payment's money, so a consumer keeps the newest whatever the
 * delivery order.
 */
export const paymentStatusChangedV1 = z.object({
  bookingId: id,
  paymentId: id,
  paymentStatus: z.enum([
    'paid',
    'refund_pending',
    'refunded',
    'partially_refunded',
    'refund_failed',
    'disputed',
    'dispute_lost',
  ]),
  revision: z.number().int().positive(),
  detail: z.string(),
});
