import { CLOCK, Clock } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { RefundReason, decideRefundRequest, openRefund } from '../../domain/refund';
import { refundRepository } from '../../persistence/refund.repository';
import { IssueRefundOutcome, IssueRefundUseCase } from '../issue-refund/issue-refund.use-case';

export type RefundPaymentOutcome = IssueRefundOutcome | 'unknown_payment' | 'nothing_to_refund';

/**
 * Refund a payment in full, in the caller's (inbox) transaction: mark it refund_pending and add
 * its refund row, then issue the refund at Stripe. Idempotent: a payment already being refunded
 * only has its pending refund issued (again), one already refunded is left alone.
 */
@Injectable()
export class RefundPaymentUseCase {
  private readonly logger = new Logger(RefundPaymentUseCase.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly issueRefund: IssueRefundUseCase,
  ) {}

  async execute(manager: EntityManager, { paymentId, reason }: { paymentId: string; reason: RefundReason }): Promise<RefundPaymentOutcome> {
    const payment = await paymentRepository.lockById(manager, paymentId);
    if (!payment) return 'unknown_payment';
    const decision = decideRefundRequest(payment);
    switch (decision.kind) {
      case 'nothing_to_refund':
        this.logger.warn(`Not refunding payment ${paymentId} (${reason}): ${decision.why}`);
        return 'nothing_to_refund';
      case 'already':
        return this.issueRefund.execute(manager, paymentId);
      case 'open': {
        const opened = openRefund(payment, reason, randomUUID(), this.clock.now());
        await paymentRepository.save(manager, opened.payment, payment.status);
        await refundRepository.insert(manager, opened.refund);
        return this.issueRefund.execute(manager, paymentId);
      }
    }
  }
}
