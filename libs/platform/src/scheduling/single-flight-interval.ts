import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A job run every `intervalMs` through @nestjs/schedule's registry, never twice at once in
 * this process (a tick while a run is under way is skipped, not queued), and drained on
 * shutdown. Subclasses say what one run does; running one replica at a time (advisory
 * locks) is the run's own business.
 */
export abstract class SingleFlightInterval implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private running: Promise<void> | null = null;

  protected constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly registry: SchedulerRegistry,
  ) {
    this.logger = new Logger(name);
  }

  protected abstract runOnce(): Promise<unknown>;

  onApplicationBootstrap(): void {
    const timer = setInterval(() => this.tick(), this.intervalMs);
    timer.unref();
    this.registry.addInterval(this.name, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.error(`${this.name} failed, the next round retries: ${(error as Error).message}`, (error as Error).stack),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
