import { randomBytes } from 'node:crypto';

/**
 * The subset of Stripe's v1 object shapes the stand-in serves. Field names and value sets follow
 * Stripe's API reference; fields we never fill are left out rather than faked.
 */
export type Metadata = Record<string, string>;

export interface LineItem {
  id: string;
  object: 'item';
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  description: string;
  price: {
    id: string;
    object: 'price';
    currency: string;
    unit_amount: number;
    product: string;
    type: 'one_time';
    livemode: false;
  };
  quantity: number;
}

export type CheckoutSessionStatus = 'open' | 'complete' | 'expired';
export type CheckoutPaymentStatus = 'paid' | 'unpaid' | 'no_payment_required';

export interface CheckoutSession {
  id: string;
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: null;
  customer_details: { email: string | null; name: string | null } | null;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  metadata: Metadata;
  mode: 'payment';
  payment_intent: string | PaymentIntent | null;
  allowed_payment_method_types: string[] | null;
  payment_method_types: string[];
  payment_status: CheckoutPaymentStatus;
  status: CheckoutSessionStatus;
  success_url: string | null;
  url: string | null;
  /** Only present when expanded (`expand[]=line_items`). */
  line_items?: StripeList<LineItem>;
}

export type PaymentIntentStatus =
  'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  created: number;
  description: string | null;
  last_payment_error: {
    type: 'card_error';
    code: string;
    decline_code?: string;
    message: string;
    charge?: string;
  } | null;
  latest_charge: string | Charge | null;
  livemode: false;
  metadata: Metadata;
  payment_method_types: string[];
  status: PaymentIntentStatus;
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  created: number;
  currency: string;
  livemode: false;
  metadata: Metadata;
  paid: boolean;
  payment_intent: string;
  refunded: boolean;
  disputed: boolean;
  failure_code: string | null;
  failure_message: string | null;
  status: 'succeeded' | 'pending' | 'failed';
}

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string | Charge;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string | PaymentIntent;
  reason: RefundReason | null;
  status: 'succeeded' | 'pending' | 'failed' | 'canceled';
  failure_reason: string | null;
}

export type DisputeStatus =
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed'
  | 'needs_response'
  | 'under_review'
  | 'won'
  | 'lost';

export interface Dispute {
  id: string;
  object: 'dispute';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  evidence_details: {
    due_by: number | null;
    has_evidence: boolean;
    past_due: boolean;
    submission_count: number;
  };
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Metadata;
  payment_intent: string;
  reason: string;
  status: DisputeStatus;
}

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: object; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `cs_test_a1B2…`, `pi_3X…`: Stripe-looking ids (prefix plus random base62). */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}

export function listOf<T>(data: T[], url: string): StripeList<T> {
  return { object: 'list', data, has_more: false, url };
}

/** A deep copy, so an event or a response never changes when the object does afterwards. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}
