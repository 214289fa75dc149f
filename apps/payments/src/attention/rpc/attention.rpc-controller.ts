import { AttentionItemResource, ForbiddenError, ListAttentionRequest, PAYMENTS_RPC } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListAttentionUseCase } from '../use-cases/list-attention/list-attention.use-case';

/** GET /admin/attention: admins only (the gateway checks, so do we). */
@Controller()
export class AttentionRpcController {
  constructor(private readonly listAttention: ListAttentionUseCase) {}

  @MessagePattern(PAYMENTS_RPC.listAttention)
  list(@Payload() request: ListAttentionRequest): Promise<AttentionItemResource[]> {
    if (request?.actor?.role !== 'admin')
      throw new ForbiddenError('Only an admin can see what needs attention.');
    return this.listAttention.execute();
  }
}
