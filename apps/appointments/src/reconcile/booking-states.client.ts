import { BOOKING_INTERNAL_RPC, BookingStatesRequest, BookingStatesResponse } from '@app/contracts';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { APPOINTMENTS_CONFIG, AppointmentsConfig } from '../appointments.config';

const TIMEOUT_MS = 5000;

/** Booking's internal bookingStates RPC over TCP (BOOKING_TCP_HOST / BOOKING_TCP_PORT). */
@Injectable()
export class BookingStatesClient implements OnModuleDestroy {
  private readonly proxy: ClientProxy;

  constructor(@Inject(APPOINTMENTS_CONFIG) config: AppointmentsConfig) {
    this.proxy = ClientProxyFactory.create({ transport: Transport.TCP, options: config.bookingTcp });
  }

  /** The current state of up to 500 bookings; unknown ids are absent. Rejects when booking does not answer. */
  async states(bookingIds: string[]): Promise<BookingStatesResponse> {
    const request: BookingStatesRequest = { bookingIds };
    return firstValueFrom(this.proxy.send<BookingStatesResponse, BookingStatesRequest>(BOOKING_INTERNAL_RPC.bookingStates, request).pipe(timeout(TIMEOUT_MS)));
  }

  async onModuleDestroy(): Promise<void> {
    await this.proxy.close();
  }
}
