import { CLOCK, Clock } from '@app/platform';
import { PayloadOf } from '@app/contracts';
import { OutboxWriter, PoisonMessageError } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { speaksForBookingMoney } from '../../domain/booking-payment';
import { bookingPaymentStatusChangedPayload } from '../../persistence/booking.mapper';
import { bookingRepository } from '../../persistence/booking.repository';
import { rejectedPaymentRepository } from '../../persistence/rejected-payment.repository';

/**
 * payment.status_changed, inside its inbox transaction (DESIGN §5): a refund that failed, a
 * dispute opened or closed, a refund made outside the system. Only the booking's paymentStatus
 * changes, never its status; the newest revision wins whatever the delivery order, and the change
 * goes to the live feeds as booking.payment_status_changed.
 */
@Injectable()
export class RecordPaymentStatusChangeUseCase {
  private readonly logger = new Logger(RecordPaymentStatusChangeUseCase.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    manager: EntityManager,
    change: PayloadOf<'payment.status_changed'>,
  ): Promise<void> {
    const booking = await bookingRepository.lockById(manager, change.bookingId);
    if (!booking)
      throw new PoisonMessageError(
        `payment.status_changed for unknown booking ${change.bookingId}`,
      );
    const rejected = await rejectedPaymentRepository.findByPaymentId(manager, change.paymentId);
    if (!speaksForBookingMoney(booking, change.paymentId, rejected !== null)) {
      this.logger.warn(
        `Payment ${change.paymentId} is now ${change.paymentStatus} (${change.detail}), but booking ${booking.id} never kept or refused it`,
      );
      return;
    }
    const changed = {
      ...booking,
      paymentStatus: change.paymentStatus,
      updatedAt: this.clock.now(),
    };
    if (!(await bookingRepository.savePaymentStatusAtRevision(manager, changed, change.revision)))
      return;
    await this.outbox.publish(
      manager,
      'booking.payment_status_changed',
      bookingPaymentStatusChangedPayload(changed, change.paymentId),
    );
  }
}
