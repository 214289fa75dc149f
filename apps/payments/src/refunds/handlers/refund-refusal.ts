import { PoisonMessageError } from '@app/messaging';
import { RefundRefusedError } from '../domain/refund.errors';

/**
 * Run a refunding step of a handler: a refusal from Stripe cannot get better by retrying, so
 * it goes to the dead-letter queue at once (visible, replayable once fixed); anything else
 * (Stripe unreachable, the database) is thrown as it is and retried with backoff.
 */
export async function deadLetterRefusals<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof RefundRefusedError) throw new PoisonMessageError(error.message);
    throw error;
  }
}
