import { RpcHandler } from '@app/platform';
import { AttentionItemResource, ForbiddenError, ListAttentionRequest, PAYMENTS_RPC, PAYMENTS_RPC_TABLE } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { ListAttentionUseCase } from '../use-cases/list-attention/list-attention.use-case';

/** GET /admin/attention: admins only (the gateway checks, so do we). */
@Controller()
export class AttentionRpcController {
  constructor(private readonly listAttention: ListAttentionUseCase) {}

  @RpcHandler(PAYMENTS_RPC_TABLE, PAYMENTS_RPC.listAttention)
  list(request: ListAttentionRequest): Promise<AttentionItemResource[]> {
    if (request?.actor?.role !== 'admin')
      throw new ForbiddenError('Only an admin can see what needs attention.');
    return this.listAttention.execute();
  }
}
