import { UnreadableMessageError, describeIssues, envelopeSchema, readPayload } from '@app/contracts';
import { counter, requestContext } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { ConsumerOptions, MESSAGING_OPTIONS, ResolvedMessagingOptions } from '../messaging.options';
import { HandlerRegistry } from './handler.registry';
import { AnyEnvelope, MessageContext, MessageHandler } from './message-handler';
import { PoisonMessageError } from './message.errors';

export type ProcessOutcome = 'applied' | 'duplicate';

const consumed = counter('inbox_messages_total', 'Messages taken from an inbox queue, by outcome', [
  'queue',
  'type',
  'outcome',
]);

/**
 * Applies one queued message: validate the envelope, read the payload by the schema of its
 * version and upcast it to the newest (any version the catalog lists is accepted; one it does
 * not list is dead-letter material, never retried), then run the handler
 * and record (messageId, handler) in the same transaction. A message already recorded
 * is acknowledged and skipped, so redelivery, retries after a crash and concurrent
 * duplicates all have one effect.
 */
@Injectable()
export class InboxService {
  private readonly consumer: ConsumerOptions;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly handlers: HandlerRegistry,
  ) {
    if (!options.consumer) throw new Error('InboxService needs consumer options');
    this.consumer = options.consumer;
  }

  async process(job: Job): Promise<ProcessOutcome> {
    return this.processEnvelope(job.data, { attempt: job.attemptsMade + 1, delivery: 'one-process' });
  }

  /**
   * Applies one message however it came: a queued job, or one envelope of a relay broadcast
   * (BROADCAST_QUEUES). Throws PoisonMessageError for a message that can never apply.
   */
  async processEnvelope(
    data: unknown,
    { attempt, delivery }: Pick<MessageContext, 'attempt' | 'delivery'>,
  ): Promise<ProcessOutcome> {
    const queue = this.consumer.queue;
    const envelope = this.validate(data);
    const handler = this.handlers.get(envelope.type);
    if (!handler) throw new PoisonMessageError(`No handler for "${envelope.type}" on ${queue}`);
    const outcome = await requestContext.run(
      { correlationId: envelope.correlationId, messageId: envelope.id },
      () => this.apply(handler, envelope, attempt, delivery),
    );
    consumed.inc({ queue, type: envelope.type, outcome });
    return outcome;
  }

  private validate(data: unknown): AnyEnvelope {
    const parsed = envelopeSchema.safeParse(data);
    if (!parsed.success) {
      throw new PoisonMessageError(`Invalid envelope: ${describeIssues(parsed.error.issues)}`);
    }
    const envelope = parsed.data as AnyEnvelope;
    try {
      // Checked against the schema of the version it was written in, then upcast to the newest:
      // a handler only ever sees the newest version, and a v1 still queued after v2 ships applies.
      const payload = readPayload(this.options.catalog, envelope.type, envelope.version, envelope.payload);
      return { ...envelope, version: this.options.catalog[envelope.type].latest, payload };
    } catch (error) {
      if (error instanceof UnreadableMessageError) throw new PoisonMessageError(error.message);
      throw new PoisonMessageError(`Upcast of "${envelope.type}" v${envelope.version} failed: ${(error as Error).message}`);
    }
  }

  private async apply(
    handler: MessageHandler,
    envelope: AnyEnvelope,
    attempt: number,
    delivery: MessageContext['delivery'],
  ): Promise<ProcessOutcome> {
    const message = envelope as Parameters<MessageHandler['handle']>[0];
    if (this.consumer.idempotency === 'none') {
      await handler.handle(message, { manager: this.dataSource.manager, attempt, delivery });
      return 'applied';
    }
    const handlerKey = `${this.consumer.queue}:${envelope.type}`;
    return this.dataSource.transaction(async (manager) => {
      // Concurrent duplicates block here on the primary key until the first commits,
      // then see the conflict; if the first rolls back, the next one applies instead.
      const recorded: unknown[] = await manager.query(
        `INSERT INTO inbox (message_id, handler, message_type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [envelope.id, handlerKey, envelope.type],
      );
      if (recorded.length === 0) return 'duplicate';
      await handler.handle(message, { manager, attempt, delivery });
      return 'applied';
    });
  }
}
