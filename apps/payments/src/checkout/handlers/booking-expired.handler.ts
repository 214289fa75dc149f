import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { ExpireOpenCheckoutsUseCase } from '../use-cases/expire-open-checkouts/expire-open-checkouts.use-case';

/**
 * The booking's hold lapsed (or its checkout expired or failed): close its open Checkout
 * Sessions so nobody pays for a slot that is no longer held. A payment completed anyway
 * arrives as a late payment and booking decides.
 */
@Injectable()
@HandlesMessage('booking.expired')
export class BookingExpiredHandler implements MessageHandler<'booking.expired'> {
  constructor(private readonly expireOpenCheckouts: ExpireOpenCheckoutsUseCase) {}

  async handle(message: MessageOf<'booking.expired'>, { manager }: MessageContext): Promise<void> {
    await this.expireOpenCheckouts.execute(manager, message.payload.bookingId);
  }
}
