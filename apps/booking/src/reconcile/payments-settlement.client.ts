import { PAYMENTS_INTERNAL_RPC, SettleBookingsRequest, SettleBookingsResponse } from '@app/contracts';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { BOOKING_CONFIG, BookingConfig } from '../booking.config';

const TIMEOUT_MS = 10_000;

/** Payments' internal settleBookings RPC over TCP (PAYMENTS_TCP_HOST / PAYMENTS_TCP_PORT). */
@Injectable()
export class PaymentsSettlementClient implements OnModuleDestroy {
  private readonly proxy: ClientProxy;

  constructor(@Inject(BOOKING_CONFIG) config: BookingConfig) {
    this.proxy = ClientProxyFactory.create({ transport: Transport.TCP, options: config.paymentsTcp });
  }

  /** Each booking's succeeded payment (payments asked Stripe first), or null. Rejects when payments does not answer. */
  async settle(bookingIds: string[]): Promise<SettleBookingsResponse> {
    const request: SettleBookingsRequest = { bookingIds };
    return firstValueFrom(
      this.proxy.send<SettleBookingsResponse, SettleBookingsRequest>(PAYMENTS_INTERNAL_RPC.settleBookings, request).pipe(timeout(TIMEOUT_MS)),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.proxy.close();
  }
}
