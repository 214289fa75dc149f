import { CLOCK, Clock } from '@app/platform';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { attentionItemRepository } from '../../../attention/persistence/attention-item.repository';
import { bookingPaymentStatusOf, formatMoney } from '../../../payment/domain/money';
import { Payment } from '../../../payment/domain/payment';
import { paymentStatusChangedPayload } from '../../../payment/persistence/payment.mapper';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { Refund, announcesRefund, completeRefund } from '../../domain/refund';
import { RefundReport, decideRefundReport, refundFailed } from '../../domain/refund-reports';
import { paymentRefundedPayload } from '../../persistence/refund.mapper';
import { refundRepository } from '../../persistence/refund.repository';

export type RefundReportOutcome = 'refunded' | 'refund_failed' | 'waiting' | 'no_change';

/**
 * What Stripe says about our refund of a payment, from whichever source (the answer to our
 * refund call, a refund.* / charge.refund.updated webhook, the reconciler's lookup), applied
 * under the payment's lock in the caller's transaction (DESIGN §5):
 * - succeeded: payment refunded, payment.refunded written once; what waited on it closes;
 * - failed / canceled: payment refund_failed, payment.status_changed, and an attention item
 *   `refund_failed`: the customer is still owed the money and a person must act;
 * - pending: its Stripe id is recorded, nothing else.
 */
@Injectable()
export class RecordRefundReportUseCase {
  private readonly logger = new Logger(RecordRefundReportUseCase.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    manager: EntityManager,
    payment: Payment,
    refund: Refund | null,
    report: RefundReport,
  ): Promise<RefundReportOutcome> {
    const now = this.clock.now();
    const decision = decideRefundReport(payment, refund, report);
    if (refund === null || decision.kind === 'none') {
      this.logger.debug(
        `Refund ${report.stripeRefundId} (${report.status}) changes nothing for payment ${payment.id}: ${decision.kind === 'none' ? decision.why : ''}`,
      );
      return 'no_change';
    }
    switch (decision.kind) {
      case 'record_id':
        await refundRepository.save(manager, {
          ...refund,
          stripeRefundId: report.stripeRefundId,
          updatedAt: now,
        });
        return 'waiting';
      case 'succeeded': {
        const done = completeRefund(
          payment,
          refund,
          {
            stripeRefundId: report.stripeRefundId,
            amountCents: report.amountCents,
            currency: report.currency,
          },
          now,
        );
        await paymentRepository.save(manager, done.payment, payment.status);
        await refundRepository.save(manager, done.refund);
        if (announcesRefund(done.refund)) {
          await this.outbox.publish(
            manager,
            'payment.refunded',
            paymentRefundedPayload(done.payment, {
              ...done.refund,
              stripeRefundId: report.stripeRefundId,
            }),
          );
        }
        await attentionItemRepository.close(
          manager,
          { paymentId: payment.id },
          ['payment_flagged', 'refund_failed'],
          'the refund succeeded',
          now,
        );
        this.logger.log(
          `Payment ${payment.id} of booking ${payment.bookingId} refunded (${report.stripeRefundId}, ${refund.reason})`,
        );
        return 'refunded';
      }
      case 'failed': {
        const failed = refundFailed(payment, now);
        await paymentRepository.save(manager, failed, payment.status);
        await refundRepository.save(manager, {
          ...refund,
          stripeRefundId: report.stripeRefundId,
          status: decision.status,
          failureReason: report.failureReason,
          updatedAt: now,
        });
        const amount = formatMoney(refund.amountCents, refund.currency);
        const why =
          report.failureReason === null
            ? decision.status
            : `${decision.status}: ${report.failureReason}`;
        await attentionItemRepository.open(manager, {
          kind: 'refund_failed',
          bookingId: payment.bookingId,
          paymentId: payment.id,
          detail: `Refund ${report.stripeRefundId} of ${amount} ${why}. The customer is still owed ${amount}: refund them another way.`,
          dueBy: null,
          now,
        });
        if (announcesRefund(refund) && bookingPaymentStatusOf(failed.status) !== null) {
          await this.outbox.publish(
            manager,
            'payment.status_changed',
            paymentStatusChangedPayload(failed, 'refund_failed', `refund ${why}`),
          );
        }
        this.logger.error(
          `Refund ${report.stripeRefundId} of payment ${payment.id} (booking ${payment.bookingId}) ${why}: the money was not returned, a human must act`,
        );
        return 'refund_failed';
      }
    }
  }
}
