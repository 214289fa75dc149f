import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BOOKING_CONFIG, BookingConfig } from '../../booking.config';
import { ExpireLapsedHoldsUseCase } from '../use-cases/expire-lapsed-holds/expire-lapsed-holds.use-case';

const INTERVAL_NAME = 'expire-lapsed-holds';

/** Sweeps lapsed holds every HOLD_EXPIRY_INTERVAL_SECONDS; one sweep at a time per process. */
@Injectable()
export class HoldExpiryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HoldExpiryScheduler.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly expireLapsedHolds: ExpireLapsedHoldsUseCase,
    private readonly registry: SchedulerRegistry,
    @Inject(BOOKING_CONFIG) private readonly config: BookingConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => this.sweep(), this.config.holdExpiryIntervalSeconds * 1000);
    this.registry.addInterval(INTERVAL_NAME, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  private sweep(): void {
    if (this.running) return;
    this.running = this.expireLapsedHolds
      .execute()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`Hold expiry sweep failed: ${(error as Error).message}`, (error as Error).stack))
      .finally(() => {
        this.running = null;
      });
  }
}
