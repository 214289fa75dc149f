import { CLOCK, Clock } from '@app/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { refundRepository } from '../../persistence/refund.repository';
import { IssueRefundUseCase } from '../issue-refund/issue-refund.use-case';

/** A refund asked for this recently may still be on its way to Stripe: leave it to that attempt. */
export const UNISSUED_REFUND_GRACE_MS = 30_000;
const BATCH = 50;

/**
 * Refunds asked for outside a message handler (the amount-mismatch refund, asked for by the
 * webhook) are issued right after the webhook's commit; if that call fails, the refund row
 * stays pending without a Stripe id and this pass issues it later, each in its own transaction.
 * (The reconciler of DESIGN §6.6 will run it too.)
 */
@Injectable()
export class RetryUnissuedRefundsUseCase {
  private readonly logger = new Logger(RetryUnissuedRefundsUseCase.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly issueRefund: IssueRefundUseCase,
  ) {}

  /** Issue one payment's pending refund now; false when it could not (logged; the pass tries again). */
  async issue(paymentId: string): Promise<boolean> {
    try {
      await this.dataSource.transaction((manager) => this.issueRefund.execute(manager, paymentId));
      return true;
    } catch (error) {
      this.logger.warn(`Refund of payment ${paymentId} not issued yet, will retry: ${(error as Error).message}`);
      return false;
    }
  }

  /** Every refund left unissued for longer than the grace; how many reached Stripe. */
  async execute(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - UNISSUED_REFUND_GRACE_MS);
    const paymentIds = await refundRepository.listUnissued(this.dataSource.manager, { before, limit: BATCH });
    let issued = 0;
    for (const paymentId of paymentIds) {
      this.logger.warn(`Refund of payment ${paymentId} was asked for but never reached Stripe: issuing it now`);
      if (await this.issue(paymentId)) issued += 1;
    }
    return issued;
  }
}
