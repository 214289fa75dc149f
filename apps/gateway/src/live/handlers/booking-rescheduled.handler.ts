import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { bookingRescheduledChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** The booking at its new time, to its customer's and barber's pages (the slots follow as slot.changed). */
@Injectable()
@HandlesMessage('booking.rescheduled')
export class BookingRescheduledLiveHandler implements MessageHandler<'booking.rescheduled'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'booking.rescheduled'>, context: MessageContext): Promise<void> {
    await this.feed.emit(bookingRescheduledChangesOf(message), context.delivery);
  }
}
