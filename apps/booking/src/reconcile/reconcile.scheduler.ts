import { SingleFlightInterval } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BOOKING_CONFIG, BookingConfig } from '../booking.config';
import { ReconcileBookingUseCase } from './reconcile-booking.use-case';

/** Runs the reconciler every RECONCILE_INTERVAL_SECONDS; a round another replica holds the lock for is skipped. */
@Injectable()
export class ReconcileScheduler extends SingleFlightInterval {
  constructor(
    private readonly reconcile: ReconcileBookingUseCase,
    registry: SchedulerRegistry,
    @Inject(BOOKING_CONFIG) config: BookingConfig,
  ) {
    super('reconcile-booking', config.reconcileIntervalSeconds * 1000, registry);
  }

  protected runOnce(): Promise<unknown> {
    return this.reconcile.execute({ wait: false });
  }
}
