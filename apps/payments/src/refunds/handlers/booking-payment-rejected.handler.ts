import { MessageOf } from '@app/contracts';
import { HandlesMessage, MessageContext, MessageHandler, PoisonMessageError } from '@app/messaging';
import { Injectable } from '@nestjs/common';
import { RefundPaymentUseCase } from '../use-cases/refund-payment/refund-payment.use-case';
import { deadLetterRefusals } from './refund-refusal';

/** Booking cannot keep this payment (DESIGN §6.4, late payment): refund it in full. */
@Injectable()
@HandlesMessage('booking.payment_rejected')
export class BookingPaymentRejectedHandler implements MessageHandler<'booking.payment_rejected'> {
  constructor(private readonly refundPayment: RefundPaymentUseCase) {}

  async handle(message: MessageOf<'booking.payment_rejected'>, { manager }: MessageContext): Promise<void> {
    const { bookingId, paymentId, reason } = message.payload;
    const outcome = await deadLetterRefusals(() => this.refundPayment.execute(manager, { paymentId, reason: 'payment_rejected' }));
    switch (outcome) {
      case 'unknown_payment':
      case 'nothing_to_refund':
        // Booking only rejects payments we announced as succeeded: this is drift a human must see.
        throw new PoisonMessageError(`Cannot refund rejected payment ${paymentId} of booking ${bookingId} (${reason}): ${outcome.replace(/_/g, ' ')}`);
      case 'refunded':
      case 'waiting':
      case 'failed':
      case 'nothing_pending':
        return;
    }
  }
}
