import { RpcHandler } from '@app/platform';
import { CheckoutResource, CreateCheckoutRequest, GetCheckoutsRequest, PAYMENTS_RPC, PAYMENTS_RPC_TABLE } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { toCheckoutResource } from '../../payment/persistence/payment.mapper';
import { CreateCheckoutUseCase } from '../use-cases/create-checkout/create-checkout.use-case';
import { GetCheckoutsUseCase } from '../use-cases/get-checkouts/get-checkouts.use-case';

@Controller()
export class CheckoutRpcController {
  constructor(
    private readonly createCheckout: CreateCheckoutUseCase,
    private readonly getCheckouts: GetCheckoutsUseCase,
  ) {}

  @RpcHandler(PAYMENTS_RPC_TABLE, PAYMENTS_RPC.createCheckout)
  async create(request: CreateCheckoutRequest): Promise<CheckoutResource> {
    return toCheckoutResource(await this.createCheckout.execute(request));
  }

  @RpcHandler(PAYMENTS_RPC_TABLE, PAYMENTS_RPC.getCheckouts)
  getMany(request: GetCheckoutsRequest): Promise<Record<string, CheckoutResource | null>> {
    return this.getCheckouts.execute(request);
  }
}
