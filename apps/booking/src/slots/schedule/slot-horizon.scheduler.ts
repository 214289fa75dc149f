import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ExtendSlotHorizonUseCase } from '../use-cases/extend-slot-horizon/extend-slot-horizon.use-case';

/** Runs the daily slot-horizon extension once at start and every day at 00:30 UTC. */
@Injectable()
export class SlotHorizonScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SlotHorizonScheduler.name);
  private running: Promise<void> | null = null;

  constructor(private readonly extend: ExtendSlotHorizonUseCase) {}

  onApplicationBootstrap(): void {
    // In the background: a long horizon over many barbers must not hold up the service's start.
    this.trigger();
  }

  @Cron('0 30 0 * * *', { name: 'extend-slot-horizon', timeZone: 'UTC' })
  daily(): void {
    this.trigger();
  }

  /** Resolves when no run of this process is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    await this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.extend
      .execute()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`Slot horizon extension failed: ${(error as Error).message}`, (error as Error).stack))
      .finally(() => {
        this.running = null;
      });
  }
}
