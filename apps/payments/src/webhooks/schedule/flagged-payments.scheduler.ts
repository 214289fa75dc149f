import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PAYMENTS_CONFIG, PaymentsConfig } from '../../payments.config';
import { RetryUnissuedRefundsUseCase } from '../../refunds/use-cases/retry-unissued-refunds/retry-unissued-refunds.use-case';
import { DeadLetterFlaggedPaymentsUseCase } from '../use-cases/dead-letter-flagged-payments/dead-letter-flagged-payments.use-case';

/**
 * What a refused success (amount mismatch) still needs once the webhook has committed: its dead
 * letter and its refund. Started at once for the payment the webhook flagged, in the
 * background (the webhook answers 200 without waiting on Redis or Stripe), and repeated for
 * everything left undone every RECONCILE_INTERVAL_SECONDS, so a Redis or Stripe outage at the
 * wrong moment delays the follow-up, never loses it. Every step is idempotent (dead letter
 * jobId = Stripe event id, refund key `refund:<paymentId>`), so replicas may run it side by side.
 */
@Injectable()
export class FlaggedPaymentsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FlaggedPaymentsScheduler.name);
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
    private readonly deadLetters: DeadLetterFlaggedPaymentsUseCase,
    private readonly refunds: RetryUnissuedRefundsUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.launch(() => this.sweep()), this.config.reconcileIntervalSeconds * 1000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  /** Start the follow-up of one flagged payment now, in the background. */
  followUp(paymentId: string): void {
    this.launch(() => this.runFor(paymentId));
  }

  /** Everything left undone, now (the timer's run; tests and the reconciler may call it too). */
  async sweep(): Promise<void> {
    try {
      await this.deadLetters.execute();
    } catch (error) {
      this.logger.warn(`Flagged payments not dead-lettered yet, will retry: ${(error as Error).message}`);
    }
    try {
      await this.refunds.execute();
    } catch (error) {
      this.logger.warn(`Unissued refunds not retried: ${(error as Error).message}`);
    }
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
