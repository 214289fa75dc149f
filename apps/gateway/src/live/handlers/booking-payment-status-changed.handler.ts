import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { bookingChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** A refund, a failed refund, a dispute: the booking's paymentStatus on its live feed. */
@Injectable()
@HandlesMessage('booking.payment_status_changed')
export class BookingPaymentStatusChangedLiveHandler implements MessageHandler<'booking.payment_status_changed'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'booking.payment_status_changed'>, context: MessageContext): Promise<void> {
    await this.feed.emit(bookingChangesOf(message), context.delivery);
  }
}
