import { counter } from '@app/platform';
import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { QueueRegistry } from '../redis/queue-registry';

/** What a dead-letter job holds: enough to see what failed, why, and to put it back. */
export interface DeadLetter {
  queue: string;
  jobId: string;
  type: string;
  envelope: unknown;
  error: string;
  stacktrace: string[];
  attemptsMade: number;
  failedAt: string;
}

const PAGE = 200;

const deadLettered = counter('dead_letters_total', 'Messages moved to a dead-letter queue', ['queue', 'type']);
const replayedTotal = counter('dead_letters_replayed_total', 'Dead letters put back on their queue', ['queue']);

/**
 * BullMQ has no dead-letter queue of its own. A job lands in its queue's `failed` set
 * once it is out of attempts, was not retryable, or stalled too often (the stalled
 * checker fails it without the worker's `failed` event). The sweep copies every failed
 * job to `<queue>-dlq` (jobId kept, so two sweepers add it once) and only then removes it:
 * a crash in between leaves it in `failed` for the next sweep, never nowhere.
 */
@Injectable()
export class DeadLetterService {
  private readonly logger = new Logger(DeadLetterService.name);
  private readonly sweeping = new Map<string, Promise<number>>();

  constructor(private readonly queues: QueueRegistry) {}

  /** Sweep now, or join the sweep of this queue already under way. */
  sweep(queue: string): Promise<number> {
    const running = this.sweeping.get(queue);
    if (running) return running;
    const run = this.sweepFailed(queue).finally(() => this.sweeping.delete(queue));
    this.sweeping.set(queue, run);
    return run;
  }

  private async sweepFailed(queue: string): Promise<number> {
    const source = this.queues.get(queue);
    const dlq = this.queues.deadLetterQueue(queue);
    let moved = 0;
    for (;;) {
      const failed = (await source.getFailed(0, PAGE - 1)).filter((job): job is Job => Boolean(job?.id));
      if (failed.length === 0) return moved;
      for (const job of failed) {
        const letter = toDeadLetter(queue, job);
        await dlq.add(letter.type, letter, { jobId: letter.jobId, removeOnComplete: false, removeOnFail: false });
        await job.remove();
        moved += 1;
        deadLettered.inc({ queue, type: letter.type });
        this.logger.error(
          { queue, jobId: letter.jobId, type: letter.type, attemptsMade: letter.attemptsMade, error: letter.error },
          `Message ${letter.jobId} (${letter.type}) dead-lettered to ${queue}-dlq after ${letter.attemptsMade} attempt(s): ${letter.error}`,
        );
      }
    }
  }

  async count(queue: string): Promise<number> {
    return this.queues.deadLetterQueue(queue).getJobCountByTypes('waiting', 'delayed', 'prioritized');
  }

  async list(queue: string, start = 0, end = PAGE - 1): Promise<DeadLetter[]> {
    const jobs = await this.queues.deadLetterQueue(queue).getWaiting(start, end);
    return jobs.filter(Boolean).map((job) => job.data as DeadLetter);
  }

  /**
   * Put dead letters back on their queue (all of them, or the listed job ids) and
   * remove them from the dead-letter queue. The consumer's inbox makes a message that
   * was somehow applied already a no-op, so replaying twice changes nothing.
   */
  async replay(queue: string, jobIds?: string[]): Promise<number> {
    const source = this.queues.get(queue);
    const dlq = this.queues.deadLetterQueue(queue);
    const letters: Job[] = [];
    if (jobIds) {
      for (const id of jobIds) {
        const job = await dlq.getJob(id);
        if (job) letters.push(job);
      }
    } else {
      for (let start = 0; ; start += PAGE) {
        const page = (await dlq.getWaiting(start, start + PAGE - 1)).filter(Boolean);
        letters.push(...page);
        if (page.length < PAGE) break;
      }
    }
    let replayed = 0;
    for (const job of letters) {
      const letter = job.data as DeadLetter;
      const existing = await source.getJob(letter.jobId);
      if (existing) {
        const state = await existing.getState();
        // A copy still waiting or running will do the work; only a finished one is in the way of the jobId.
        if (state === 'completed' || state === 'failed') await existing.remove();
      }
      await source.add(letter.type, letter.envelope, { jobId: letter.jobId });
      await job.remove();
      replayed += 1;
    }
    if (replayed > 0) {
      replayedTotal.inc({ queue }, replayed);
      this.logger.warn(`Replayed ${replayed} dead letter(s) onto ${queue}`);
    }
    return replayed;
  }
}

function toDeadLetter(queue: string, job: Job): DeadLetter {
  const envelope = job.data as { type?: unknown } | undefined;
  return {
    queue,
    jobId: String(job.id),
    type: typeof envelope?.type === 'string' ? envelope.type : job.name,
    envelope: job.data,
    error: job.failedReason ?? 'unknown error',
    stacktrace: job.stacktrace ?? [],
    attemptsMade: job.attemptsMade,
    failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
  };
}
