import { BOOKING_INTERNAL_RPC, BOOKING_RPC_TABLE, BookingResource, BookingStatesRequest, BookingStatesResponse } from '@app/contracts';
import { RpcErrorsFilter, RpcHandler } from '@app/platform';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { freePort } from '../../../../test/support/redis-server';

/** What the fake booking knows, and every bookingStates request it was asked. */
export class FakeBookingState {
  readonly bookings = new Map<string, BookingResource>();
  readonly requests: string[][] = [];
}

@Controller()
class FakeBookingController {
  constructor(private readonly state: FakeBookingState) {}

  /** Typed and checked by booking's RPC table, like the real handler. */
  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_INTERNAL_RPC.bookingStates)
  bookingStates(request: BookingStatesRequest): BookingStatesResponse {
    this.state.requests.push(request.bookingIds);
    const answer: BookingStatesResponse = {};
    for (const id of request.bookingIds) {
      const booking = this.state.bookings.get(id);
      if (booking) answer[id] = booking;
    }
    return answer;
  }
}

/** A booking service on a real TCP port that answers only bookingStates, from a map the test fills. */
export class FakeBooking {
  private constructor(
    private readonly app: INestMicroservice,
    readonly port: number,
    readonly state: FakeBookingState,
  ) {}

  static async start(): Promise<FakeBooking> {
    const state = new FakeBookingState();
    @Module({ controllers: [FakeBookingController], providers: [{ provide: FakeBookingState, useValue: state }] })
    class FakeBookingModule {}
    const port = await freePort();
    const app = await NestFactory.createMicroservice(FakeBookingModule, { transport: Transport.TCP, options: { host: '127.0.0.1', port }, logger: false });
    app.useGlobalFilters(new RpcErrorsFilter());
    await app.listen();
    return new FakeBooking(app, port, state);
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
