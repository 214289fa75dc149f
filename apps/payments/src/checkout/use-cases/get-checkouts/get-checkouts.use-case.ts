import { CLOCK, Clock } from '@app/platform';
import { CheckoutResource, GetCheckoutsRequest } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Payment } from '../../../payment/domain/payment';
import { toCheckoutResource } from '../../../payment/persistence/payment.mapper';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { parseInput } from '../../../shared/domain/input';
import { currentCheckout } from '../../domain/checkout';

const requestSchema = z.object({ bookingIds: z.array(z.uuid()).max(500, 'at most 500 booking ids') });

/** payments.checkout.get-many — each booking's open, unexpired session, or null. */
@Injectable()
export class GetCheckoutsUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: GetCheckoutsRequest): Promise<Record<string, CheckoutResource | null>> {
    const { bookingIds } = parseInput(requestSchema, request);
    const ids = [...new Set(bookingIds)];
    const byBooking = new Map<string, Payment[]>();
    if (ids.length > 0) {
      for (const payment of await paymentRepository.listByBookings(this.dataSource.manager, ids)) {
        byBooking.set(payment.bookingId, [...(byBooking.get(payment.bookingId) ?? []), payment]);
      }
    }
    const now = this.clock.now();
    const result: Record<string, CheckoutResource | null> = {};
    for (const id of ids) {
      const current = currentCheckout(byBooking.get(id) ?? [], now);
      result[id] = current ? toCheckoutResource(current) : null;
    }
    return result;
  }
}
