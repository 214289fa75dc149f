import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { SettleCancelledBookingUseCase } from '../use-cases/settle-cancelled-booking/settle-cancelled-booking.use-case';
import { deadLetterRefusals } from './refund-refusal';

@Injectable()
@HandlesMessage('booking.cancelled')
export class BookingCancelledHandler implements MessageHandler<'booking.cancelled'> {
  constructor(private readonly settle: SettleCancelledBookingUseCase) {}

  async handle(message: MessageOf<'booking.cancelled'>, { manager }: MessageContext): Promise<void> {
    await deadLetterRefusals(() => this.settle.execute(manager, message.payload));
  }
}
