import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { ApplyBookingFactUseCase, bookingFactOf } from '../use-cases/apply-booking-fact/apply-booking-fact.use-case';

@Injectable()
@HandlesMessage('booking.created')
export class BookingCreatedHandler implements MessageHandler<'booking.created'> {
  constructor(private readonly applyBookingFact: ApplyBookingFactUseCase) {}

  async handle(message: MessageOf<'booking.created'>, { manager }: MessageContext): Promise<void> {
    // v2 names the appointment booking recorded; a v1 (upcast: null) comes from a booking made before that.
    await this.applyBookingFact.execute(manager, bookingFactOf(message), { bookingLinked: message.payload.appointmentId !== null });
  }
}
