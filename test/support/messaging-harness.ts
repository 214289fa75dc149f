import { MessageCatalogLike, MessageOf } from '@app/contracts';
import {
  ConsumerOptions,
  CreateMessagingTables1764000000000,
  HandlesMessage,
  MessageContext,
  MessageHandler,
  MessagingModule,
  RelayOptions,
  RetryPolicy,
} from '@app/messaging';
import { serviceDatabaseModule, serviceDataSourceOptions } from '@app/platform';
import { ConsoleLogger, DynamicModule, Injectable, INestApplicationContext, LoggerService, Module, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

export const TEST_QUEUE = 'test-inbox';
export const TEST_TYPE = 'payment.succeeded';

/** The observable effect of the test handler: one row per application, deliberately without a unique key. */
export class CreateTestEffects1764000000001 implements MigrationInterface {
  name = 'CreateTestEffects1764000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE effects (message_id uuid NOT NULL, booking_id uuid NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE effects');
  }
}

export interface HandlerCall {
  messageId: string;
  attempt: number;
  at: number;
  /** What the handler was given, after any upcast. */
  version: number;
  payload: unknown;
}

/** What the test handler does and what it saw; tests set `behaviour` to make it fail or block. */
@Injectable()
export class Probe extends EventEmitter {
  calls: HandlerCall[] = [];
  behaviour: (message: MessageOf<'payment.succeeded'>, context: MessageContext) => Promise<void> | void = () => undefined;

  /** Resolves when the handler has been entered `count` times in all. */
  waitForCalls(count: number, timeoutMs = 15_000): Promise<HandlerCall[]> {
    if (this.calls.length >= count) return Promise.resolve(this.calls);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('call', onCall);
        reject(new Error(`Timed out waiting for ${count} handler calls (saw ${this.calls.length})`));
      }, timeoutMs);
      const onCall = () => {
        if (this.calls.length < count) return;
        clearTimeout(timer);
        this.off('call', onCall);
        resolve(this.calls);
      };
      this.on('call', onCall);
    });
  }
}

@Injectable()
@HandlesMessage(TEST_TYPE)
export class RecordingHandler implements MessageHandler<'payment.succeeded'> {
  constructor(private readonly probe: Probe) {}

  async handle(message: MessageOf<'payment.succeeded'>, context: MessageContext): Promise<void> {
    this.probe.calls.push({
      messageId: message.id,
      attempt: context.attempt,
      at: Date.now(),
      version: message.version,
      payload: message.payload,
    });
    this.probe.emit('call', message);
    await this.probe.behaviour(message, context);
    await context.manager.query('INSERT INTO effects (message_id, booking_id) VALUES ($1, $2)', [
      message.id,
      message.payload.bookingId,
    ]);
  }
}

export interface HarnessOptions {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  producer?: Partial<RelayOptions> | false;
  consumer?: Partial<ConsumerOptions> | false;
  retry?: Partial<RetryPolicy>;
  routes?: Record<string, string[]>;
  handlers?: Provider[];
  /** Defaults to MESSAGE_CATALOG. */
  catalog?: MessageCatalogLike;
  logger?: LoggerService | false;
}

export function harnessModule(options: HarnessOptions): DynamicModule {
  const handlers = options.handlers ?? [RecordingHandler];
  @Module({})
  class HarnessModule {}
  return {
    module: HarnessModule,
    imports: [
      serviceDatabaseModule(() =>
        serviceDataSourceOptions({
          url: options.databaseUrl,
          applicationName: 'messaging-test',
          entities: [],
          migrations: [CreateMessagingTables1764000000000, CreateTestEffects1764000000001],
          poolSize: 20,
        }),
      ),
      MessagingModule.forRoot({
        service: 'test',
        redisUrl: options.redisUrl,
        prefix: options.prefix,
        producer: options.producer === false ? undefined : { pollIntervalMs: 200, ...options.producer },
        consumer:
          options.consumer === false
            ? undefined
            : { queue: TEST_QUEUE, lockDurationMs: 2000, stalledIntervalMs: 500, sweepIntervalMs: 500, ...options.consumer },
        retry: { attempts: 3, backoffMs: 100, jitter: 0.5, ...options.retry },
        routes: options.routes ?? { [TEST_TYPE]: [TEST_QUEUE] },
        catalog: options.catalog,
      }),
    ],
    providers: [Probe, ...handlers],
  };
}

/** Build and start the app; if start-up fails, close what was opened before rethrowing. */
export async function startHarness(options: HarnessOptions): Promise<INestApplicationContext> {
  const builder = Test.createTestingModule({ imports: [harnessModule(options)] });
  builder.setLogger(options.logger === undefined || options.logger === false ? new ConsoleLogger({ logLevels: [] }) : options.logger);
  const app = await builder.compile();
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

export function paymentSucceededPayload(overrides: Partial<MessageOf<'payment.succeeded'>['payload']> = {}) {
  return {
    bookingId: randomUUID(),
    paymentId: randomUUID(),
    amountCents: 2500,
    currency: 'gbp',
    paymentIntentId: `pi_${randomUUID().replace(/-/g, '')}`,
    checkoutSessionId: `cs_test_${randomUUID().replace(/-/g, '')}`,
    ...overrides,
  };
}
