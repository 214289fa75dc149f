import { Controller } from '@nestjs/common';
import { BOOKING_RPC } from '@app/contracts';
import { MessagePattern } from '@nestjs/microservices';

/** The gateway's /health asks this to know the booking service answers RPC. */
@Controller()
export class HealthRpcController {
  @MessagePattern(BOOKING_RPC.health)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
