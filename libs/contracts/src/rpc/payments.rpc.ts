import { Actor, RpcMeta } from './actor';

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

export interface ListAttentionRequest extends RpcMeta {
  actor: Actor;
}

/** Everything comes from the booking service's answer, never from the client. */
export interface CreateCheckoutRequest extends RpcMeta {
  bookingId: string;
  customerEmail: string;
  serviceName: string;
  amountCents: number;
  currency: string;
  /** The session expires then, or 30 minutes from now if later (Stripe's minimum). */
  holdExpiresAt: string;
}

export interface GetCheckoutsRequest extends RpcMeta {
  bookingIds: string[];
}
