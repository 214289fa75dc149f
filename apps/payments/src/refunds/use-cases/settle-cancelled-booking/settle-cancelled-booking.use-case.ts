import { CLOCK, Clock } from '@app/platform';
import { PayloadOf } from '@app/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { attentionItemRepository } from '../../../attention/persistence/attention-item.repository';
import { EntityManager } from 'typeorm';
import { ExpireOpenCheckoutsUseCase } from '../../../checkout/use-cases/expire-open-checkouts/expire-open-checkouts.use-case';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { RefundPaymentUseCase } from '../refund-payment/refund-payment.use-case';

/**
 * booking.cancelled, in its inbox transaction (DESIGN §6.5): a full refund of every payment that
 * kept money for the booking when booking asks for one, and no way left to pay: its open
 * Checkout Sessions are expired at Stripe.
 */
@Injectable()
export class SettleCancelledBookingUseCase {
  private readonly logger = new Logger(SettleCancelledBookingUseCase.name);

  constructor(
    private readonly refundPayment: RefundPaymentUseCase,
    private readonly expireOpenCheckouts: ExpireOpenCheckoutsUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(manager: EntityManager, cancelled: PayloadOf<'booking.cancelled'>): Promise<void> {
    // Lock order: every payment row of the booking first, in attempt order.
    const payments = await paymentRepository.lockByBooking(manager, cancelled.bookingId);
    if (cancelled.refund === 'full' && cancelled.wasPaid) {
      // A payment partly refunded outside (the Stripe Dashboard) has its remainder refunded.
      const kept = payments.filter((payment) => payment.status === 'succeeded' || payment.status === 'partially_refunded');
      for (const payment of kept) {
        await this.refundPayment.execute(manager, { paymentId: payment.id, reason: 'booking_cancelled' });
      }
      if (kept.length === 0 && !payments.some((payment) => payment.status === 'refund_pending' || payment.status === 'refunded')) {
        this.logger.warn(`Booking ${cancelled.bookingId} was cancelled as paid with a full refund, but no payment here kept money for it`);
      }
    }
    await this.expireOpenCheckouts.execute(manager, cancelled.bookingId);
    // Money refunded outside for a booking that will not take place is settled: nothing left to decide.
    await attentionItemRepository.close(manager, { bookingId: cancelled.bookingId }, ['refunded_outside'], `booking cancelled by ${cancelled.cancelledBy}`, this.clock.now());
  }
}
