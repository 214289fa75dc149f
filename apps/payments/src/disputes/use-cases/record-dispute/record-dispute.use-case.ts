import { CLOCK, Clock } from '@app/platform';
import { OutboxWriter } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { attentionItemRepository } from '../../../attention/persistence/attention-item.repository';
import {
  DisputeReport,
  bookingPaymentStatusOf,
  decideDispute,
  formatMoney,
} from '../../../payment/domain/money';
import { Payment } from '../../../payment/domain/payment';
import { paymentStatusChangedPayload } from '../../../payment/persistence/payment.mapper';
import { paymentRepository } from '../../../payment/persistence/payment.repository';

export type DisputeOutcome = 'dispute_opened' | 'dispute_updated' | 'dispute_closed' | 'no_change';

/**
 * A dispute (chargeback) on a payment's charge, in the webhook's transaction (DESIGN §5):
 * opened → disputed and an attention item `dispute_open` carrying the evidence due date (kept up
 * to date by `updated`); closed won → paid again, lost → dispute_lost, and the item closes. The
 * booking hears of it as payment.status_changed; its own status is never changed.
 */
@Injectable()
export class RecordDisputeUseCase {
  private readonly logger = new Logger(RecordDisputeUseCase.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    manager: EntityManager,
    payment: Payment,
    dispute: DisputeReport,
    source: string,
  ): Promise<DisputeOutcome> {
    const now = this.clock.now();
    const decision = decideDispute(payment, dispute, now);
    if (decision.kind === 'none') {
      this.logger.debug(`${source} changes nothing for payment ${payment.id}: ${decision.why}`);
      return 'no_change';
    }
    await paymentRepository.save(manager, decision.payment, payment.status);
    if (decision.kind === 'closed') {
      await attentionItemRepository.close(
        manager,
        { paymentId: payment.id },
        ['dispute_open'],
        `dispute ${dispute.disputeId} ${decision.outcome}`,
        now,
      );
    } else {
      const amount = formatMoney(
        payment.paidAmountCents ?? payment.amountCents,
        payment.paidCurrency ?? payment.currency,
      );
      const due = decision.payment.disputeEvidenceDueBy;
      await attentionItemRepository.open(manager, {
        kind: 'dispute_open',
        bookingId: payment.bookingId,
        paymentId: payment.id,
        detail: `The customer disputed ${amount} (dispute ${dispute.disputeId}, ${dispute.status}). Submit evidence in the Stripe Dashboard${due ? ` by ${due.toISOString()}` : ''}.`,
        dueBy: due,
        now,
      });
    }
    const status = bookingPaymentStatusOf(decision.payment.status);
    // A payment refused for its amount was never announced to booking; an update changes no status.
    if (decision.kind !== 'updated' && status !== null && payment.flaggedReason === null) {
      await this.outbox.publish(
        manager,
        'payment.status_changed',
        paymentStatusChangedPayload(
          decision.payment,
          status,
          `dispute ${dispute.disputeId} ${dispute.status}`,
        ),
      );
    }
    this.logger.warn(
      `${source}: dispute ${dispute.disputeId} (${dispute.status}) on payment ${payment.id} of booking ${payment.bookingId}`,
    );
    switch (decision.kind) {
      case 'opened':
        return 'dispute_opened';
      case 'updated':
        return 'dispute_updated';
      case 'closed':
        return 'dispute_closed';
    }
  }
}
