import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { bookingChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** Hands the change to every gateway process's live streams (LiveFeed.emit). */
@Injectable()
@HandlesMessage('booking.confirmed')
export class BookingConfirmedLiveHandler implements MessageHandler<'booking.confirmed'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'booking.confirmed'>, context: MessageContext): Promise<void> {
    await this.feed.emit(bookingChangesOf(message), context.delivery);
  }
}
