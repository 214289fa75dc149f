import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import Stripe from 'stripe';
import { checkoutErrorHtml, checkoutPageHtml, checkoutResultHtml } from './checkout-page';
import { FormBodyError, FormObject, parseFormBody } from './form-body';
import { StripeApiError, invalidParam } from './stripe-errors';
import { CheckoutSession, Dispute, Refund, StripeEvent, StripeList, newId } from './stripe-objects';
import { optionalInteger, optionalNonEmptyString, stringArray } from './stripe-params';
import { FlowResult, PayOptions, RefundStart, StripeLedger, StripeState } from './stripe-state';
import {
  DEFAULT_RETRY_POLICY,
  SendOptions,
  WebhookDeliverer,
  WebhookDelivery,
  WebhookRetryPolicy,
} from './webhook-delivery';

export type { CheckoutSession, StripeEvent } from './stripe-objects';
export type { PayOptions, StripeLedger, SucceededPayment } from './stripe-state';
export type {
  DeliveryAttempt,
  SendOptions,
  WebhookDelivery,
  WebhookRetryPolicy,
} from './webhook-delivery';
export { signWebhookPayload } from './webhook-delivery';

export interface StripeStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, every API request must carry it (Bearer or Basic), else 401 like Stripe. */
  secretKey?: string;
  /** Where events are POSTed; without one, events are recorded but not sent. */
  webhookUrl?: string;
  webhookSecret: string;
  /** Base of the Checkout `url` (the stand-in's own page); defaults to the server's URL. */
  publicUrl?: string;
  /** Retries of failed webhook deliveries; `{ attempts: 1 }` turns them off. */
  webhookRetry?: Partial<WebhookRetryPolicy>;
  /** `api_version` of events; defaults to the installed SDK's pinned version. */
  apiVersion?: string;
  /** How often open sessions past `expires_at` are expired (with their webhook); 0 turns it off. */
  expirySweepMs?: number;
  /**
   * The account's clock in Unix seconds (`created`, `expires_at` checks, expiry in time); a test
   * can move it forward to expire sessions. Webhook signatures always use the real time.
   */
  clock?: () => number;
  /** One line per API request and webhook attempt; silent by default. */
  log?: (line: string) => void;
}

/** Which of a flow's events to send: all in Stripe's usual order, none ("lost"), or these types in this order (a type may repeat: a duplicate delivery). */
export type DeliverSelection = 'all' | 'none' | readonly string[];

/**
 * `unavailable`: every API request is answered 503 (api_error); `reset`: the connection is
 * closed without an answer; `hang`: no answer at all (the client's timeout decides).
 * The checkout page and `/_standin/*` keep working.
 */
export type FailureMode = 'none' | 'unavailable' | 'reset' | 'hang';

export interface ApiRequestRecord {
  /** `req_…`, also sent as the `Request-Id` response header. */
  id: string;
  /** Epoch milliseconds. */
  at: number;
  method: string;
  path: string;
  /** Query and body parameters, parsed (bracket notation → objects and arrays). */
  params: FormObject;
  idempotencyKey: string | null;
  /**
   * `sdk`: the key is one stripe-node generates itself (`stripe-node-retry-<uuid>`) for every POST
   * without one — so "every POST carried an Idempotency-Key" is always true with the SDK; assert
   * `idempotencyKeySource === 'caller'` to prove our own keys are used.
   */
  idempotencyKeySource: 'caller' | 'sdk' | 'none';
  idempotentReplayed: boolean;
  stripeVersion: string | null;
  userAgent: string | null;
  /** null when no answer was sent (`setFailure('reset' | 'hang')`). */
  status: number | null;
  error: { type: string; code?: string; message: string; param?: string } | null;
}

/** What a control step changed, the events it created and the deliveries made for the selected ones. */
export type EventsOutcome<T> = T & { events: StripeEvent[]; deliveries: WebhookDelivery[] };

export interface FlowOutcome extends FlowResult {
  /** The deliveries made for the selected events, in order (after each one's first attempt). */
  deliveries: WebhookDelivery[];
}

export interface StripeStandIn {
  /** Base URL for STRIPE_API_BASE, e.g. `http://127.0.0.1:12111`. */
  readonly url: string;
  readonly port: number;
  readonly webhookSecret: string;
  close(): Promise<void>;

  /** The customer pays: session complete/paid, PaymentIntent and Charge succeeded, webhooks sent. */
  pay(
    sessionId: string,
    options?: PayOptions & { deliver?: DeliverSelection },
  ): Promise<FlowOutcome>;
  /** A delayed payment method fails: completed (unpaid), async_payment_failed, payment_intent.payment_failed. */
  asyncPaymentFails(
    sessionId: string,
    options?: { deliver?: DeliverSelection },
  ): Promise<FlowOutcome>;
  /** The customer's card is declined: `payment_intent.payment_failed`; the session stays open for another try. */
  declineCard(
    sessionId: string,
    options?: { deliver?: DeliverSelection; code?: string; declineCode?: string; message?: string },
  ): Promise<FlowOutcome>;
  /** How refunds created from now on start: `succeeded` (default) or `pending` until `settleRefund`. */
  setRefundStart(start: RefundStart): void;
  /** A refund ends: succeeded, or failed / canceled (the customer's bank refused it). */
  settleRefund(
    refundId: string,
    outcome: 'succeeded' | 'failed' | 'canceled',
    options?: { deliver?: DeliverSelection },
  ): Promise<EventsOutcome<{ refund: Refund }>>;
  /** A refund made in the Stripe Dashboard (no metadata of ours): `charge.refunded`, `refund.created`. */
  dashboardRefund(
    paymentIntentId: string,
    options?: { amountCents?: number; deliver?: DeliverSelection },
  ): Promise<EventsOutcome<{ refund: Refund }>>;
  /** The card holder's bank opens a dispute on the PaymentIntent's charge: `charge.dispute.created`. */
  openDispute(
    paymentIntentId: string,
    options?: { deliver?: DeliverSelection },
  ): Promise<EventsOutcome<{ dispute: Dispute }>>;
  /** The bank decides: `charge.dispute.closed` with status won or lost. */
  closeDispute(
    disputeId: string,
    outcome: 'won' | 'lost',
    options?: { deliver?: DeliverSelection },
  ): Promise<EventsOutcome<{ dispute: Dispute }>>;
  /** The customer gives up: the session expires now, `checkout.session.expired` is sent. */
  abandon(sessionId: string, options?: { deliver?: DeliverSelection }): Promise<FlowOutcome>;

  /** Sends a recorded event again (same id and body, fresh signature). */
  redeliver(eventId: string, options?: SendOptions): Promise<WebhookDelivery>;
  /** Sends any event (recorded first if new); e.g. one built with `newEvent`. */
  deliver(event: StripeEvent, options?: SendOptions): Promise<WebhookDelivery>;
  /** A new event of this account, recorded but not sent. */
  newEvent(type: string, object: object): StripeEvent;

  events(filter?: { type?: string }): StripeEvent[];
  deliveries(filter?: { eventId?: string; type?: string }): WebhookDelivery[];
  requests(): ApiRequestRecord[];
  ledger(): StripeLedger;
  /** The session as `GET /v1/checkout/sessions/:id` would return it. */
  checkoutSession(sessionId: string): CheckoutSession;

  setFailure(mode: FailureMode, options?: { requests?: number }): void;
  /** What events caused by API calls (expire, refunds) and by expiry in time are sent. */
  setAutoDeliver(selection: DeliverSelection): void;
  setWebhookUrl(url: string | null): void;
  setWebhookRetry(policy: Partial<WebhookRetryPolicy>): void;
  /** Resolves when no webhook delivery is in flight or waiting for a retry. */
  idle(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const SDK_GENERATED_KEY = /^stripe-node-retry-/;

interface StoredResponse {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: unknown;
  requestId: string;
}

interface ApiResult {
  status: number;
  body: unknown;
  /** Events to send after the answer, per the auto-deliver selection. */
  events?: StripeEvent[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startStripeStandIn(options: StripeStandInOptions): Promise<StripeStandIn> {
  const standIn = new StripeStandInServer(options);
  await standIn.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return standIn;
}

class StripeStandInServer implements StripeStandIn {
  readonly webhookSecret: string;
  private readonly server: Server;
  private readonly state: StripeState;
  private readonly deliverer: WebhookDeliverer;
  private readonly requestLog: ApiRequestRecord[] = [];
  private readonly idempotency = new Map<string, StoredResponse>();
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly log: (line: string) => void;
  private readonly apiVersion: string;
  private baseUrl = '';
  private publicBase = '';
  private webhookUrl: string | null;
  private retryPolicy: WebhookRetryPolicy;
  private failure: { mode: FailureMode; remaining: number } = { mode: 'none', remaining: Infinity };
  private autoDeliver: DeliverSelection = 'all';
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Events caused by API calls are sent one after another, in the order they happened. */
  private autoQueue: Promise<void> = Promise.resolve();

  constructor(private readonly options: StripeStandInOptions) {
    this.webhookSecret = options.webhookSecret;
    this.webhookUrl = options.webhookUrl ?? null;
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.webhookRetry };
    this.log = options.log ?? (() => undefined);
    this.apiVersion = options.apiVersion ?? Stripe.API_VERSION;
    this.state = new StripeState({
      now: options.clock ?? (() => Math.floor(Date.now() / 1000)),
      apiVersion: () => this.apiVersion,
      checkoutUrl: (sessionId) => `${this.publicBase}/checkout/${sessionId}`,
      onExpiredInTime: (event) => this.sendAutomatically([event]),
    });
    this.deliverer = new WebhookDeliverer({
      url: () => this.webhookUrl,
      secret: options.webhookSecret,
      retry: () => this.retryPolicy,
      log: this.log,
    });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.log(
          `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        if (!res.headersSent)
          sendJson(res, 500, {
            error: { type: 'api_error', message: 'Internal error in the local Stripe stand-in.' },
          });
        else res.destroy();
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return this.baseUrl;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const urlHost = host.includes(':') ? `[${host}]` : host;
    this.baseUrl = `http://${urlHost}:${this.port}`;
    this.publicBase = (this.options.publicUrl ?? this.baseUrl).replace(/\/+$/, '');
    const sweepMs = this.options.expirySweepMs ?? 1000;
    if (sweepMs > 0) {
      this.sweepTimer = setInterval(() => this.state.expireDue(), sweepMs);
      this.sweepTimer.unref();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.deliverer.close();
    this.releaseHanging();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  // --- programmatic API ----------------------------------------------------------------------

  async pay(
    sessionId: string,
    options: PayOptions & { deliver?: DeliverSelection } = {},
  ): Promise<FlowOutcome> {
    const result = this.state.pay(sessionId, options);
    this.log(
      `pay ${sessionId}: ${result.session.amount_total} ${result.session.currency}${options.async ? ' (async)' : ''}`,
    );
    return this.sendFlow(result, options.deliver ?? 'all');
  }

  async asyncPaymentFails(
    sessionId: string,
    options: { deliver?: DeliverSelection } = {},
  ): Promise<FlowOutcome> {
    const result = this.state.asyncPaymentFails(sessionId);
    this.log(`async payment fails ${sessionId}`);
    return this.sendFlow(result, options.deliver ?? 'all');
  }

  async declineCard(
    sessionId: string,
    options: {
      deliver?: DeliverSelection;
      code?: string;
      declineCode?: string;
      message?: string;
    } = {},
  ): Promise<FlowOutcome> {
    const result = this.state.declineCard(sessionId, options);
    this.log(`card declined on ${sessionId}`);
    return this.sendFlow(result, options.deliver ?? 'all');
  }

  setRefundStart(start: RefundStart): void {
    this.state.setRefundStart(start);
  }

  async settleRefund(
    refundId: string,
    outcome: 'succeeded' | 'failed' | 'canceled',
    options: { deliver?: DeliverSelection } = {},
  ): Promise<EventsOutcome<{ refund: Refund }>> {
    const result = this.state.settleRefund(refundId, outcome);
    this.log(`refund ${refundId} ${outcome}`);
    return {
      refund: result.refund,
      ...(await this.sendEvents(result.events, options.deliver ?? 'all')),
    };
  }

  async dashboardRefund(
    paymentIntentId: string,
    options: { amountCents?: number; deliver?: DeliverSelection } = {},
  ): Promise<EventsOutcome<{ refund: Refund }>> {
    const params: FormObject = {
      payment_intent: paymentIntentId,
      ...(options.amountCents === undefined ? {} : { amount: String(options.amountCents) }),
    };
    const result = this.state.createRefund(params);
    this.log(`Dashboard refund ${result.refund.id} of ${paymentIntentId}: ${result.refund.amount}`);
    return {
      refund: result.refund,
      ...(await this.sendEvents(result.events, options.deliver ?? 'all')),
    };
  }

  async openDispute(
    paymentIntentId: string,
    options: { deliver?: DeliverSelection } = {},
  ): Promise<EventsOutcome<{ dispute: Dispute }>> {
    const result = this.state.openDispute(paymentIntentId);
    this.log(`dispute ${result.dispute.id} opened on ${paymentIntentId}`);
    return {
      dispute: result.dispute,
      ...(await this.sendEvents(result.events, options.deliver ?? 'all')),
    };
  }

  async closeDispute(
    disputeId: string,
    outcome: 'won' | 'lost',
    options: { deliver?: DeliverSelection } = {},
  ): Promise<EventsOutcome<{ dispute: Dispute }>> {
    const result = this.state.closeDispute(disputeId, outcome);
    this.log(`dispute ${disputeId} ${outcome}`);
    return {
      dispute: result.dispute,
      ...(await this.sendEvents(result.events, options.deliver ?? 'all')),
    };
  }

  async abandon(
    sessionId: string,
    options: { deliver?: DeliverSelection } = {},
  ): Promise<FlowOutcome> {
    const result = this.state.expireCheckoutSession(sessionId);
    this.log(`abandon ${sessionId}`);
    return this.sendFlow(result, options.deliver ?? 'all');
  }

  async redeliver(eventId: string, options: SendOptions = {}): Promise<WebhookDelivery> {
    return this.deliverer.send(this.state.retrieveEvent(eventId), { manual: true, ...options });
  }

  async deliver(event: StripeEvent, options: SendOptions = {}): Promise<WebhookDelivery> {
    this.state.recordEvent(event);
    return this.deliverer.send(event, { manual: true, ...options });
  }

  newEvent(type: string, object: object): StripeEvent {
    return this.state.newEvent(type, object);
  }

  events(filter: { type?: string } = {}): StripeEvent[] {
    return this.state
      .events()
      .filter((event) => filter.type === undefined || event.type === filter.type);
  }

  deliveries(filter: { eventId?: string; type?: string } = {}): WebhookDelivery[] {
    return this.deliverer
      .deliveries()
      .filter(
        (d) =>
          (filter.eventId === undefined || d.eventId === filter.eventId) &&
          (filter.type === undefined || d.type === filter.type),
      );
  }

  requests(): ApiRequestRecord[] {
    return structuredClone(this.requestLog);
  }

  ledger(): StripeLedger {
    return this.state.ledger();
  }

  checkoutSession(sessionId: string): CheckoutSession {
    return this.state.retrieveCheckoutSession(sessionId);
  }

  setFailure(mode: FailureMode, options: { requests?: number } = {}): void {
    this.failure = { mode, remaining: options.requests ?? Infinity };
    if (mode !== 'hang') this.releaseHanging();
    this.log(
      `failure mode: ${mode}${options.requests === undefined ? '' : ` for ${options.requests} request(s)`}`,
    );
  }

  setAutoDeliver(selection: DeliverSelection): void {
    this.autoDeliver = selection;
  }

  setWebhookUrl(url: string | null): void {
    this.webhookUrl = url;
  }

  setWebhookRetry(policy: Partial<WebhookRetryPolicy>): void {
    this.retryPolicy = { ...this.retryPolicy, ...policy };
  }

  async idle(): Promise<void> {
    await this.autoQueue;
    await this.deliverer.idle();
  }

  // --- delivery ------------------------------------------------------------------------------

  private async sendFlow(result: FlowResult, selection: DeliverSelection): Promise<FlowOutcome> {
    return { ...result, ...(await this.sendEvents(result.events, selection)) };
  }

  private async sendEvents(
    events: StripeEvent[],
    selection: DeliverSelection,
  ): Promise<{ events: StripeEvent[]; deliveries: WebhookDelivery[] }> {
    const deliveries: WebhookDelivery[] = [];
    for (const event of selectEvents(events, selection))
      deliveries.push(await this.deliverer.send(event));
    return { events, deliveries };
  }

  private sendAutomatically(events: StripeEvent[]): void {
    const selected = selectEvents(events, this.autoDeliver, true);
    if (selected.length === 0) return;
    this.autoQueue = this.autoQueue
      .then(async () => {
        for (const event of selected) await this.deliverer.send(event);
      })
      .catch((error: unknown) => this.log(`webhook delivery failed: ${String(error)}`));
  }

  // --- HTTP ----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in.local');
    const path = url.pathname;
    if (path.startsWith('/v1/')) return this.handleApi(req, res, url);
    if (path.startsWith('/checkout/')) return this.handleCheckoutPage(req, res, path);
    if (path.startsWith('/_standin/')) return this.handleControl(req, res, url);
    if (path === '/' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        'LOCAL STRIPE STAND-IN — dev/test only, no real money. API under /v1, checkout pages under /checkout/<session id>, test controls under /_standin.\n',
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const idempotencyKey = header(req, 'idempotency-key');
    const record: ApiRequestRecord = {
      id: newId('req', 14),
      at: Date.now(),
      method,
      path: url.pathname,
      params: {},
      idempotencyKey,
      idempotencyKeySource:
        idempotencyKey === null
          ? 'none'
          : SDK_GENERATED_KEY.test(idempotencyKey)
            ? 'sdk'
            : 'caller',
      idempotentReplayed: false,
      stripeVersion: header(req, 'stripe-version'),
      userAgent: header(req, 'user-agent'),
      status: null,
      error: null,
    };
    this.requestLog.push(record);

    if (this.failure.mode !== 'none' && this.failure.remaining > 0) {
      const mode = this.failure.mode;
      this.failure.remaining--;
      if (this.failure.remaining <= 0) this.failure = { mode: 'none', remaining: Infinity };
      this.log(`${method} ${url.pathname} → simulated failure: ${mode}`);
      switch (mode) {
        case 'unavailable':
          return this.answer(res, record, 503, {
            error: {
              type: 'api_error',
              message:
                'The local Stripe stand-in is simulating an outage (setFailure("unavailable")).',
            },
          });
        case 'reset':
          req.socket.destroy();
          return;
        case 'hang':
          this.hanging.add(res);
          res.on('close', () => this.hanging.delete(res));
          return;
      }
    }

    let result: ApiResult;
    let store: boolean;
    try {
      const body = method === 'GET' || method === 'DELETE' ? '' : await readBody(req);
      record.params = { ...parseFormBody(url.search.slice(1)), ...parseFormBody(body) };
      this.authenticate(req);
      if (method === 'POST' && idempotencyKey !== null) {
        const stored = this.idempotency.get(idempotencyKey);
        if (stored) {
          this.checkIdempotentReuse(stored, method, url.pathname, record.params, idempotencyKey);
          record.idempotentReplayed = true;
          return this.answer(res, record, stored.status, stored.body, {
            'idempotent-replayed': 'true',
            'original-request': stored.requestId,
          });
        }
      }
      result = this.route(method, url.pathname, record.params, {
        id: record.id,
        idempotency_key: idempotencyKey,
      });
      store = true;
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500) {
        this.log(
          `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      result = { status: apiError.status, body: apiError.toBody() };
      store = apiError.savedForIdempotency;
    }
    if (store && method === 'POST' && idempotencyKey !== null) {
      this.idempotency.set(idempotencyKey, {
        method,
        path: url.pathname,
        fingerprint: fingerprint(record.params),
        status: result.status,
        body: result.body,
        requestId: record.id,
      });
    }
    this.answer(res, record, result.status, result.body);
    if (result.events) this.sendAutomatically(result.events);
  }

  private answer(
    res: ServerResponse,
    record: ApiRequestRecord,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    record.status = status;
    const error = (body as { error?: ApiRequestRecord['error'] } | null)?.error;
    if (status >= 400 && error) record.error = { ...error };
    this.log(
      `${record.method} ${record.path} → ${status}${record.idempotencyKeySource === 'caller' ? ` (Idempotency-Key ${record.idempotencyKey})` : ''}${record.idempotentReplayed ? ' replayed' : ''}${error ? `: ${error.message}` : ''}`,
    );
    sendJson(res, status, body, {
      'request-id': record.id,
      'stripe-version': record.stripeVersion ?? this.apiVersion,
      ...(record.idempotencyKey === null ? {} : { 'idempotency-key': record.idempotencyKey }),
      ...headers,
    });
  }

  private authenticate(req: IncomingMessage): void {
    const authorization = header(req, 'authorization');
    let key: string | null = null;
    if (authorization?.startsWith('Bearer ')) key = authorization.slice('Bearer '.length).trim();
    else if (authorization?.startsWith('Basic ')) {
      key = Buffer.from(authorization.slice('Basic '.length), 'base64')
        .toString('utf8')
        .split(':')[0];
    }
    if (!key) {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    const expected = this.options.secretKey;
    if (/^(sk|rk)_live_/.test(key) || (expected !== undefined && key !== expected)) {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        `Invalid API Key provided: ${redactKey(key)}`,
        {
          code: 'api_key_invalid',
        },
      );
    }
  }

  private checkIdempotentReuse(
    stored: StoredResponse,
    method: string,
    path: string,
    params: FormObject,
    key: string,
  ): void {
    if (stored.method !== method || stored.path !== path) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.method} ${stored.path}' vs '${method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (stored.fingerprint !== fingerprint(params)) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
  }

  private route(
    method: string,
    path: string,
    params: FormObject,
    request: { id: string; idempotency_key: string | null },
  ): ApiResult {
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent); // ['v1', ...]
    const [, resource, id, action] = segments;
    const expand = (): string[] => stringArray(params, 'expand');
    const route = `${method} ${[resource, id === undefined ? '' : ':id', action ?? ''].filter(Boolean).join('/')}`;
    const sub = segments[2] === 'sessions' ? segments.slice(3) : null; // checkout/sessions/…
    if (resource === 'checkout' && sub !== null && sub.length <= 2) {
      const [sessionId, sessionAction] = sub;
      const key = `${method} ${sessionId === undefined ? '' : ':id'}${sessionAction === undefined ? '' : `/${sessionAction}`}`;
      switch (key) {
        case 'POST ': {
          const session = this.state.createCheckoutSession(params);
          const expanded = expand();
          return {
            status: 200,
            body:
              expanded.length > 0
                ? this.state.retrieveCheckoutSession(session.id, expanded)
                : session,
          };
        }
        case 'GET ':
          return {
            status: 200,
            body: this.state.listCheckoutSessions({
              paymentIntent: optionalNonEmptyString(params, 'payment_intent'),
              status: optionalNonEmptyString(params, 'status'),
              ...listParams(params),
            }),
          };
        case 'GET :id':
          return { status: 200, body: this.state.retrieveCheckoutSession(sessionId, expand()) };
        case 'POST :id/expire': {
          const result = this.state.expireCheckoutSession(sessionId, request);
          const expanded = expand();
          return {
            status: 200,
            body:
              expanded.length > 0
                ? this.state.retrieveCheckoutSession(sessionId, expanded)
                : result.session,
            events: result.events,
          };
        }
        case 'GET :id/line_items': {
          const items = this.state.lineItemsOf(sessionId);
          return {
            status: 200,
            body: {
              object: 'list',
              data: items,
              has_more: false,
              url: `/v1/checkout/sessions/${sessionId}/line_items`,
            } satisfies StripeList<unknown>,
          };
        }
      }
    }
    switch (route) {
      case 'GET payment_intents/:id':
        return { status: 200, body: this.state.retrievePaymentIntent(id, expand()) };
      case 'GET charges/:id':
        return { status: 200, body: this.state.retrieveCharge(id) };
      case 'POST refunds': {
        const result = this.state.createRefund(params, request);
        return {
          status: 200,
          body: this.state.expandRefund(result.refund, expand()),
          events: result.events,
        };
      }
      case 'GET refunds':
        return {
          status: 200,
          body: this.state.listRefunds({
            paymentIntent: optionalNonEmptyString(params, 'payment_intent'),
            charge: optionalNonEmptyString(params, 'charge'),
            ...listParams(params),
          }),
        };
      case 'GET refunds/:id':
        return { status: 200, body: this.state.retrieveRefund(id, expand()) };
      case 'GET events':
        return {
          status: 200,
          body: this.state.listEvents({
            type: optionalNonEmptyString(params, 'type'),
            types: stringArray(params, 'types'),
            created: createdParam(params),
            ...listParams(params),
          }),
        };
      case 'GET events/:id':
        return { status: 200, body: this.state.retrieveEvent(id) };
      case 'GET disputes/:id':
        return { status: 200, body: this.state.retrieveDispute(id) };
    }
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). The local Stripe stand-in serves only the subset of the API this project uses (see tools/stripe-standin/README.md).`,
    );
  }

  // --- checkout page -------------------------------------------------------------------------

  private async handleCheckoutPage(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    const match =
      /^\/checkout\/([^/]+)(?:\/(pay|decline|back|abandon|async-payment-fails))?\/?$/.exec(path);
    if (!match) return sendHtml(res, 404, checkoutErrorHtml('Not found', 'No such page.'));
    const sessionId = decodeURIComponent(match[1]);
    const action = match[2];
    let session: CheckoutSession;
    try {
      session = this.state.retrieveCheckoutSession(sessionId);
    } catch {
      return sendHtml(
        res,
        404,
        checkoutErrorHtml(
          'Unknown Checkout Session',
          `No Checkout Session ${sessionId} exists in this stand-in (it keeps its state in memory: was it restarted?).`,
        ),
      );
    }
    const lineItems = this.state.lineItemsOf(sessionId);
    if (action === undefined) {
      if (req.method !== 'GET')
        return sendHtml(res, 405, checkoutErrorHtml('Method not allowed', 'Use GET.'));
      return sendHtml(res, 200, checkoutPageHtml(session, lineItems));
    }
    if (req.method !== 'POST')
      return sendHtml(
        res,
        405,
        checkoutErrorHtml('Method not allowed', 'Use the buttons on the checkout page.'),
      );
    await readBody(req);
    if (session.status !== 'open') return sendHtml(res, 409, checkoutPageHtml(session, lineItems));
    if (action === 'decline') {
      // The card is refused: the page stays, with the reason, for another try (the session stays open).
      const declined = await this.declineCard(sessionId);
      return sendHtml(
        res,
        200,
        checkoutPageHtml(
          declined.session,
          lineItems,
          declined.paymentIntent?.last_payment_error?.message ?? null,
        ),
      );
    }
    if (action === 'back') {
      // Leaving is not an expiry: the session stays open until its expires_at, when the stand-in expires it itself.
      if (session.cancel_url) {
        res.writeHead(303, {
          location: session.cancel_url.replace(/\{CHECKOUT_SESSION_ID\}/g, sessionId),
        });
        res.end();
        return;
      }
      return sendHtml(res, 200, checkoutPageHtml(session, lineItems));
    }
    let outcome: FlowOutcome;
    switch (action) {
      case 'pay':
        outcome = await this.pay(sessionId);
        break;
      case 'abandon':
        outcome = await this.abandon(sessionId);
        break;
      default:
        outcome = await this.asyncPaymentFails(sessionId);
    }
    const target = action === 'pay' ? outcome.session.success_url : outcome.session.cancel_url;
    if (target) {
      res.writeHead(303, { location: target.replace(/\{CHECKOUT_SESSION_ID\}/g, sessionId) });
      res.end();
      return;
    }
    sendHtml(
      res,
      200,
      checkoutResultHtml(
        outcome.session,
        action === 'pay' ? 'Paid' : action === 'abandon' ? 'Abandoned' : 'Payment failed',
      ),
    );
  }

  // --- /_standin control endpoints -----------------------------------------------------------

  private async handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    try {
      const body = method === 'POST' ? parseJsonBody(await readBody(req)) : {};
      const result = await this.control(method, path, body, url.searchParams);
      sendJson(res, 200, result);
    } catch (error) {
      if (error instanceof StripeApiError) return sendJson(res, error.status, error.toBody());
      const status = error instanceof HttpError ? error.status : 400;
      sendJson(res, status, {
        error: {
          type: 'invalid_request_error',
          message: error instanceof Error ? error.message : String(error),
        },
      });
    }
  }

  private async control(
    method: string,
    path: string,
    body: Record<string, unknown>,
    query: URLSearchParams,
  ): Promise<unknown> {
    const session =
      /^\/_standin\/checkout\/sessions\/([^/]+)\/(pay|async-payment-fails|abandon)$/.exec(path);
    if (session && method === 'POST') {
      const sessionId = decodeURIComponent(session[1]);
      const deliver = deliverSelectionOf(body.deliver);
      switch (session[2]) {
        case 'pay':
          return this.pay(sessionId, {
            deliver,
            amountCents: optionalNumber(body.amountCents, 'amountCents'),
            currency: optionalText(body.currency, 'currency'),
            async: body.async === true,
          });
        case 'abandon':
          return this.abandon(sessionId, { deliver });
        default:
          return this.asyncPaymentFails(sessionId, { deliver });
      }
    }
    const decline = /^\/_standin\/checkout\/sessions\/([^/]+)\/decline$/.exec(path);
    if (decline && method === 'POST') {
      return this.declineCard(decodeURIComponent(decline[1]), {
        deliver: deliverSelectionOf(body.deliver),
        code: optionalText(body.code, 'code'),
        declineCode: optionalText(body.declineCode, 'declineCode'),
      });
    }
    const refund = /^\/_standin\/refunds\/([^/]+)\/(succeed|fail|cancel)$/.exec(path);
    if (refund && method === 'POST') {
      const outcome =
        refund[2] === 'succeed' ? 'succeeded' : refund[2] === 'fail' ? 'failed' : 'canceled';
      return this.settleRefund(decodeURIComponent(refund[1]), outcome, {
        deliver: deliverSelectionOf(body.deliver),
      });
    }
    const intent = /^\/_standin\/payment_intents\/([^/]+)\/(dashboard-refund|dispute)$/.exec(path);
    if (intent && method === 'POST') {
      const paymentIntentId = decodeURIComponent(intent[1]);
      const deliver = deliverSelectionOf(body.deliver);
      if (intent[2] === 'dispute') return this.openDispute(paymentIntentId, { deliver });
      return this.dashboardRefund(paymentIntentId, {
        deliver,
        amountCents: optionalNumber(body.amountCents, 'amountCents'),
      });
    }
    const dispute = /^\/_standin\/disputes\/([^/]+)\/close$/.exec(path);
    if (dispute && method === 'POST') {
      if (body.outcome !== 'won' && body.outcome !== 'lost')
        throw new Error('outcome must be won or lost');
      return this.closeDispute(decodeURIComponent(dispute[1]), body.outcome, {
        deliver: deliverSelectionOf(body.deliver),
      });
    }
    const redeliver = /^\/_standin\/events\/([^/]+)\/redeliver$/.exec(path);
    if (redeliver && method === 'POST')
      return this.redeliver(decodeURIComponent(redeliver[1]), sendOptionsOf(body));
    switch (`${method} ${path}`) {
      case 'GET /_standin/health':
        return { ok: true, url: this.url, webhookUrl: this.webhookUrl };
      case 'GET /_standin/requests':
        return this.requests();
      case 'GET /_standin/events':
        return this.events({ type: query.get('type') ?? undefined });
      case 'GET /_standin/deliveries':
        return this.deliveries({
          eventId: query.get('eventId') ?? undefined,
          type: query.get('type') ?? undefined,
        });
      case 'GET /_standin/ledger':
        return this.ledger();
      case 'GET /_standin/idle':
        await this.idle();
        return { idle: true };
      case 'POST /_standin/events/deliver': {
        const event = body.event as
          StripeEvent | { type?: unknown; data?: { object?: unknown } } | undefined;
        if (
          !event ||
          typeof event.type !== 'string' ||
          typeof event.data?.object !== 'object' ||
          event.data.object === null
        ) {
          throw new Error(
            'Body must be { event: { type, data: { object } } } (with an `id`, it is sent as given).',
          );
        }
        const full =
          'id' in event && typeof event.id === 'string'
            ? event
            : this.newEvent(event.type, event.data.object);
        return this.deliver(full, sendOptionsOf(body));
      }
      case 'POST /_standin/refunds/start': {
        if (body.start !== 'succeeded' && body.start !== 'pending')
          throw new Error('start must be succeeded or pending');
        this.setRefundStart(body.start);
        return { start: body.start };
      }
      case 'POST /_standin/failure': {
        const mode = body.mode;
        if (mode !== 'none' && mode !== 'unavailable' && mode !== 'reset' && mode !== 'hang') {
          throw new Error('mode must be one of none, unavailable, reset, hang');
        }
        this.setFailure(mode, { requests: optionalNumber(body.requests, 'requests') });
        return { mode };
      }
      case 'POST /_standin/auto-deliver':
        this.setAutoDeliver(deliverSelectionOf(body.deliver) ?? 'all');
        return { deliver: this.autoDeliver };
      case 'POST /_standin/webhook':
        if (body.url !== undefined) this.setWebhookUrl(optionalText(body.url, 'url') ?? null);
        if (body.retry !== undefined)
          this.setWebhookRetry(body.retry as Partial<WebhookRetryPolicy>);
        return { url: this.webhookUrl, retry: this.retryPolicy };
    }
    throw new HttpError(404, `No control endpoint ${method} ${path}`);
  }

  private releaseHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }
}

/** The events of a flow to send, per the selection; an unknown type is a test's mistake, so it throws. */
function selectEvents(
  events: StripeEvent[],
  selection: DeliverSelection,
  lenient = false,
): StripeEvent[] {
  if (selection === 'all') return events;
  if (selection === 'none') return [];
  const selected: StripeEvent[] = [];
  for (const type of selection) {
    const event = events.find((candidate) => candidate.type === type);
    if (event) selected.push(event);
    else if (!lenient) {
      throw new Error(
        `This flow sends no ${type} event; it sends ${events.map((e) => e.type).join(', ') || 'nothing'}`,
      );
    }
  }
  return selected;
}

function deliverSelectionOf(value: unknown): DeliverSelection | undefined {
  if (value === undefined) return undefined;
  if (value === 'all' || value === 'none') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw new Error('deliver must be "all", "none" or an array of event types');
}

function sendOptionsOf(body: Record<string, unknown>): SendOptions {
  return {
    secret: optionalText(body.secret, 'secret'),
    timestamp: optionalNumber(body.timestamp, 'timestamp'),
  };
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${name} must be a number`);
  return value;
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  return value;
}

function listParams(params: FormObject): {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
} {
  const limit = optionalInteger(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100)
    throw invalidParam('limit', 'This value must be between 1 and 100.');
  return {
    limit,
    startingAfter: optionalNonEmptyString(params, 'starting_after'),
    endingBefore: optionalNonEmptyString(params, 'ending_before'),
  };
}

/** `created=<unix>` (that second) or `created[gt|gte|lt|lte]=<unix>`, as Stripe's list endpoints take it. */
function createdParam(
  params: FormObject,
): { gt?: number; gte?: number; lt?: number; lte?: number } | undefined {
  const value = params.created;
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') {
    const exact = optionalInteger(params, 'created');
    return { gte: exact, lte: exact };
  }
  if (Array.isArray(value)) throw invalidParam('created', 'Invalid object');
  for (const key of Object.keys(value)) {
    if (!['gt', 'gte', 'lt', 'lte'].includes(key))
      throw invalidParam(`created[${key}]`, `Received unknown parameter: created[${key}]`);
  }
  return {
    gt: optionalInteger(value, 'gt', 'created[gt]'),
    gte: optionalInteger(value, 'gte', 'created[gte]'),
    lt: optionalInteger(value, 'lt', 'created[lt]'),
    lte: optionalInteger(value, 'lte', 'created[lte]'),
  };
}

function toApiError(error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error;
  if (error instanceof FormBodyError) return invalidParam(error.param, error.message);
  if (error instanceof HttpError)
    return new StripeApiError(error.status, 'invalid_request_error', error.message);
  if (error instanceof URIError)
    return new StripeApiError(400, 'invalid_request_error', `Malformed URL: ${error.message}`);
  return new StripeApiError(
    500,
    'api_error',
    'Internal error in the local Stripe stand-in (see its log).',
  );
}

/** Parameters compared for idempotent reuse: the same set in any order is the same request. */
function fingerprint(params: FormObject): string {
  return JSON.stringify(params, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : value,
  );
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

function redactKey(key: string): string {
  return key.length <= 8
    ? '***'
    : `${key.slice(0, key.indexOf('_', 3) + 1)}*********${key.slice(-4)}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('Body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache, no-store',
    ...headers,
  });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}
