import { Envelope, MessageType, PayloadOf } from '@app/contracts';
import { SEND_WITH_NEXT, requestContext } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions } from '../messaging.options';
import { OutboxCommitSignal } from './outbox-commit.signal';

@Injectable()
export class OutboxWriter {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly commitSignal: OutboxCommitSignal,
  ) {}

  /**
   * Write an event inside the caller's transaction (`manager` must be the transaction's
   * manager). The payload is checked against its schema here, so a bug fails the state
   * change instead of poisoning a queue.
   */
  async publish<T extends MessageType>(
    manager: EntityManager,
    type: T,
    payload: PayloadOf<T>,
  ): Promise<Envelope<T, PayloadOf<T>>> {
    const [envelope] = await this.publishMany(manager, [{ type, payload }]);
    return envelope as Envelope<T, PayloadOf<T>>;
  }

  async publishMany(
    manager: EntityManager,
    events: ReadonlyArray<{ type: MessageType; payload: unknown }>,
  ): Promise<Envelope[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.publish must run inside a transaction: pass the transaction manager');
    }
    if (events.length === 0) return [];
    const context = requestContext.current();
    const correlationId = context?.correlationId ?? randomUUID();
    const causationId = context?.messageId ?? null;
    const envelopes = events.map(({ type, payload }) => {
      // Producers always write the newest version; consumers upcast older ones they still receive.
      const definition = Object.prototype.hasOwnProperty.call(this.options.catalog, type) ? this.options.catalog[type] : undefined;
      if (!definition) throw new Error(`Unknown message type "${type}"`);
      const checked: unknown = definition.versions[definition.latest].schema.parse(payload);
      const envelope: Envelope = {
        id: randomUUID(),
        type,
        version: definition.latest,
        occurredAt: new Date().toISOString(),
        correlationId,
        causationId,
        payload: checked,
      };
      return envelope;
    });
    const values: string[] = [];
    const params: unknown[] = [];
    envelopes.forEach((envelope, index) => {
      values.push(`($${index * 3 + 1}::uuid, $${index * 3 + 2}, $${index * 3 + 3}::jsonb)`);
      params.push(envelope.id, envelope.type, JSON.stringify(envelope));
    });
    // Nobody reads its answer: it goes to PostgreSQL with the transaction's next statement, its
    // COMMIT usually (libs/platform/src/database/service-client.ts).
    await manager.query(`${SEND_WITH_NEXT}INSERT INTO outbox (id, type, envelope) VALUES ${values.join(', ')}`, params);
    this.commitSignal.markWritten(manager.queryRunner, envelopes);
    return envelopes;
  }
}
