import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { bookingChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** Publishes the change to every gateway process's live streams. */
@Injectable()
@HandlesMessage('booking.cancelled')
export class BookingCancelledLiveHandler implements MessageHandler<'booking.cancelled'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'booking.cancelled'>): Promise<void> {
    await this.feed.publish(bookingChangesOf(message));
  }
}
