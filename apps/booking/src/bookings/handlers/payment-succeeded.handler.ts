import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { ApplyPaymentSuccessUseCase } from '../use-cases/apply-payment-success/apply-payment-success.use-case';

@Injectable()
@HandlesMessage('payment.succeeded')
export class PaymentSucceededHandler implements MessageHandler<'payment.succeeded'> {
  constructor(private readonly applyPaymentSuccess: ApplyPaymentSuccessUseCase) {}

  async handle(message: MessageOf<'payment.succeeded'>, { manager }: MessageContext): Promise<void> {
    await this.applyPaymentSuccess.execute(manager, message.payload);
  }
}
