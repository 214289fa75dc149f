import { PAYMENTS_INTERNAL_RPC, PaymentsRpcTable, SettleBookingsResponse } from '@app/contracts';
import { InternalRpcClient } from '@app/platform';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { BOOKING_CONFIG, BookingConfig } from '../booking.config';

const TIMEOUT_MS = 10_000;

/** Payments' internal settleBookings RPC (PAYMENTS_TCP_HOST / PAYMENTS_TCP_PORT). */
@Injectable()
export class PaymentsSettlementClient implements OnModuleDestroy {
  private readonly client: InternalRpcClient<PaymentsRpcTable>;

  constructor(@Inject(BOOKING_CONFIG) config: BookingConfig) {
    this.client = new InternalRpcClient(config.paymentsTcp, TIMEOUT_MS);
  }

  /** Each booking's succeeded payment (payments asked Stripe first), or null. Rejects when payments does not answer. */
  settle(bookingIds: string[]): Promise<SettleBookingsResponse> {
    return this.client.request(PAYMENTS_INTERNAL_RPC.settleBookings, { bookingIds });
  }

  onModuleDestroy(): Promise<void> {
    return this.client.close();
  }
}
