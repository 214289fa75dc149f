import { z } from 'zod';
import { actorSchema } from './actor';
import { rpcRequest } from './rpc-table';

/** Gateway → payments request/response patterns (TCP). */
export const PAYMENTS_RPC = {
  /** → { status: 'ok' } */
  health: 'payments.health',
  /**
   * CreateCheckoutRequest → CheckoutResource. "Get or create": the booking's open session
   * when it has one that has not expired, else a new Checkout Session (idempotency key
   * `checkout:<bookingId>:<n>`, n advancing only once a session was created). Fails with
   * PAYMENT_PROVIDER_UNAVAILABLE when Stripe cannot be reached, CHECKOUT_NOT_AVAILABLE when
   * the booking's payment already succeeded.
   */
  createCheckout: 'payments.checkout.create',
  /** GetCheckoutsRequest → Record<bookingId, CheckoutResource | null> (open sessions only). */
  getCheckouts: 'payments.checkout.get-many',
  /** ListAttentionRequest → AttentionItemResource[], open items oldest first (admins only). */
  listAttention: 'payments.attention.list',
} as const;

export const listAttentionRequest = rpcRequest({ actor: actorSchema });
export type ListAttentionRequest = z.input<typeof listAttentionRequest>;

/**
 * Everything comes from booking's checkout terms, never from the client. Types only here: the
 * use case checks the values (amount, currency, times) with its own schema.
 */
export const createCheckoutRequest = rpcRequest({
  bookingId: z.string(),
  customerEmail: z.string(),
  serviceName: z.string(),
  amountCents: z.number(),
  currency: z.string(),
  /** The session expires then, or 30 minutes from now if later (Stripe's minimum). */
  holdExpiresAt: z.string(),
});
export type CreateCheckoutRequest = z.input<typeof createCheckoutRequest>;

export const getCheckoutsRequest = rpcRequest({ bookingIds: z.array(z.string()) });
export type GetCheckoutsRequest = z.input<typeof getCheckoutsRequest>;
