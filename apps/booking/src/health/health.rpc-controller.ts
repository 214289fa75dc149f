import { BOOKING_RPC } from '@app/contracts';
import { MessagePattern } from '@nestjs/microservices';
import { RpcController } from '../shared/rpc/rpc-controller.decorator';

/** The gateway's /health asks this to know the booking service answers RPC. */
@RpcController()
export class HealthRpcController {
  @MessagePattern(BOOKING_RPC.health)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
