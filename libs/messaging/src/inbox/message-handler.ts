import { Envelope, MessageOf, MessageType } from '@app/contracts';
import { SetMetadata } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export const MESSAGE_HANDLER = Symbol('MESSAGE_HANDLER');

export interface MessageContext {
  /**
   * With inbox idempotency: the manager of the transaction that also records the
   * message as processed. Write state and outbox events through it, nothing else.
   */
  manager: EntityManager;
  /** 1 on the first try. */
  attempt: number;
  /**
   * `one-process`: a queued job, taken by one process of the consumer. `every-process`: a
   * broadcast (BROADCAST_QUEUES), which every process of the consumer receives.
   */
  delivery: 'one-process' | 'every-process';
}

export interface MessageHandler<T extends MessageType = MessageType> {
  handle(message: MessageOf<T>, context: MessageContext): Promise<void>;
}

/**
 * Marks a provider as the handler of one message type (a catalog type name) on this service's
 * inbox queue. It receives every version the catalog lists, upcast to the newest (`MessageOf<T>`).
 */
export const HandlesMessage = (type: MessageType): ClassDecorator => SetMetadata(MESSAGE_HANDLER, type);

export type AnyEnvelope = Envelope<string, unknown>;
