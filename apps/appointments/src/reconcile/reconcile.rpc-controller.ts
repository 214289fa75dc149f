import { RpcHandler } from '@app/platform';
import { ForbiddenError, parseActor, RECONCILE_RPC, ReconcileReport, ReconcileRequest, APPOINTMENTS_RPC_TABLE } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { ReconcileAppointmentsUseCase } from './reconcile-appointments.use-case';

@Controller()
export class ReconcileRpcController {
  constructor(private readonly reconcile: ReconcileAppointmentsUseCase) {}

  /** POST /admin/reconcile: an admin only; waits for a run another replica has in progress. */
  @RpcHandler(APPOINTMENTS_RPC_TABLE, RECONCILE_RPC.appointments)
  async run(request: ReconcileRequest): Promise<ReconcileReport> {
    if (parseActor(request?.actor).role !== 'admin') throw new ForbiddenError();
    return (await this.reconcile.execute({ wait: true })) ?? {};
  }
}
