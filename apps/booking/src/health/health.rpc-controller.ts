import { RpcHandler } from '@app/platform';
import { Controller } from '@nestjs/common';
import { BOOKING_RPC, BOOKING_RPC_TABLE } from '@app/contracts';

/** The gateway's /health asks this to know the booking service answers RPC. */
@Controller()
export class HealthRpcController {
  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.health)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
