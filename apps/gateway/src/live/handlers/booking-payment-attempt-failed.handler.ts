import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { bookingAttemptFailedChangesOf } from '../live-change';
import { LiveFeed } from '../live-feed';

/** A declined card on the booking's open Checkout Session, on its live feed. */
@Injectable()
@HandlesMessage('booking.payment_attempt_failed')
export class BookingPaymentAttemptFailedLiveHandler implements MessageHandler<'booking.payment_attempt_failed'> {
  constructor(private readonly feed: LiveFeed) {}

  async handle(message: MessageOf<'booking.payment_attempt_failed'>, context: MessageContext): Promise<void> {
    await this.feed.emit(bookingAttemptFailedChangesOf(message), context.delivery);
  }
}
