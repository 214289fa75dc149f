import { CLOCK, Clock } from '@app/platform';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { attentionItemRepository } from '../../../attention/persistence/attention-item.repository';
import { bookingPaymentStatusOf, formatMoney } from '../../../payment/domain/money';
import { Payment } from '../../../payment/domain/payment';
import { paymentStatusChangedPayload } from '../../../payment/persistence/payment.mapper';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { Refund } from '../../domain/refund';
import { ChargeReport, decideChargeRefundedOutside } from '../../domain/refund-reports';

export type RefundedOutsideOutcome = 'refunded_outside' | 'no_change';

/**
 * charge.refunded saying more went back than we asked for (a refund made in the Stripe
 * Dashboard), in the webhook's transaction (DESIGN §5): the payment becomes refunded or
 * partially_refunded, an attention item `refunded_outside` opens (closed when the booking is
 * cancelled), a refund_failed item closes once the charge is refunded in full, and booking hears
 * of it as payment.status_changed; the booking's own status is not changed.
 */
@Injectable()
export class RecordRefundedOutsideUseCase {
  private readonly logger = new Logger(RecordRefundedOutsideUseCase.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    manager: EntityManager,
    payment: Payment,
    refund: Refund | null,
    charge: ChargeReport,
    source: string,
  ): Promise<RefundedOutsideOutcome> {
    const now = this.clock.now();
    const decision = decideChargeRefundedOutside(payment, refund, charge, now);
    if (decision.kind === 'none') {
      this.logger.debug(`${source} changes nothing for payment ${payment.id}: ${decision.why}`);
      return 'no_change';
    }
    const refunded = decision.payment;
    await paymentRepository.save(manager, refunded, payment.status);
    const amount = formatMoney(decision.outsideCents, refunded.paidCurrency ?? refunded.currency);
    await attentionItemRepository.open(manager, {
      kind: 'refunded_outside',
      bookingId: refunded.bookingId,
      paymentId: refunded.id,
      detail: `${amount} was refunded outside the system (the Stripe Dashboard); the payment is now ${refunded.status.replace('_', ' ')} and the booking was not changed. Cancel the booking if it should not take place.`,
      dueBy: null,
      now,
    });
    if (refunded.status === 'refunded') {
      await attentionItemRepository.close(
        manager,
        { paymentId: refunded.id },
        ['refund_failed'],
        'the charge was refunded in full',
        now,
      );
    }
    const status = bookingPaymentStatusOf(refunded.status);
    if (status !== null && refunded.flaggedReason === null) {
      await this.outbox.publish(
        manager,
        'payment.status_changed',
        paymentStatusChangedPayload(refunded, status, `${amount} refunded outside the system`),
      );
    }
    this.logger.warn(
      `${source}: ${amount} of payment ${refunded.id} (booking ${refunded.bookingId}) was refunded outside the system`,
    );
    return 'refunded_outside';
  }
}
