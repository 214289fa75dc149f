import { CheckoutResource, CreateCheckoutRequest, GetCheckoutsRequest, PAYMENTS_RPC } from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { toCheckoutResource } from '../../payment/persistence/payment.mapper';
import { CreateCheckoutUseCase } from '../use-cases/create-checkout/create-checkout.use-case';
import { GetCheckoutsUseCase } from '../use-cases/get-checkouts/get-checkouts.use-case';

@Controller()
export class CheckoutRpcController {
  constructor(
    private readonly createCheckout: CreateCheckoutUseCase,
    private readonly getCheckouts: GetCheckoutsUseCase,
  ) {}

  @MessagePattern(PAYMENTS_RPC.createCheckout)
  async create(@Payload() request: CreateCheckoutRequest): Promise<CheckoutResource> {
    return toCheckoutResource(await this.createCheckout.execute(request));
  }

  @MessagePattern(PAYMENTS_RPC.getCheckouts)
  getMany(@Payload() request: GetCheckoutsRequest): Promise<Record<string, CheckoutResource | null>> {
    return this.getCheckouts.execute(request);
  }
}
