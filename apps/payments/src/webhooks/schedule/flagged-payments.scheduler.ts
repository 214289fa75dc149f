import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { RetryUnissuedRefundsUseCase } from '../../refunds/use-cases/retry-unissued-refunds/retry-unissued-refunds.use-case';
import { DeadLetterFlaggedPaymentsUseCase } from '../use-cases/dead-letter-flagged-payments/dead-letter-flagged-payments.use-case';

/**
 * What a refused success (amount mismatch) still needs once the webhook has committed: its dead
 * letter and its refund. Started at once for the payment the webhook flagged, in the
 * background (the webhook answers 200 without waiting on Redis or Stripe), and repeated for
 * everything left undone by the reconciler (reconcile/, every RECONCILE_INTERVAL_SECONDS under its
 * advisory lock, kind `flagged_follow_up`), so a Redis or Stripe outage at the
 * wrong moment delays the follow-up, never loses it. Every step is idempotent (dead letter
 * jobId = Stripe event id, refund key `refund:<paymentId>`), so replicas may run it side by side.
 */
@Injectable()
export class FlaggedPaymentsScheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger(FlaggedPaymentsScheduler.name);
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deadLetters: DeadLetterFlaggedPaymentsUseCase,
    private readonly refunds: RetryUnissuedRefundsUseCase,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** Start the follow-up of one flagged payment now, in the background. */
  followUp(paymentId: string): void {
    this.launch(() => this.runFor(paymentId));
  }

  /** Everything left undone, now (the reconciler's pass; tests may call it too): how many dead letters and refunds it wrote. */
  async sweep(): Promise<number> {
    let done = 0;
    try {
      done += await this.deadLetters.execute();
    } catch (error) {
      this.logger.warn(`Flagged payments not dead-lettered yet, will retry: ${(error as Error).message}`);
    }
    try {
      done += await this.refunds.execute();
    } catch (error) {
      this.logger.warn(`Unissued refunds not retried: ${(error as Error).message}`);
    }
    return done;
  }

  /** Resolves when no follow-up of this process is under way. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async runFor(paymentId: string): Promise<void> {
    try {
      await this.deadLetters.execute({ paymentId });
    } catch (error) {
      this.logger.warn(`Flagged payment ${paymentId} not dead-lettered yet, will retry: ${(error as Error).message}`);
    }
    await this.refunds.issue(paymentId);
  }

  private launch(work: () => Promise<void>): void {
    if (this.stopped) return;
    const run: Promise<void> = work()
      .catch((error: unknown) => this.logger.error(`Follow-up failed: ${(error as Error).message}`))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }
}
