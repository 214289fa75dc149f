import { CLOCK, Clock } from '@app/platform';
import { PayloadOf } from '@app/contracts';
import { OutboxWriter, PoisonMessageError } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { paymentStatusAfterRefund } from '../../domain/booking-payment';
import { bookingPaymentStatusChangedPayload } from '../../persistence/booking.mapper';
import { bookingRepository } from '../../persistence/booking.repository';
import { rejectedPaymentRepository } from '../../persistence/rejected-payment.repository';

/**
 * payment.refunded, inside its inbox transaction: the booking's paymentStatus becomes
 * `refunded` (from refund_pending or paid) whatever its status, when the refunded payment is
 * the one that paid it, or the last outstanding refused payment of a booking that kept none.
 * The refund of a refused second payment leaves a paid booking paid. A change goes to the live
 * feeds as booking.payment_status_changed.
 */
@Injectable()
export class RecordRefundUseCase {
  private readonly logger = new Logger(RecordRefundUseCase.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(manager: EntityManager, refund: PayloadOf<'payment.refunded'>): Promise<void> {
    const now = this.clock.now();
    const booking = await bookingRepository.lockById(manager, refund.bookingId);
    if (!booking) throw new PoisonMessageError(`payment.refunded for unknown booking ${refund.bookingId}`);
    const rejected = await rejectedPaymentRepository.findByPaymentId(manager, refund.paymentId);
    if (rejected) await rejectedPaymentRepository.markRefunded(manager, refund.paymentId, now);
    else if (booking.paymentId !== refund.paymentId) {
      this.logger.warn(`Refund ${refund.refundId} of payment ${refund.paymentId}, which booking ${booking.id} never kept or refused`);
    }
    const paymentStatus = paymentStatusAfterRefund(booking, {
      paymentId: refund.paymentId,
      wasRejected: rejected !== null,
      rejectedStillUnrefunded: await rejectedPaymentRepository.countUnrefunded(manager, booking.id),
    });
    if (paymentStatus !== booking.paymentStatus) {
      const changed = { ...booking, paymentStatus, updatedAt: now };
      await bookingRepository.savePaymentStatus(manager, changed);
      await this.outbox.publish(manager, 'booking.payment_status_changed', bookingPaymentStatusChangedPayload(changed, refund.paymentId));
    }
  }
}
