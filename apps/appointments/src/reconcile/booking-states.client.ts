import { BOOKING_INTERNAL_RPC, BookingStatesResponse, BookingRpcTable } from '@app/contracts';
import { InternalRpcClient } from '@app/platform';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APPOINTMENTS_CONFIG, AppointmentsConfig } from '../appointments.config';

const TIMEOUT_MS = 5000;

/** Booking's internal bookingStates RPC (BOOKING_TCP_HOST / BOOKING_TCP_PORT). */
@Injectable()
export class BookingStatesClient implements OnModuleDestroy {
  private readonly client: InternalRpcClient<BookingRpcTable>;

  constructor(@Inject(APPOINTMENTS_CONFIG) config: AppointmentsConfig) {
    this.client = new InternalRpcClient(config.bookingTcp, TIMEOUT_MS);
  }

  /** The current state of up to 500 bookings; unknown ids are absent. Rejects when booking does not answer. */
  states(bookingIds: string[]): Promise<BookingStatesResponse> {
    return this.client.request(BOOKING_INTERNAL_RPC.bookingStates, { bookingIds });
  }

  onModuleDestroy(): Promise<void> {
    return this.client.close();
  }
}
