import { SettleBookingsResponse } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { paymentSucceededPayload } from '../../../payment/persistence/payment.mapper';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { ReconcilePaymentsUseCase } from '../../reconcile-payments.use-case';

/**
 * Booking asks (its reconciler, about bookings whose hold lapsed unpaid): each booking's open
 * payments are looked up at Stripe now and what Stripe says is recorded, as in a round; then
 * the answer is each booking's succeeded payment, or null. No lock: recording a session is
 * idempotent (one stripe_events id per session and outcome), so a round running meanwhile
 * cannot make it count twice. Stripe unreachable: answered with what is recorded so far.
 */
@Injectable()
export class SettleBookingsUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reconciler: ReconcilePaymentsUseCase,
  ) {}

  async execute(bookingIds: string[]): Promise<SettleBookingsResponse> {
    const payments = await paymentRepository.listByBookings(this.dataSource.manager, bookingIds);
    await this.reconciler.lookUpAtStripe(payments.filter((payment) => payment.status === 'open'));
    const settled = await paymentRepository.listByBookings(this.dataSource.manager, bookingIds);
    const answer: SettleBookingsResponse = Object.fromEntries(bookingIds.map((id) => [id, null]));
    for (const payment of settled) {
      if (payment.status === 'succeeded') answer[payment.bookingId] = paymentSucceededPayload(payment);
    }
    return answer;
  }
}
