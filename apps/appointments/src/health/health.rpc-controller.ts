import { APPOINTMENTS_RPC } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

/** The gateway's /health asks this to know the appointments service answers RPC. */
@Controller()
export class HealthRpcController {
  @MessagePattern(APPOINTMENTS_RPC.health)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
