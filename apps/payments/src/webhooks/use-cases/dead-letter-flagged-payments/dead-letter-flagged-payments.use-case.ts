import { QUEUES } from '@app/contracts';
import { DeadLetter, QueueRegistry } from '@app/messaging';
import { Clock, CLOCK, counter } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { paymentRepository } from '../../../payment/persistence/payment.repository';

const BATCH = 100;
const deadLettered = counter('dead_letters_total', 'Messages moved to a dead-letter queue', ['queue', 'type']);

/**
 * A success we refused (wrong amount or currency) is flagged on the payment row in the
 * webhook's transaction; this writes the flag to `payments-inbox-dlq` — the Stripe event as the
 * envelope, the reason as the error — where on-call sees it beside every other dead letter, and
 * then marks the payment dead-lettered. Redis is never touched inside the webhook's
 * transaction: if it is away, the mark stays unset and the next pass writes the letter (jobId =
 * the Stripe event id, so writing it twice adds it once).
 *
 * Replaying such a letter puts a Stripe event on payments-inbox, which is not an envelope: it
 * is refused and dead-lettered again. It is a flag for a human, not a message to retry.
 */
@Injectable()
export class DeadLetterFlaggedPaymentsUseCase {
  private readonly logger = new Logger(DeadLetterFlaggedPaymentsUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly queues: QueueRegistry,
  ) {}

  /** Dead-letter the flags not yet written (one payment's, or all); how many were written. */
  async execute({ paymentId }: { paymentId?: string } = {}): Promise<number> {
    const flags = await paymentRepository.listFlagsToDeadLetter(this.dataSource.manager, { paymentId, limit: BATCH });
    if (flags.length === 0) return 0;
    await this.queues.ready();
    const queue = QUEUES.paymentsInbox;
    const dlq = this.queues.deadLetterQueue(queue);
    for (const { payment, event } of flags) {
      const letter: DeadLetter = {
        queue,
        jobId: event.id,
        type: event.type,
        envelope: event.payload,
        error: `${payment.flaggedReason} (payment ${payment.id}, booking ${payment.bookingId}): nothing confirmed, refunded in full`,
        stacktrace: [],
        attemptsMade: 0,
        failedAt: this.clock.now().toISOString(),
      };
      await dlq.add(letter.type, letter, { jobId: letter.jobId, removeOnComplete: false, removeOnFail: false });
      await paymentRepository.markDeadLettered(this.dataSource.manager, payment.id, this.clock.now());
      deadLettered.inc({ queue, type: letter.type });
      this.logger.error(`Stripe event ${event.id} (${event.type}) dead-lettered to ${queue}-dlq: ${letter.error}`);
    }
    return flags.length;
  }
}
