import { SingleFlightInterval } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PAYMENTS_CONFIG, PaymentsConfig } from '../payments.config';
import { ReconcilePaymentsUseCase } from './reconcile-payments.use-case';

/** Runs the reconciler every RECONCILE_INTERVAL_SECONDS; a round another replica holds the lock for is skipped. */
@Injectable()
export class ReconcileScheduler extends SingleFlightInterval {
  constructor(
    private readonly reconcile: ReconcilePaymentsUseCase,
    registry: SchedulerRegistry,
    @Inject(PAYMENTS_CONFIG) config: PaymentsConfig,
  ) {
    super('payments-reconcile', config.reconcileIntervalSeconds * 1000, registry);
  }

  protected runOnce(): Promise<unknown> {
    return this.reconcile.execute({ everyOpenPayment: false, waitForLock: false });
  }
}
