import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { ApplyBookingFactUseCase, bookingFactOf } from '../use-cases/apply-booking-fact/apply-booking-fact.use-case';

/** DESIGN §6.7: the appointment's times follow its booking to its new slots. */
@Injectable()
@HandlesMessage('booking.rescheduled')
export class BookingRescheduledHandler implements MessageHandler<'booking.rescheduled'> {
  constructor(private readonly applyBookingFact: ApplyBookingFactUseCase) {}

  async handle(message: MessageOf<'booking.rescheduled'>, { manager }: MessageContext): Promise<void> {
    await this.applyBookingFact.execute(manager, bookingFactOf(message));
  }
}
