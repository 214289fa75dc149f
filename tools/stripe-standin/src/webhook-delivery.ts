import { createHmac } from 'node:crypto';
import { StripeEvent, newId } from './stripe-objects';

/**
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`: what
 * `stripe.webhooks.constructEvent(rawBody, header, secret)` verifies. The key is the whole
 * secret string, `whsec_` prefix included.
 */
export function signWebhookPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret)
    .update(`${timestamp}.${payload}`, 'utf8')
    .digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

/**
 * Stripe sends event bodies pretty-printed; a receiver that verifies a re-serialised
 * `JSON.stringify(req.body)` instead of the raw bytes fails here as it would against Stripe.
 */
export function webhookBody(event: StripeEvent): string {
  return JSON.stringify(event, null, 2);
}

export interface WebhookRetryPolicy {
  /** Attempts in all, the first included; 1 turns retries off. */
  attempts: number;
  /** Wait before the first retry; doubles for each further one. */
  backoffMs: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: WebhookRetryPolicy = {
  attempts: 4,
  backoffMs: 500,
  timeoutMs: 10_000,
};

export interface DeliveryAttempt {
  /** Epoch milliseconds. */
  at: number;
  /** The receiver's HTTP status, or null when it could not be reached or timed out. */
  status: number | null;
  error: string | null;
  /** The first 500 characters of the receiver's answer, for diagnosis. */
  responseBody: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  type: string;
  url: string | null;
  /** A redelivery or a test's `deliver(event)`, rather than the flow's own sending. */
  manual: boolean;
  /** `no_endpoint`: no webhook URL was configured, nothing was sent. */
  state: 'pending' | 'succeeded' | 'failed' | 'no_endpoint';
  attempts: DeliveryAttempt[];
}

export interface SendOptions {
  manual?: boolean;
  /** Sign with this secret instead (a test of the receiver's signature check). */
  secret?: string;
  /** Sign with this Unix timestamp instead of now (a test of the receiver's tolerance). */
  timestamp?: number;
}

/**
 * Sends events to the webhook endpoint one attempt at a time and retries failures in the
 * background with exponential backoff, like Stripe (whose schedule is hours, not milliseconds).
 */
export class WebhookDeliverer {
  private readonly log: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly options: {
      url: () => string | null;
      secret: string;
      retry: () => WebhookRetryPolicy;
      log: (line: string) => void;
    },
  ) {}

  deliveries(): WebhookDelivery[] {
    return structuredClone(this.log);
  }

  /** Resolves after the first attempt; failed attempts are retried in the background. */
  async send(event: StripeEvent, options: SendOptions = {}): Promise<WebhookDelivery> {
    const url = this.options.url();
    const delivery: WebhookDelivery = {
      id: newId('whdel'),
      eventId: event.id,
      type: event.type,
      url,
      manual: options.manual ?? false,
      state: url === null ? 'no_endpoint' : 'pending',
      attempts: [],
    };
    this.log.push(delivery);
    if (url === null || this.closed) {
      if (this.closed) delivery.state = 'failed';
      return structuredClone(delivery);
    }
    this.pending++;
    const body = webhookBody(event);
    await this.attempt(delivery, url, body, options);
    return structuredClone(delivery);
  }

  /** Resolves when no delivery is in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    for (const delivery of this.log) if (delivery.state === 'pending') delivery.state = 'failed';
    this.pending = 0;
    this.settle();
  }

  private async attempt(
    delivery: WebhookDelivery,
    url: string,
    body: string,
    options: SendOptions,
  ): Promise<void> {
    const policy = this.options.retry();
    const started = Date.now();
    const timestamp = options.timestamp ?? Math.floor(started / 1000);
    const controller = new AbortController();
    this.inFlight.add(controller);
    const attempt: DeliveryAttempt = {
      at: started,
      status: null,
      error: null,
      responseBody: null,
      durationMs: 0,
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          accept: '*/*; q=0.5, application/xml',
          'cache-control': 'no-cache',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signWebhookPayload(
            body,
            options.secret ?? this.options.secret,
            timestamp,
          ),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(policy.timeoutMs)]),
      });
      attempt.status = response.status;
      attempt.responseBody = (await response.text()).slice(0, 500);
    } catch (error) {
      attempt.error = describeFetchError(error);
    } finally {
      this.inFlight.delete(controller);
    }
    attempt.durationMs = Date.now() - started;
    if (this.closed) return;
    delivery.attempts.push(attempt);
    const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
    const n = delivery.attempts.length;
    this.options.log(
      `webhook ${delivery.type} ${delivery.eventId} → ${attempt.status ?? attempt.error} (attempt ${n}/${policy.attempts})`,
    );
    if (ok) {
      delivery.state = 'succeeded';
      this.done();
    } else if (n >= policy.attempts) {
      delivery.state = 'failed';
      this.done();
    } else {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          void this.attempt(delivery, url, body, { ...options, timestamp: undefined });
        },
        policy.backoffMs * 2 ** (n - 1),
      );
      this.timers.add(timer);
    }
  }

  private done(): void {
    this.pending = Math.max(0, this.pending - 1);
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    if (error.name === 'TimeoutError') return 'timed out';
    if (cause instanceof Error)
      return `${error.message}: ${(cause as Error & { code?: string }).code ?? cause.message}`;
    return error.message;
  }
  return String(error);
}
