import { RECONCILE_RPC, ReconcileReport, ReconcileRequest } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ForbiddenError } from '../shared/domain/common.errors';
import { RECONCILE_KINDS, ReconcilePaymentsUseCase } from './reconcile-payments.use-case';

/**
 * POST /admin/reconcile, payments' part: admins only (the gateway checks, so do we). Asks Stripe
 * about every open payment now. If a scheduled round holds the lock, this waits for it to end and
 * then runs (so the answer always covers a full run made after the request).
 */
@Controller()
export class ReconcileRpcController {
  constructor(private readonly reconcile: ReconcilePaymentsUseCase) {}

  @MessagePattern(RECONCILE_RPC.payments)
  async run(@Payload() request: ReconcileRequest): Promise<ReconcileReport> {
    if (request?.actor?.role !== 'admin') throw new ForbiddenError('Only an admin can run the reconciler.');
    const report = await this.reconcile.execute({ everyOpenPayment: true, waitForLock: true });
    return report ?? Object.fromEntries(RECONCILE_KINDS.map((kind) => [kind, 0]));
  }
}
