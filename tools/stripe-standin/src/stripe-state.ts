import { FormObject } from './form-body';
import {
  StripeApiError,
  invalidParam,
  invalidState,
  missingParam,
  resourceMissing,
} from './stripe-errors';
import {
  Charge,
  CheckoutSession,
  Dispute,
  LineItem,
  Metadata,
  PaymentIntent,
  Refund,
  RefundReason,
  StripeEvent,
  StripeList,
  listOf,
  newId,
  snapshot,
} from './stripe-objects';
import {
  metadataParam,
  oneOf,
  optionalArray,
  optionalInteger,
  optionalNonEmptyString,
  optionalObject,
  rejectUnknownParams,
  requiredInteger,
  requiredString,
  stringArray,
} from './stripe-params';

/** Stripe Checkout: `expires_at` must be 30 minutes to 24 hours after the session's creation. */
export const CHECKOUT_MIN_LIFETIME_SECONDS = 30 * 60;
export const CHECKOUT_MAX_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * Real Stripe parameters of `POST /v1/checkout/sessions`: the top-level keys of the pinned SDK's
 * `Stripe.Checkout.SessionCreateParams` (stripe 23, API 2026-10-28.endive; `payment_method_types`
 * is gone, `allowed_payment_method_types` filters the dynamic set instead). The ones the
 * stand-in models are applied; the others are accepted and ignored (real Stripe would accept
 * them), and anything else is refused like Stripe refuses it ("Received unknown parameter"), so
 * a typo shows up here and not only against the real API.
 */
const CHECKOUT_SESSION_PARAMS = new Set([
  'adaptive_pricing',
  'after_expiration',
  'allow_promotion_codes',
  'allowed_payment_method_types',
  'automatic_tax',
  'billing_address_collection',
  'branding_settings',
  'cancel_url',
  'client_reference_id',
  'consent_collection',
  'currency',
  'custom_fields',
  'custom_text',
  'customer',
  'customer_account',
  'customer_creation',
  'customer_email',
  'customer_update',
  'discounts',
  'excluded_payment_method_types',
  'expand',
  'expires_at',
  'integration_identifier',
  'invoice_creation',
  'line_items',
  'locale',
  'managed_payments',
  'metadata',
  'mode',
  'name_collection',
  'optional_items',
  'origin_context',
  'payment_intent_data',
  'payment_method_collection',
  'payment_method_configuration',
  'payment_method_data',
  'payment_method_options',
  'permissions',
  'phone_number_collection',
  'redirect_on_completion',
  'return_url',
  'saved_payment_method_options',
  'setup_intent_data',
  'shipping_address_collection',
  'shipping_options',
  'submit_type',
  'subscription_data',
  'success_url',
  'tax_id_collection',
  'ui_mode',
  'wallet_options',
]);
const REFUND_PARAMS = new Set([
  'amount',
  'charge',
  'currency',
  'customer',
  'expand',
  'instructions_email',
  'metadata',
  'origin',
  'payment_intent',
  'reason',
  'refund_application_fee',
  'reverse_transfer',
]);
const REFUND_REASONS: readonly RefundReason[] = [
  'duplicate',
  'fraudulent',
  'requested_by_customer',
];

export interface PayOptions {
  /** Charge this amount instead of the session's total (a mismatched-amount payment). */
  amountCents?: number;
  /** Charge in this currency instead of the session's (a mismatched-currency payment). */
  currency?: string;
  /**
   * A delayed payment method that then succeeds: `checkout.session.completed` with
   * `payment_status: 'unpaid'`, then `checkout.session.async_payment_succeeded` and
   * `payment_intent.succeeded`.
   */
  async?: boolean;
}

export interface FlowResult {
  session: CheckoutSession;
  paymentIntent: PaymentIntent | null;
  charge: Charge | null;
  /** Every event the flow created, in Stripe's usual order (before any `deliver` selection). */
  events: StripeEvent[];
}

export interface RefundResult {
  refund: Refund;
  charge: Charge;
  events: StripeEvent[];
}

export interface SucceededPayment {
  paymentIntentId: string;
  checkoutSessionId: string | null;
  chargeId: string;
  amount: number;
  currency: string;
  amountRefunded: number;
  metadata: Metadata;
  refundIds: string[];
  created: number;
}

/** What a checker compares the system against: every object and every succeeded payment. */
export interface StripeLedger {
  sessions: CheckoutSession[];
  paymentIntents: PaymentIntent[];
  charges: Charge[];
  refunds: Refund[];
  succeededPayments: SucceededPayment[];
}

/** The API request an event was caused by (Stripe's `event.request`). */
export interface RequestOrigin {
  id: string | null;
  idempotency_key: string | null;
}

const NO_REQUEST: RequestOrigin = { id: null, idempotency_key: null };

/** How a refund created through the API starts: at once `succeeded` (Stripe's usual card refund), or `pending` until a test settles it. */
export type RefundStart = 'succeeded' | 'pending';

/** Evidence for a dispute is due this long after it opens (Stripe gives about a week to three weeks). */
export const DISPUTE_EVIDENCE_SECONDS = 7 * 24 * 60 * 60;

interface SessionRecord {
  session: CheckoutSession;
  /** The PaymentIntent of this session's attempts (a declined card creates it; paying reuses it). */
  paymentIntentId?: string;
  lineItems: LineItem[];
  paymentIntentMetadata: Metadata;
  paymentIntentDescription: string | null;
}

/**
 * The stand-in's Stripe account: objects in memory, and the transitions the API and the test
 * flows apply to them. Every transition returns the events it caused, as snapshots; delivering
 * them is the server's business.
 */
export class StripeState {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly paymentIntents = new Map<string, PaymentIntent>();
  private readonly charges = new Map<string, Charge>();
  private readonly refunds = new Map<string, Refund>();
  private readonly disputes = new Map<string, Dispute>();
  private refundStart: RefundStart = 'succeeded';
  private readonly eventLog: StripeEvent[] = [];
  private readonly eventsById = new Map<string, StripeEvent>();

  constructor(
    private readonly options: {
      now: () => number;
      apiVersion: () => string;
      checkoutUrl: (sessionId: string) => string;
      /** A session reached its `expires_at` (noticed by the sweep or by any request touching it). */
      onExpiredInTime: (event: StripeEvent) => void;
    },
  ) {}

  // --- Checkout Sessions ---------------------------------------------------------------------

  createCheckoutSession(params: FormObject): CheckoutSession {
    rejectUnknownParams(params, CHECKOUT_SESSION_PARAMS);
    const mode = requiredString(params, 'mode');
    if (mode !== 'payment') {
      throw invalidParam(
        'mode',
        `The local Stripe stand-in supports only mode=payment, not '${mode}'.`,
      );
    }
    const lineItems = this.lineItemsParam(params);
    const currencies = new Set(lineItems.map((item) => item.currency));
    if (currencies.size > 1) {
      throw invalidParam('line_items', 'All line items must use the same currency.');
    }
    const created = this.options.now();
    const expiresAt =
      optionalInteger(params, 'expires_at') ?? created + CHECKOUT_MAX_LIFETIME_SECONDS;
    if (expiresAt < created + CHECKOUT_MIN_LIFETIME_SECONDS) {
      throw invalidParam(
        'expires_at',
        'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      );
    }
    if (expiresAt > created + CHECKOUT_MAX_LIFETIME_SECONDS) {
      throw invalidParam(
        'expires_at',
        'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      );
    }
    const paymentIntentData = optionalObject(params, 'payment_intent_data') ?? {};
    const paymentIntentMetadata = metadataParam(
      paymentIntentData,
      'metadata',
      'payment_intent_data[metadata]',
    );
    const paymentIntentDescription =
      optionalNonEmptyString(
        paymentIntentData,
        'description',
        'payment_intent_data[description]',
      ) ?? null;
    const captureMethod = optionalNonEmptyString(
      paymentIntentData,
      'capture_method',
      'payment_intent_data[capture_method]',
    );
    if (
      captureMethod !== undefined &&
      captureMethod !== 'automatic' &&
      captureMethod !== 'automatic_async'
    ) {
      throw invalidParam(
        'payment_intent_data[capture_method]',
        'The local Stripe stand-in supports only automatic capture.',
      );
    }
    const metadata = metadataParam(params, 'metadata');
    const total = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
    const id = newId('cs_test', 58);
    const allowedPaymentMethodTypes = stringArray(params, 'allowed_payment_method_types');
    const session: CheckoutSession = {
      id,
      object: 'checkout.session',
      amount_subtotal: total,
      amount_total: total,
      cancel_url: optionalNonEmptyString(params, 'cancel_url') ?? null,
      client_reference_id: optionalNonEmptyString(params, 'client_reference_id') ?? null,
      created,
      currency: lineItems[0].currency,
      customer: null,
      customer_details: null,
      customer_email: optionalNonEmptyString(params, 'customer_email') ?? null,
      expires_at: expiresAt,
      livemode: false,
      metadata,
      mode: 'payment',
      payment_intent: null,
      allowed_payment_method_types:
        allowedPaymentMethodTypes.length > 0 ? allowedPaymentMethodTypes : null,
      payment_method_types:
        allowedPaymentMethodTypes.length > 0 ? allowedPaymentMethodTypes : ['card'],
      payment_status: 'unpaid',
      status: 'open',
      success_url: optionalNonEmptyString(params, 'success_url') ?? null,
      url: this.options.checkoutUrl(id),
    };
    this.sessions.set(id, { session, lineItems, paymentIntentMetadata, paymentIntentDescription });
    return session;
  }

  private lineItemsParam(params: FormObject): LineItem[] {
    const items = optionalArray(params, 'line_items');
    if (items === undefined || items.length === 0) throw missingParam('line_items');
    return items.map((raw, index) => {
      const path = `line_items[${index}]`;
      if (typeof raw === 'string' || Array.isArray(raw)) throw invalidParam(path, 'Invalid object');
      if (raw.price !== undefined) {
        const price = typeof raw.price === 'string' ? raw.price : '';
        throw new StripeApiError(
          404,
          'invalid_request_error',
          `No such price: '${price}' (the local Stripe stand-in supports inline price_data only)`,
          {
            code: 'resource_missing',
            param: `${path}[price]`,
          },
        );
      }
      const priceData = optionalObject(raw, 'price_data', `${path}[price_data]`);
      if (priceData === undefined) throw missingParam(`${path}[price_data]`);
      const currency = requiredString(
        priceData,
        'currency',
        `${path}[price_data][currency]`,
      ).toLowerCase();
      if (!/^[a-z]{3}$/.test(currency)) {
        throw invalidParam(`${path}[price_data][currency]`, `Invalid currency: ${currency}.`);
      }
      const unitAmount = requiredInteger(
        priceData,
        'unit_amount',
        `${path}[price_data][unit_amount]`,
      );
      if (unitAmount < 0) {
        throw invalidParam(
          `${path}[price_data][unit_amount]`,
          'This value must be greater than or equal to 0.',
        );
      }
      const productData = optionalObject(
        priceData,
        'product_data',
        `${path}[price_data][product_data]`,
      );
      if (productData === undefined) throw missingParam(`${path}[price_data][product_data]`);
      const name = requiredString(productData, 'name', `${path}[price_data][product_data][name]`);
      const quantity = optionalInteger(raw, 'quantity', `${path}[quantity]`);
      if (quantity === undefined) throw missingParam(`${path}[quantity]`);
      if (quantity < 1)
        throw invalidParam(`${path}[quantity]`, 'This value must be greater than or equal to 1.');
      const amount = unitAmount * quantity;
      return {
        id: newId('li'),
        object: 'item',
        amount_subtotal: amount,
        amount_total: amount,
        currency,
        description: name,
        price: {
          id: newId('price'),
          object: 'price',
          currency,
          unit_amount: unitAmount,
          product: newId('prod', 14),
          type: 'one_time',
          livemode: false,
        },
        quantity,
      } satisfies LineItem;
    });
  }

  retrieveCheckoutSession(id: string, expand: readonly string[] = []): CheckoutSession {
    const record = this.sessionRecord(id);
    this.expireIfDue(record);
    const session = snapshot(record.session);
    for (const path of expand) {
      switch (path) {
        case 'payment_intent':
          if (typeof session.payment_intent === 'string') {
            session.payment_intent = snapshot(this.paymentIntentOrThrow(session.payment_intent));
          }
          break;
        case 'line_items':
          session.line_items = listOf(
            snapshot(record.lineItems),
            `/v1/checkout/sessions/${id}/line_items`,
          );
          break;
        default:
          throw notExpandable(path);
      }
    }
    return session;
  }

  listCheckoutSessions(filters: {
    paymentIntent?: string;
    status?: string;
    limit: number;
    startingAfter?: string;
  }): StripeList<CheckoutSession> {
    this.expireDue();
    let data = [...this.sessions.values()].map((record) => record.session).reverse();
    if (filters.paymentIntent !== undefined)
      data = data.filter((s) => s.payment_intent === filters.paymentIntent);
    if (filters.status !== undefined) data = data.filter((s) => s.status === filters.status);
    return page(data, filters, '/v1/checkout/sessions');
  }

  lineItemsOf(sessionId: string): LineItem[] {
    return snapshot(this.sessionRecord(sessionId).lineItems);
  }

  /** `POST /v1/checkout/sessions/:id/expire`, the checkout page's "Abandon", and expiry in time. */
  expireCheckoutSession(id: string, request: RequestOrigin = NO_REQUEST): FlowResult {
    const record = this.sessionRecord(id);
    this.expireIfDue(record);
    const { session } = record;
    if (session.status !== 'open') {
      throw invalidState(
        `Only Checkout Sessions with a status in ["open"] can be expired. This session has status '${session.status}'.`,
        { param: 'session' },
      );
    }
    const events = [this.expire(record, request)];
    return { session: snapshot(session), paymentIntent: null, charge: null, events };
  }

  /** Expires every open session whose `expires_at` has passed, as Stripe does in time. */
  expireDue(): void {
    for (const record of this.sessions.values()) this.expireIfDue(record);
  }

  private expireIfDue(record: SessionRecord): void {
    if (record.session.status !== 'open' || record.session.expires_at > this.options.now()) return;
    this.options.onExpiredInTime(this.expire(record, NO_REQUEST));
  }

  private expire(record: SessionRecord, request: RequestOrigin): StripeEvent {
    const { session } = record;
    session.status = 'expired';
    session.url = null;
    return this.event('checkout.session.expired', session, request, { status: 'open' });
  }

  // --- Payment flows (the customer's side, driven by tests and the checkout page) -------------

  pay(sessionId: string, options: PayOptions = {}): FlowResult {
    const record = this.openSession(sessionId);
    const { session } = record;
    const amount = options.amountCents ?? session.amount_total;
    const currency = (options.currency ?? session.currency).toLowerCase();
    if (!Number.isSafeInteger(amount) || amount < 0)
      throw new TypeError(`amountCents must be a non-negative integer, got ${amount}`);
    const { paymentIntent, charge } = this.createPayment(record, amount, currency);
    this.completeSession(record, amount, currency, paymentIntent.id);
    const events: StripeEvent[] = [];
    if (options.async === true) {
      session.payment_status = 'unpaid';
      paymentIntent.status = 'processing';
      paymentIntent.amount_received = 0;
      charge.status = 'pending';
      charge.paid = false;
      charge.captured = false;
      charge.amount_captured = 0;
      events.push(this.event('checkout.session.completed', session));
      session.payment_status = 'paid';
      this.succeed(paymentIntent, charge);
      events.push(
        this.event('checkout.session.async_payment_succeeded', session, NO_REQUEST, {
          payment_status: 'unpaid',
        }),
        this.event('payment_intent.succeeded', paymentIntent, NO_REQUEST, {
          status: 'processing',
          amount_received: 0,
        }),
      );
    } else {
      session.payment_status = 'paid';
      this.succeed(paymentIntent, charge);
      events.push(
        this.event('checkout.session.completed', session),
        this.event('payment_intent.succeeded', paymentIntent),
      );
    }
    return {
      session: snapshot(session),
      paymentIntent: snapshot(paymentIntent),
      charge: snapshot(charge),
      events,
    };
  }

  /**
   * A delayed payment method that fails: `checkout.session.completed` with
   * `payment_status: 'unpaid'`, then `checkout.session.async_payment_failed` and
   * `payment_intent.payment_failed`. The session stays `complete`/`unpaid`, as in Stripe.
   */
  asyncPaymentFails(sessionId: string): FlowResult {
    const record = this.openSession(sessionId);
    const { session } = record;
    const { paymentIntent, charge } = this.createPayment(
      record,
      session.amount_total,
      session.currency,
    );
    paymentIntent.status = 'processing';
    charge.status = 'pending';
    charge.paid = false;
    charge.captured = false;
    charge.amount_captured = 0;
    this.completeSession(record, session.amount_total, session.currency, paymentIntent.id);
    session.payment_status = 'unpaid';
    const events = [this.event('checkout.session.completed', session)];
    paymentIntent.status = 'requires_payment_method';
    paymentIntent.last_payment_error = {
      type: 'card_error',
      code: 'payment_method_provider_decline',
      message: 'The payment was declined by the bank (local Stripe stand-in).',
    };
    charge.status = 'failed';
    events.push(
      this.event('checkout.session.async_payment_failed', session),
      this.event('payment_intent.payment_failed', paymentIntent, NO_REQUEST, {
        status: 'processing',
      }),
    );
    return {
      session: snapshot(session),
      paymentIntent: snapshot(paymentIntent),
      charge: snapshot(charge),
      events,
    };
  }

  /**
   * The customer's card is declined on the Checkout page: `payment_intent.payment_failed` with
   * the PaymentIntent's `last_payment_error`. The session stays `open` (the customer may try
   * another card; a later `pay` reuses the same PaymentIntent), as in Stripe.
   */
  declineCard(
    sessionId: string,
    decline: { code?: string; declineCode?: string; message?: string } = {},
  ): FlowResult {
    const record = this.openSession(sessionId);
    const { session } = record;
    const { paymentIntent, charge } = this.createPayment(
      record,
      session.amount_total,
      session.currency,
    );
    const previous = {
      status: paymentIntent.status,
      last_payment_error: paymentIntent.last_payment_error,
    };
    charge.status = 'failed';
    charge.failure_code = decline.code ?? 'card_declined';
    charge.failure_message = decline.message ?? 'Your card was declined.';
    paymentIntent.status = 'requires_payment_method';
    paymentIntent.last_payment_error = {
      type: 'card_error',
      code: decline.code ?? 'card_declined',
      decline_code: decline.declineCode ?? 'generic_decline',
      message: decline.message ?? 'Your card was declined.',
      charge: charge.id,
    };
    // Checkout creates the PaymentIntent when the customer confirms: the open session names it from then on.
    session.payment_intent = paymentIntent.id;
    const events = [
      this.event('payment_intent.payment_failed', paymentIntent, NO_REQUEST, previous),
    ];
    return {
      session: snapshot(session),
      paymentIntent: snapshot(paymentIntent),
      charge: snapshot(charge),
      events,
    };
  }

  private openSession(sessionId: string): SessionRecord {
    const record = this.sessionRecord(sessionId);
    this.expireIfDue(record);
    if (record.session.status !== 'open') {
      throw invalidState(
        `Checkout Session ${sessionId} is ${record.session.status}; only an open session can be paid.`,
        {
          code: 'checkout_session_not_open',
        },
      );
    }
    return record;
  }

  private createPayment(
    record: SessionRecord,
    amount: number,
    currency: string,
  ): { paymentIntent: PaymentIntent; charge: Charge } {
    const created = this.options.now();
    const existing =
      record.paymentIntentId === undefined
        ? undefined
        : this.paymentIntents.get(record.paymentIntentId);
    const paymentIntentId = existing?.id ?? newId('pi');
    const charge: Charge = {
      id: newId('ch'),
      object: 'charge',
      amount,
      amount_captured: 0,
      amount_refunded: 0,
      captured: false,
      created,
      currency,
      livemode: false,
      metadata: { ...record.paymentIntentMetadata },
      paid: false,
      payment_intent: paymentIntentId,
      refunded: false,
      disputed: false,
      failure_code: null,
      failure_message: null,
      status: 'pending',
    };
    this.charges.set(charge.id, charge);
    if (existing) {
      // Another attempt on the same session: the PaymentIntent it already has, a new charge.
      Object.assign(existing, {
        amount,
        currency,
        amount_received: 0,
        latest_charge: charge.id,
        last_payment_error: null,
        status: 'processing',
      });
      return { paymentIntent: existing, charge };
    }
    const paymentIntent: PaymentIntent = {
      id: paymentIntentId,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency,
      created,
      description: record.paymentIntentDescription,
      last_payment_error: null,
      latest_charge: charge.id,
      livemode: false,
      metadata: { ...record.paymentIntentMetadata },
      payment_method_types: ['card'],
      status: 'processing',
    };
    this.paymentIntents.set(paymentIntent.id, paymentIntent);
    record.paymentIntentId = paymentIntent.id;
    return { paymentIntent, charge };
  }

  private succeed(paymentIntent: PaymentIntent, charge: Charge): void {
    paymentIntent.status = 'succeeded';
    paymentIntent.amount_received = paymentIntent.amount;
    charge.status = 'succeeded';
    charge.paid = true;
    charge.captured = true;
    charge.amount_captured = charge.amount;
  }

  private completeSession(
    record: SessionRecord,
    amount: number,
    currency: string,
    paymentIntentId: string,
  ): void {
    const { session } = record;
    session.status = 'complete';
    session.url = null;
    session.payment_intent = paymentIntentId;
    session.amount_total = amount;
    session.amount_subtotal = amount;
    session.currency = currency;
    session.customer_details = {
      email: session.customer_email ?? 'customer@example.test',
      name: 'Local Test Customer',
    };
  }

  // --- Payment intents, charges, refunds -----------------------------------------------------

  retrievePaymentIntent(id: string, expand: readonly string[] = []): PaymentIntent {
    const paymentIntent = snapshot(this.paymentIntentOrThrow(id));
    for (const path of expand) {
      if (path !== 'latest_charge') throw notExpandable(path);
      if (typeof paymentIntent.latest_charge === 'string') {
        paymentIntent.latest_charge = snapshot(this.chargeOrThrow(paymentIntent.latest_charge));
      }
    }
    return paymentIntent;
  }

  retrieveCharge(id: string): Charge {
    return snapshot(this.chargeOrThrow(id));
  }

  createRefund(params: FormObject, request: RequestOrigin = NO_REQUEST): RefundResult {
    rejectUnknownParams(params, REFUND_PARAMS);
    const paymentIntentId = optionalNonEmptyString(params, 'payment_intent');
    const chargeId = optionalNonEmptyString(params, 'charge');
    if (paymentIntentId === undefined && chargeId === undefined) {
      throw invalidParam(
        'payment_intent',
        'One of `charge` or `payment_intent` is required.',
        'parameter_missing',
      );
    }
    let charge: Charge;
    if (chargeId !== undefined) {
      const found = this.charges.get(chargeId);
      if (!found) throw resourceMissing('charge', chargeId, 'charge');
      charge = found;
      if (paymentIntentId !== undefined && charge.payment_intent !== paymentIntentId) {
        throw invalidParam(
          'charge',
          `Charge ${chargeId} does not belong to PaymentIntent ${paymentIntentId}.`,
        );
      }
    } else {
      const paymentIntent = this.paymentIntents.get(paymentIntentId!);
      if (!paymentIntent)
        throw resourceMissing('payment_intent', paymentIntentId!, 'payment_intent');
      const latest =
        typeof paymentIntent.latest_charge === 'string'
          ? this.charges.get(paymentIntent.latest_charge)
          : undefined;
      if (!latest || paymentIntent.status !== 'succeeded') {
        throw invalidState(
          `This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`,
          { code: 'charge_not_refundable', param: 'payment_intent' },
        );
      }
      charge = latest;
    }
    const amount = optionalInteger(params, 'amount');
    const reasonParam = optionalNonEmptyString(params, 'reason');
    const reason = reasonParam === undefined ? null : oneOf(reasonParam, REFUND_REASONS, 'reason');
    const metadata = metadataParam(params, 'metadata');
    if (amount !== undefined && amount < 1)
      throw invalidParam('amount', 'This value must be greater than or equal to 1.');
    if (charge.status !== 'succeeded') {
      throw invalidState(`Charge ${charge.id} has not succeeded and cannot be refunded.`, {
        code: 'charge_not_refundable',
      });
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) {
      throw invalidState(`Charge ${charge.id} has already been refunded.`, {
        code: 'charge_already_refunded',
      });
    }
    const refundAmount = amount ?? remaining;
    if (refundAmount > remaining) {
      throw invalidState(
        `Refund amount (${formatMoney(refundAmount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`,
        { code: 'amount_too_large', param: 'amount' },
      );
    }
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    const refund: Refund = {
      id: newId('re'),
      object: 'refund',
      amount: refundAmount,
      charge: charge.id,
      created: this.options.now(),
      currency: charge.currency,
      metadata,
      payment_intent: charge.payment_intent,
      reason,
      status: this.refundStart,
      failure_reason: null,
    };
    this.refunds.set(refund.id, refund);
    charge.amount_refunded += refundAmount;
    charge.refunded = charge.amount_refunded === charge.amount;
    // A pending refund tells only that it exists; charge.refunded follows when it succeeds (settleRefund).
    const events =
      refund.status === 'pending'
        ? [this.event('refund.created', refund, request)]
        : [
            this.event('charge.refunded', charge, request, previous),
            this.event('refund.created', refund, request),
          ];
    return { refund: snapshot(refund), charge: snapshot(charge), events };
  }

  /** How refunds created from now on start (tests: a refund that stays `pending`, then fails). */
  setRefundStart(start: RefundStart): void {
    this.refundStart = start;
  }

  /**
   * A refund ends (the bank answered): `succeeded` (from pending: `refund.updated`,
   * `charge.refund.updated`, `charge.refunded`), or `failed` / `canceled` (from pending or
   * succeeded: the money goes back to the charge's refundable amount; `refund.failed` for a
   * failure, then `refund.updated` and `charge.refund.updated`), as Stripe reports it.
   */
  settleRefund(
    refundId: string,
    outcome: 'succeeded' | 'failed' | 'canceled',
    failureReason = 'expired_or_canceled_card',
  ): RefundResult {
    const refund = this.refunds.get(refundId);
    if (!refund) throw resourceMissing('refund', refundId);
    const charge = this.chargeOrThrow(
      typeof refund.charge === 'string' ? refund.charge : refund.charge.id,
    );
    if (refund.status === 'failed' || refund.status === 'canceled' || refund.status === outcome) {
      throw invalidState(`Refund ${refundId} is ${refund.status}; it cannot become ${outcome}.`);
    }
    const previous = { status: refund.status };
    const events: StripeEvent[] = [];
    if (outcome === 'succeeded') {
      refund.status = 'succeeded';
      events.push(
        this.event('refund.updated', refund, NO_REQUEST, previous),
        this.event('charge.refund.updated', refund, NO_REQUEST, previous),
      );
      events.push(this.event('charge.refunded', charge));
    } else {
      refund.status = outcome;
      refund.failure_reason = failureReason;
      charge.amount_refunded -= refund.amount;
      charge.refunded = false;
      if (outcome === 'failed')
        events.push(this.event('refund.failed', refund, NO_REQUEST, previous));
      events.push(
        this.event('refund.updated', refund, NO_REQUEST, previous),
        this.event('charge.refund.updated', refund, NO_REQUEST, previous),
      );
    }
    return { refund: snapshot(refund), charge: snapshot(charge), events };
  }

  // --- Disputes (opened by the card holder's bank; closed when the bank decides) -------------

  openDispute(
    paymentIntentId: string,
    reason = 'fraudulent',
  ): { dispute: Dispute; events: StripeEvent[] } {
    const paymentIntent = this.paymentIntentOrThrow(paymentIntentId);
    const charge = this.chargeOrThrow(
      typeof paymentIntent.latest_charge === 'string'
        ? paymentIntent.latest_charge
        : String(paymentIntent.latest_charge?.id),
    );
    if (charge.status !== 'succeeded')
      throw invalidState(`Charge ${charge.id} has not succeeded: nothing to dispute.`);
    const created = this.options.now();
    const dispute: Dispute = {
      id: newId('dp'),
      object: 'dispute',
      amount: charge.amount - charge.amount_refunded,
      charge: charge.id,
      created,
      currency: charge.currency,
      evidence_details: {
        due_by: created + DISPUTE_EVIDENCE_SECONDS,
        has_evidence: false,
        past_due: false,
        submission_count: 0,
      },
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: paymentIntent.id,
      reason,
      status: 'needs_response',
    };
    this.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    return { dispute: snapshot(dispute), events: [this.event('charge.dispute.created', dispute)] };
  }

  closeDispute(
    disputeId: string,
    outcome: 'won' | 'lost',
  ): { dispute: Dispute; events: StripeEvent[] } {
    const dispute = this.disputeOrThrow(disputeId);
    if (
      dispute.status === 'won' ||
      dispute.status === 'lost' ||
      dispute.status === 'warning_closed'
    ) {
      throw invalidState(`Dispute ${disputeId} is already ${dispute.status}.`);
    }
    const previous = { status: dispute.status };
    dispute.status = outcome;
    return {
      dispute: snapshot(dispute),
      events: [this.event('charge.dispute.closed', dispute, NO_REQUEST, previous)],
    };
  }

  retrieveDispute(id: string): Dispute {
    return snapshot(this.disputeOrThrow(id));
  }

  private disputeOrThrow(id: string): Dispute {
    const found = this.disputes.get(id);
    if (!found) throw resourceMissing('dispute', id);
    return found;
  }

  retrieveRefund(id: string, expand: readonly string[] = []): Refund {
    const found = this.refunds.get(id);
    if (!found) throw resourceMissing('refund', id);
    return this.expandRefund(snapshot(found), expand);
  }

  expandRefund(refund: Refund, expand: readonly string[]): Refund {
    for (const path of expand) {
      if (path === 'charge' && typeof refund.charge === 'string')
        refund.charge = snapshot(this.chargeOrThrow(refund.charge));
      else if (path === 'payment_intent' && typeof refund.payment_intent === 'string') {
        refund.payment_intent = snapshot(this.paymentIntentOrThrow(refund.payment_intent));
      } else if (path !== 'charge' && path !== 'payment_intent') throw notExpandable(path);
    }
    return refund;
  }

  listRefunds(filters: {
    paymentIntent?: string;
    charge?: string;
    limit: number;
    startingAfter?: string;
  }): StripeList<Refund> {
    let data = [...this.refunds.values()].reverse();
    if (filters.paymentIntent !== undefined)
      data = data.filter((r) => r.payment_intent === filters.paymentIntent);
    if (filters.charge !== undefined) data = data.filter((r) => r.charge === filters.charge);
    return page(data, filters, '/v1/refunds');
  }

  // --- Events --------------------------------------------------------------------------------

  events(): StripeEvent[] {
    return snapshot(this.eventLog);
  }

  retrieveEvent(id: string): StripeEvent {
    const event = this.eventsById.get(id);
    if (!event) throw resourceMissing('event', id);
    return snapshot(event);
  }

  /**
   * `GET /v1/events`, newest first: `type` (one `*` wildcard) or `types[]` (up to 20 exact types),
   * `created[gt|gte|lt|lte]` (or `created` alone: that second), and cursors `starting_after` /
   * `ending_before`, as Stripe pages it.
   */
  listEvents(filters: {
    type?: string;
    types?: readonly string[];
    created?: { gt?: number; gte?: number; lt?: number; lte?: number };
    limit: number;
    startingAfter?: string;
    endingBefore?: string;
  }): StripeList<StripeEvent> {
    let data = [...this.eventLog].reverse();
    if (filters.type !== undefined && filters.types !== undefined && filters.types.length > 0) {
      throw invalidParam('types', 'You may only specify one of these parameters: type, types.');
    }
    if (filters.type !== undefined) {
      const type = filters.type;
      // Stripe allows one `*` wildcard: `checkout.session.*`.
      const matches = type.includes('*')
        ? (candidate: string) =>
            new RegExp(`^${type.split('*').map(escapeRegExp).join('.*')}$`).test(candidate)
        : (candidate: string) => candidate === type;
      data = data.filter((event) => matches(event.type));
    }
    if (filters.types !== undefined && filters.types.length > 0) {
      if (filters.types.length > 20) throw invalidParam('types', 'You may pass at most 20 types.');
      const types = new Set(filters.types);
      data = data.filter((event) => types.has(event.type));
    }
    const created = filters.created;
    if (created !== undefined) {
      data = data.filter(
        (event) =>
          (created.gt === undefined || event.created > created.gt) &&
          (created.gte === undefined || event.created >= created.gte) &&
          (created.lt === undefined || event.created < created.lt) &&
          (created.lte === undefined || event.created <= created.lte),
      );
    }
    return page(data, filters, '/v1/events');
  }

  /** Adds an event built elsewhere (a test's own) to the account's event log. */
  recordEvent(event: StripeEvent): void {
    if (this.eventsById.has(event.id)) return;
    const stored = snapshot(event);
    this.eventLog.push(stored);
    this.eventsById.set(stored.id, stored);
  }

  /** A new event of this account (any type), e.g. for a test that needs one the flows never send. */
  newEvent(type: string, object: object, request: RequestOrigin = NO_REQUEST): StripeEvent {
    return this.event(type, object, request);
  }

  private event(
    type: string,
    object: object,
    request: RequestOrigin = NO_REQUEST,
    previous?: Record<string, unknown>,
  ): StripeEvent {
    const event: StripeEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: this.options.apiVersion(),
      created: this.options.now(),
      data: { object: snapshot(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { ...request },
      type,
    };
    this.eventLog.push(event);
    this.eventsById.set(event.id, event);
    return snapshot(event);
  }

  // --- Ledger --------------------------------------------------------------------------------

  ledger(): StripeLedger {
    const sessionByPaymentIntent = new Map<string, string>();
    for (const { session } of this.sessions.values()) {
      if (typeof session.payment_intent === 'string')
        sessionByPaymentIntent.set(session.payment_intent, session.id);
    }
    const refunds = [...this.refunds.values()];
    const succeededPayments = [...this.paymentIntents.values()]
      .filter((paymentIntent) => paymentIntent.status === 'succeeded')
      .map((paymentIntent): SucceededPayment => {
        const charge = this.chargeOrThrow(paymentIntent.latest_charge as string);
        return {
          paymentIntentId: paymentIntent.id,
          checkoutSessionId: sessionByPaymentIntent.get(paymentIntent.id) ?? null,
          chargeId: charge.id,
          amount: paymentIntent.amount_received,
          currency: paymentIntent.currency,
          amountRefunded: charge.amount_refunded,
          metadata: { ...paymentIntent.metadata },
          refundIds: refunds
            .filter((refund) => refund.charge === charge.id)
            .map((refund) => refund.id),
          created: paymentIntent.created,
        };
      });
    return snapshot({
      sessions: [...this.sessions.values()].map((record) => record.session),
      paymentIntents: [...this.paymentIntents.values()],
      charges: [...this.charges.values()],
      refunds,
      succeededPayments,
    });
  }

  // --- lookups -------------------------------------------------------------------------------

  private sessionRecord(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) throw resourceMissing('checkout.session', id);
    return record;
  }

  private paymentIntentOrThrow(id: string): PaymentIntent {
    const found = this.paymentIntents.get(id);
    if (!found) throw resourceMissing('payment_intent', id);
    return found;
  }

  private chargeOrThrow(id: string): Charge {
    const found = this.charges.get(id);
    if (!found) throw resourceMissing('charge', id);
    return found;
  }
}

function notExpandable(path: string): StripeApiError {
  return invalidParam('expand', `This property cannot be expanded (${path}).`);
}

function page<T extends { id: string }>(
  newestFirst: T[],
  filters: { limit: number; startingAfter?: string; endingBefore?: string },
  url: string,
): StripeList<T> {
  let data = newestFirst;
  if (filters.startingAfter !== undefined && filters.endingBefore !== undefined) {
    throw invalidParam(
      'ending_before',
      'You may only specify one of these parameters: ending_before, starting_after.',
    );
  }
  if (filters.endingBefore !== undefined) {
    // The page just before the cursor (newer items), the ones nearest to it, still newest first.
    const index = data.findIndex((item) => item.id === filters.endingBefore);
    if (index === -1) throw resourceMissing('object', filters.endingBefore, 'ending_before');
    const before = data.slice(0, index);
    return {
      ...listOf(snapshot(before.slice(Math.max(0, before.length - filters.limit))), url),
      has_more: before.length > filters.limit,
    };
  }
  if (filters.startingAfter !== undefined) {
    const index = data.findIndex((item) => item.id === filters.startingAfter);
    if (index === -1) throw resourceMissing('object', filters.startingAfter, 'starting_after');
    data = data.slice(index + 1);
  }
  return {
    ...listOf(snapshot(data.slice(0, filters.limit)), url),
    has_more: data.length > filters.limit,
  };
}

function formatMoney(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
