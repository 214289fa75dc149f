import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { AnnouncePaymentAttemptFailedUseCase } from '../use-cases/announce-payment-attempt-failed/announce-payment-attempt-failed.use-case';

@Injectable()
@HandlesMessage('payment.attempt_failed')
export class PaymentAttemptFailedHandler implements MessageHandler<'payment.attempt_failed'> {
  constructor(private readonly announce: AnnouncePaymentAttemptFailedUseCase) {}

  async handle(
    message: MessageOf<'payment.attempt_failed'>,
    { manager }: MessageContext,
  ): Promise<void> {
    await this.announce.execute(manager, message.payload);
  }
}
