import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { ExpireUnpaidBookingUseCase } from '../use-cases/expire-unpaid-booking/expire-unpaid-booking.use-case';

@Injectable()
@HandlesMessage('payment.failed')
export class PaymentFailedHandler implements MessageHandler<'payment.failed'> {
  constructor(private readonly expireUnpaidBooking: ExpireUnpaidBookingUseCase) {}

  async handle(message: MessageOf<'payment.failed'>, { manager }: MessageContext): Promise<void> {
    await this.expireUnpaidBooking.execute(manager, { bookingId: message.payload.bookingId, reason: 'payment_failed' });
  }
}
