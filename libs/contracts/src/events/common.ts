import { z } from 'zod';

export const id = z.uuid();
export const instant = z.iso.datetime();
export const currency = z.string().regex(/^[a-z]{3}$/, 'lower-case ISO 4217 code');
export const cents = z.number().int().nonnegative();

export const slotStatus = z.enum(['available', 'held', 'booked', 'blocked']);
export const bookingStatus = z.enum(['pending_payment', 'confirmed', 'expired', 'cancelled']);
export const paymentStatus = z.enum([
  'unpaid',
  'paid',
  'refund_pending',
  'refunded',
  'partially_refunded',
  'refund_failed',
  'disputed',
  'dispute_lost',
]);
export const appointmentStatus = z.enum(['pending', 'paid', 'cancelled', 'completed', 'no_show']);
