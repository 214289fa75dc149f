import { SingleFlightInterval } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APPOINTMENTS_CONFIG, AppointmentsConfig } from '../appointments.config';
import { ReconcileAppointmentsUseCase } from './reconcile-appointments.use-case';

/** Runs the reconciler every RECONCILE_INTERVAL_SECONDS; a round another replica holds the lock for is skipped. */
@Injectable()
export class ReconcileScheduler extends SingleFlightInterval {
  constructor(
    private readonly reconcile: ReconcileAppointmentsUseCase,
    registry: SchedulerRegistry,
    @Inject(APPOINTMENTS_CONFIG) config: AppointmentsConfig,
  ) {
    super('reconcile-appointments', config.reconcileIntervalSeconds * 1000, registry);
  }

  protected runOnce(): Promise<unknown> {
    return this.reconcile.execute({ wait: false });
  }
}
