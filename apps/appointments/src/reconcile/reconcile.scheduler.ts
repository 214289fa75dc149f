import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APPOINTMENTS_CONFIG, AppointmentsConfig } from '../appointments.config';
import { ReconcileAppointmentsUseCase } from './reconcile-appointments.use-case';

const INTERVAL_NAME = 'reconcile-appointments';

/** Runs the reconciler every RECONCILE_INTERVAL_SECONDS; a run another replica holds the lock for is skipped. */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly reconcile: ReconcileAppointmentsUseCase,
    private readonly registry: SchedulerRegistry,
    @Inject(APPOINTMENTS_CONFIG) private readonly config: AppointmentsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => this.tick(), this.config.reconcileIntervalSeconds * 1000);
    this.registry.addInterval(INTERVAL_NAME, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.reconcile
      .execute({ wait: false })
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`Reconcile run failed: ${(error as Error).message}`, (error as Error).stack))
      .finally(() => {
        this.running = null;
      });
  }
}
