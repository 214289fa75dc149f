import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { ApplyBookingFactUseCase, bookingFactOf } from '../use-cases/apply-booking-fact/apply-booking-fact.use-case';

@Injectable()
@HandlesMessage('booking.expired')
export class BookingExpiredHandler implements MessageHandler<'booking.expired'> {
  constructor(private readonly applyBookingFact: ApplyBookingFactUseCase) {}

  async handle(message: MessageOf<'booking.expired'>, { manager }: MessageContext): Promise<void> {
    await this.applyBookingFact.execute(manager, bookingFactOf(message));
  }
}
