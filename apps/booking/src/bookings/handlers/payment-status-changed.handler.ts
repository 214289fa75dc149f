import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { RecordPaymentStatusChangeUseCase } from '../use-cases/record-payment-status-change/record-payment-status-change.use-case';

@Injectable()
@HandlesMessage('payment.status_changed')
export class PaymentStatusChangedHandler implements MessageHandler<'payment.status_changed'> {
  constructor(private readonly recordChange: RecordPaymentStatusChangeUseCase) {}

  async handle(
    message: MessageOf<'payment.status_changed'>,
    { manager }: MessageContext,
  ): Promise<void> {
    await this.recordChange.execute(manager, message.payload);
  }
}
