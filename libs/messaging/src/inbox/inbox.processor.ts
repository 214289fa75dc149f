import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  BeforeApplicationShutdown,
  Inject,
  Logger,
  OnApplicationBootstrap,
  Type,
} from '@nestjs/common';
import { Job } from 'bullmq';
import { DeadLetterService } from '../dead-letter/dead-letter.service';
import { ConsumerOptions } from '../messaging.options';
import { InboxService, ProcessOutcome } from './inbox.service';

/** The inbox queue's WorkerHost (its `worker` is the BullMQ Worker): for health, metrics and tests. */
export const INBOX_WORKER = Symbol('INBOX_WORKER');

/**
 * Builds the @nestjs/bullmq processor for a service's inbox queue. The worker starts
 * only at application bootstrap, after the handler registry has been checked, so no
 * message is taken before its handler is known; it closes before the database does,
 * letting the job in hand finish.
 */
export function createInboxProcessor(consumer: ConsumerOptions): Type<WorkerHost> {
  @Processor(consumer.queue, {
    concurrency: consumer.concurrency,
    lockDuration: consumer.lockDurationMs,
    stalledInterval: consumer.stalledIntervalMs,
    maxStalledCount: consumer.maxStalledCount,
    autorun: false,
  })
  class InboxProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
    private readonly logger = new Logger(`InboxProcessor(${consumer.queue})`);
    private sweepTimer: NodeJS.Timeout | null = null;

    constructor(
      @Inject(InboxService) private readonly inbox: InboxService,
      @Inject(DeadLetterService) private readonly deadLetters: DeadLetterService,
    ) {
      super();
    }

    process(job: Job): Promise<ProcessOutcome> {
      return this.inbox.process(job);
    }

    onApplicationBootstrap(): void {
      void this.worker.run().catch((error: Error) => this.logger.error(`Worker stopped: ${error.message}`));
      this.sweepTimer = setInterval(() => this.sweep(), consumer.sweepIntervalMs);
      this.sweep();
    }

    async beforeApplicationShutdown(): Promise<void> {
      if (this.sweepTimer) clearInterval(this.sweepTimer);
      await this.worker.close();
    }

    @OnWorkerEvent('failed')
    onFailed(job: Job | undefined, error: Error): void {
      const attempts = job?.opts.attempts ?? 1;
      this.logger.warn(
        `Message ${job?.id} (${job?.name}) failed attempt ${job?.attemptsMade}/${attempts}: ${error.message}`,
      );
      this.sweep();
    }

    @OnWorkerEvent('stalled')
    onStalled(jobId: string): void {
      this.logger.warn(`Message ${jobId} stalled (its worker stopped renewing the lock); it runs again`);
      this.sweep();
    }

    @OnWorkerEvent('error')
    onError(error: Error): void {
      this.logger.warn(`Worker error: ${error.message}`);
    }

    private sweep(): void {
      this.deadLetters
        .sweep(consumer.queue)
        .catch((error: Error) => this.logger.warn(`Dead-letter sweep failed, will retry: ${error.message}`));
    }
  }
  return InboxProcessor;
}
