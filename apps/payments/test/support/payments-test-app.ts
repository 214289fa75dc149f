import { CheckoutResource, CreateCheckoutRequest, Envelope, MessageType, PAYMENTS_RPC, PayloadOf, QUEUES } from '@app/contracts';
import { QueueRegistry } from '@app/messaging';
import { createLogger, startServiceApp } from '@app/platform';
import { INestApplication } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { freePort } from '../../../../test/support/redis-server';
import { REDIS_URL, createTestDatabase, deleteQueueKeys, eventually, uniqueName } from '../../../../test/support/test-infra';
import { StripeStandIn, StripeStandInOptions, startStripeStandIn } from '../../../../tools/stripe-standin/src/server';
import { PAYMENTS_HTTP_OPTIONS, PaymentsConfig, loadPaymentsConfig } from '../../src/payments.config';
import { Payment } from '../../src/payment/domain/payment';
import { paymentRepository } from '../../src/payment/persistence/payment.repository';
import { PaymentsModule } from '../../src/payments.module';
import { FlaggedPaymentsScheduler } from '../../src/webhooks/schedule/flagged-payments.scheduler';
import { aSucceededPayment } from './payment-factory';

export const WEBHOOK_SECRET = 'whsec_payments_int';
export const STRIPE_KEY = 'sk_test_payments_int';
export const PUBLIC_URL = 'http://shop.test';

/**
 * One payments service as main.ts starts it (Fastify HTTP with the webhook, TCP RPC, the inbox
 * worker and the relay) on the suite's own database and queue prefix, with the Stripe stand-in
 * in-process: the SDK talks to it, and it sends signed webhooks to the service's HTTP port.
 */
export class PaymentsTestWorld {
  private constructor(
    readonly app: INestApplication,
    readonly stripe: StripeStandIn,
    readonly client: ClientProxy,
    readonly config: PaymentsConfig,
    readonly webhookUrl: string,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(
    label: string,
    standIn: Partial<StripeStandInOptions> = {},
    overrides: Partial<Pick<PaymentsConfig, 'reconcileIntervalSeconds' | 'reconcileStripeAfterSeconds'>> = {},
  ): Promise<PaymentsTestWorld> {
    const database = await createTestDatabase(label);
    const httpPort = await freePort();
    const tcp = { host: '127.0.0.1', port: await freePort() };
    const webhookUrl = `http://127.0.0.1:${httpPort}/webhooks/stripe`;
    const stripe = await startStripeStandIn({
      webhookSecret: WEBHOOK_SECRET,
      webhookUrl,
      port: 0,
      secretKey: STRIPE_KEY,
      log: process.env.TEST_LOGS ? (line) => process.stdout.write(`[stand-in] ${line}\n`) : undefined,
      ...standIn,
    });
    const config: PaymentsConfig = {
      ...loadPaymentsConfig({}),
      httpPort,
      tcp,
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      queuePrefix: uniqueName(label),
      stripe: { secretKey: STRIPE_KEY, webhookSecret: WEBHOOK_SECRET, apiBase: stripe.url },
      publicUrl: PUBLIC_URL,
      ...overrides,
    };
    let app: INestApplication;
    try {
      app = await startServiceApp(PaymentsModule.forRoot(config), {
        logger: createLogger('payments', process.env.TEST_LOGS ? 'info' : 'silent'),
        http: { port: httpPort, host: '127.0.0.1', ...PAYMENTS_HTTP_OPTIONS },
        tcp,
      });
    } catch (error) {
      await stripe.close();
      await database.drop();
      throw error;
    }
    const client = ClientProxyFactory.create({ transport: Transport.TCP, options: tcp });
    await client.connect();
    return new PaymentsTestWorld(app, stripe, client, config, webhookUrl, database.drop);
  }

  /** A second payments replica on the same database, queues and Stripe (its own ports); close it yourself. */
  async startReplica(): Promise<INestApplication> {
    const httpPort = await freePort();
    const tcp = { host: '127.0.0.1', port: await freePort() };
    return startServiceApp(PaymentsModule.forRoot({ ...this.config, httpPort, tcp }), {
      logger: createLogger('payments', process.env.TEST_LOGS ? 'info' : 'silent'),
      http: { port: httpPort, host: '127.0.0.1', ...PAYMENTS_HTTP_OPTIONS },
      tcp,
    });
  }

  get dataSource(): DataSource {
    return this.app.get(getDataSourceToken());
  }

  get queues(): QueueRegistry {
    return this.app.get(QueueRegistry);
  }

  send<T>(pattern: string, data: unknown): Promise<T> {
    return lastValueFrom(this.client.send<T>(pattern, data));
  }

  /** The RPC error body, or 'no error'. */
  async errorOf(pattern: string, data: unknown): Promise<unknown> {
    return this.send(pattern, data).then(
      () => 'no error',
      (error: unknown) => error,
    );
  }

  createCheckout(request: CreateCheckoutRequest): Promise<CheckoutResource> {
    return this.send<CheckoutResource>(PAYMENTS_RPC.createCheckout, request);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.query<{ n: string }>(sql, params);
    return Number(row.n);
  }

  async paymentsOf(bookingId: string): Promise<PaymentRow[]> {
    return this.query<PaymentRow>('SELECT * FROM payments WHERE booking_id = $1 ORDER BY attempt', [bookingId]);
  }

  async paymentOf(bookingId: string): Promise<PaymentRow> {
    const rows = await this.paymentsOf(bookingId);
    if (rows.length === 0) throw new Error(`booking ${bookingId} has no payment`);
    return rows[rows.length - 1];
  }

  /** Payloads of the outbox events of one type about one booking, oldest first. */
  async outbox<T extends MessageType>(type: T, bookingId: string): Promise<Array<PayloadOf<T>>> {
    const rows = await this.query<{ envelope: { payload: PayloadOf<T> } }>(
      `SELECT envelope FROM outbox WHERE type = $1 AND envelope->'payload'->>'bookingId' = $2 ORDER BY seq`,
      [type, bookingId],
    );
    return rows.map((row) => row.envelope.payload);
  }

  /**
   * Store a payment as if its session had run (a succeeded £25.00 one unless overridden), with
   * ids of its own and nothing at Stripe: for tests of a use case that only reads and writes it.
   */
  async storePayment(overrides: Partial<Payment> = {}): Promise<Payment> {
    const suffix = randomUUID().replace(/-/g, '');
    const payment = aSucceededPayment(new Date(), {
      id: randomUUID(),
      bookingId: randomUUID(),
      checkoutSessionId: `cs_test_${suffix}`,
      paymentIntentId: `pi_${suffix}`,
      ...overrides,
    });
    await this.dataSource.transaction((manager) => paymentRepository.insert(manager, payment));
    return payment;
  }

  /** Wait until the payment of a booking is in `status`. */
  waitForStatus(bookingId: string, status: string): Promise<PaymentRow> {
    return eventually(`payment of ${bookingId} to be ${status}`, async () => {
      const payment = await this.paymentOf(bookingId);
      return payment.status === status ? payment : undefined;
    });
  }

  /**
   * Put a message on payments-inbox as the relay of another service would. Each call is its own
   * job (pass the id of an earlier message to deliver it again: the inbox must skip it).
   */
  async deliver<T extends MessageType>(
    type: T,
    payload: PayloadOf<T>,
    id: string = randomUUID(),
  ): Promise<Envelope<T, PayloadOf<T>> & { jobId: string }> {
    const envelope: Envelope<T, PayloadOf<T>> = {
      id,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      payload,
    };
    const jobId = `${id}-${randomUUID()}`;
    await this.queues.get(QUEUES.paymentsInbox).add(type, envelope, { jobId });
    return { ...envelope, jobId };
  }

  /** Wait until the consumer has finished a job (applied, or skipped as a duplicate). */
  waitForJob(jobId: string): Promise<true> {
    return eventually(`job ${jobId} to complete`, async () => {
      const state = await (await this.queues.get(QUEUES.paymentsInbox).getJob(jobId))?.getState();
      if (state === 'failed') throw new Error(`job ${jobId} failed`);
      return state === 'completed';
    });
  }

  /** Wait until the inbox has applied (or skipped) the message with this id. */
  waitForInbox(messageId: string): Promise<true> {
    return eventually(`message ${messageId} to be handled`, async () => (await this.count('SELECT count(*) AS n FROM inbox WHERE message_id = $1', [messageId])) > 0);
  }

  /** Let webhooks in flight and the follow-ups of flagged payments finish. */
  async settle(): Promise<void> {
    await this.stripe.idle();
    await this.app.get(FlaggedPaymentsScheduler).idle();
  }

  async close(): Promise<void> {
    await this.client?.close();
    await this.stripe?.idle();
    await this.stripe?.close();
    // The stand-in's and the tests' fetch share one connection pool in this process, which may
    // hold a socket that never sent a request; http.Server#close() would wait for its headers
    // timeout (60 s). Nothing is in flight now: drop every connection.
    (this.app?.getHttpServer() as Server | undefined)?.closeAllConnections();
    await this.app?.close();
    await deleteQueueKeys(REDIS_URL, this.config.queuePrefix);
    await this.dropDatabase();
  }
}

export interface PaymentRow {
  id: string;
  booking_id: string;
  attempt: number;
  checkout_session_id: string;
  checkout_url: string;
  expires_at: Date;
  amount_cents: number;
  currency: string;
  status: string;
  payment_intent_id: string | null;
  paid_amount_cents: number | null;
  paid_currency: string | null;
  flagged_reason: string | null;
  dead_lettered_at: Date | null;
  last_payment_error: string | null;
  amount_refunded_cents: number;
  dispute_id: string | null;
  dispute_status: string | null;
}

/** What the gateway sends for a booking (its price, its hold): override what a test is about. */
export function aCheckoutRequest(overrides: Partial<CreateCheckoutRequest> = {}): CreateCheckoutRequest {
  return {
    bookingId: randomUUID(),
    customerEmail: 'customer@example.com',
    serviceName: 'Haircut',
    amountCents: 2500,
    currency: 'gbp',
    holdExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    ...overrides,
  };
}
