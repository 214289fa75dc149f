import { PayloadOf } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { bookingPaymentAttemptFailedPayload } from '../../persistence/booking.mapper';
import { bookingRepository } from '../../persistence/booking.repository';

/**
 * payment.attempt_failed (a declined card on the open Checkout Session, DESIGN §5): nothing
 * changes here — the hold stands and the customer may try again — but the booking's live feed
 * shows the sentence at once (booking.payment_attempt_failed). A booking no longer waiting for
 * payment says nothing: the decline is history.
 */
@Injectable()
export class AnnouncePaymentAttemptFailedUseCase {
  constructor(private readonly outbox: OutboxWriter) {}

  async execute(
    manager: EntityManager,
    attempt: PayloadOf<'payment.attempt_failed'>,
  ): Promise<boolean> {
    const booking = await bookingRepository.findById(manager, attempt.bookingId);
    if (!booking || booking.status !== 'pending_payment') return false;
    await this.outbox.publish(
      manager,
      'booking.payment_attempt_failed',
      bookingPaymentAttemptFailedPayload(booking, attempt),
    );
    return true;
  }
}
