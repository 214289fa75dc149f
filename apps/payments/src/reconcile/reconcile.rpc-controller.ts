import { RpcHandler } from '@app/platform';
import { ForbiddenError, PAYMENTS_INTERNAL_RPC, RECONCILE_RPC, ReconcileReport, ReconcileRequest, SettleBookingsRequest, SettleBookingsResponse, ValidationFailedError, PAYMENTS_RPC_TABLE } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { RECONCILE_KINDS, ReconcilePaymentsUseCase } from './reconcile-payments.use-case';
import { SettleBookingsUseCase } from './use-cases/settle-bookings/settle-bookings.use-case';

/**
 * POST /admin/reconcile, payments' part: admins only (the gateway checks, so do we). Asks Stripe
 * about every open payment now. If a scheduled round holds the lock, this waits for it to end and
 * then runs (so the answer always covers a full run made after the request).
 */
@Controller()
export class ReconcileRpcController {
  constructor(
    private readonly reconcile: ReconcilePaymentsUseCase,
    private readonly settle: SettleBookingsUseCase,
  ) {}

  @RpcHandler(PAYMENTS_RPC_TABLE, RECONCILE_RPC.payments)
  async run(request: ReconcileRequest): Promise<ReconcileReport> {
    if (request?.actor?.role !== 'admin') throw new ForbiddenError('Only an admin can run the reconciler.');
    const report = await this.reconcile.execute({ everyOpenPayment: true, waitForLock: true });
    return report ?? Object.fromEntries(RECONCILE_KINDS.map((kind) => [kind, 0]));
  }

  /** Booking's reconciler asks about bookings whose hold lapsed unpaid (internal network only). */
  @RpcHandler(PAYMENTS_RPC_TABLE, PAYMENTS_INTERNAL_RPC.settleBookings)
  async settleBookings(request: SettleBookingsRequest): Promise<SettleBookingsResponse> {
    const ids: unknown = request?.bookingIds;
    if (!Array.isArray(ids) || ids.length > MAX_SETTLE || !ids.every((id): id is string => typeof id === 'string' && UUID.test(id))) {
      throw new ValidationFailedError([{ field: 'bookingIds', message: `must be an array of at most ${MAX_SETTLE} booking ids (UUIDs)` }]);
    }
    return this.settle.execute(ids);
  }
}

const MAX_SETTLE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
