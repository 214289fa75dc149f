import { RpcHandler } from '@app/platform';
import { PAYMENTS_RPC, PAYMENTS_RPC_TABLE } from '@app/contracts';
import { Controller } from '@nestjs/common';

/** The gateway's /health asks this to know the payments service answers RPC. */
@Controller()
export class HealthRpcController {
  @RpcHandler(PAYMENTS_RPC_TABLE, PAYMENTS_RPC.health)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
