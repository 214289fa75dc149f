import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { ExpireUnpaidBookingUseCase } from '../use-cases/expire-unpaid-booking/expire-unpaid-booking.use-case';

@Injectable()
@HandlesMessage('payment.expired')
export class PaymentExpiredHandler implements MessageHandler<'payment.expired'> {
  constructor(private readonly expireUnpaidBooking: ExpireUnpaidBookingUseCase) {}

  async handle(message: MessageOf<'payment.expired'>, { manager }: MessageContext): Promise<void> {
    await this.expireUnpaidBooking.execute(manager, { bookingId: message.payload.bookingId, reason: 'checkout_expired' });
  }
}
