import { SingleFlightInterval } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BOOKING_CONFIG, BookingConfig } from '../../booking.config';
import { ExpireLapsedHoldsUseCase } from '../use-cases/expire-lapsed-holds/expire-lapsed-holds.use-case';

/** Sweeps lapsed holds every HOLD_EXPIRY_INTERVAL_SECONDS; one sweep at a time per process. */
@Injectable()
export class HoldExpiryScheduler extends SingleFlightInterval {
  constructor(
    private readonly expireLapsedHolds: ExpireLapsedHoldsUseCase,
    registry: SchedulerRegistry,
    @Inject(BOOKING_CONFIG) config: BookingConfig,
  ) {
    super('expire-lapsed-holds', config.holdExpiryIntervalSeconds * 1000, registry);
  }

  protected runOnce(): Promise<unknown> {
    return this.expireLapsedHolds.execute();
  }
}
