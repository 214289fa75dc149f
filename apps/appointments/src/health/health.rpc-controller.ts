import { RpcHandler } from '@app/platform';
import { APPOINTMENTS_RPC, APPOINTMENTS_RPC_TABLE } from '@app/contracts';
import { Controller } from '@nestjs/common';

/** The gateway's /health asks this to know the appointments service answers RPC. */
@Controller()
export class HealthRpcController {
  @RpcHandler(APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.health)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
