import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { RecordRefundUseCase } from '../use-cases/record-refund/record-refund.use-case';

@Injectable()
@HandlesMessage('payment.refunded')
export class PaymentRefundedHandler implements MessageHandler<'payment.refunded'> {
  constructor(private readonly recordRefund: RecordRefundUseCase) {}

  async handle(message: MessageOf<'payment.refunded'>, { manager }: MessageContext): Promise<void> {
    await this.recordRefund.execute(manager, message.payload);
  }
}
