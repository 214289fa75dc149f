import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { bookingChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** Hands the change to every gateway process's live streams (LiveFeed.emit). */
@Injectable()
@HandlesMessage('booking.cancelled')
export class BookingCancelledLiveHandler implements MessageHandler<'booking.cancelled'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'booking.cancelled'>, context: MessageContext): Promise<void> {
    await this.feed.emit(bookingChangesOf(message), context.delivery);
  }
}
