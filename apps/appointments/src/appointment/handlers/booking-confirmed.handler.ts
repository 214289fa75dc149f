import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { ApplyBookingFactUseCase, bookingFactOf } from '../use-cases/apply-booking-fact/apply-booking-fact.use-case';

@Injectable()
@HandlesMessage('booking.confirmed')
export class BookingConfirmedHandler implements MessageHandler<'booking.confirmed'> {
  constructor(private readonly applyBookingFact: ApplyBookingFactUseCase) {}

  async handle(message: MessageOf<'booking.confirmed'>, { manager }: MessageContext): Promise<void> {
    await this.applyBookingFact.execute(manager, bookingFactOf(message), { bookingLinked: message.payload.appointmentId !== null });
  }
}
