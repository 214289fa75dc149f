import { UnrecoverableError } from 'bullmq';

/**
 * A message that can never succeed however often it is retried (bad envelope, payload
 * that fails its schema, type nobody here handles): it goes straight to the dead-letter queue.
 */
export class PoisonMessageError extends UnrecoverableError {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}
