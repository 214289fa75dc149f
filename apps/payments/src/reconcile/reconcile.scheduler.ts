import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PAYMENTS_CONFIG, PaymentsConfig } from '../payments.config';
import { ReconcilePaymentsUseCase } from './reconcile-payments.use-case';

const INTERVAL_NAME = 'payments-reconcile';

/**
 * Runs the reconciler every RECONCILE_INTERVAL_SECONDS: one run at a time in this process, and
 * a round another replica is running already (advisory lock taken) is skipped, not queued.
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly reconcile: ReconcilePaymentsUseCase,
    private readonly registry: SchedulerRegistry,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => this.tick(), this.config.reconcileIntervalSeconds * 1000);
    timer.unref();
    this.registry.addInterval(INTERVAL_NAME, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.reconcile
      .execute({ everyOpenPayment: false, waitForLock: false })
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`Reconcile failed, next round retries: ${(error as Error).message}`, (error as Error).stack))
      .finally(() => {
        this.running = null;
      });
  }
}
