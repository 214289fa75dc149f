import 'reflect-metadata';
import {
  BOOKING_RPC,
  BOOKING_RPC_TABLE,
  BookingResource,
  CreateBookingRequest,
  CreateBookingResponse,
  GetBookingRequest,
  ValidationFailedError,
} from '@app/contracts';
import { PipeTransform } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { randomUUID } from 'node:crypto';
import { RpcHandler } from './rpc-handler.decorator';

class Handlers {
  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.createBooking)
  create(request: CreateBookingRequest): Promise<CreateBookingResponse> {
    return Promise.reject(new Error(`not under test: ${request.slotId}`));
  }

  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.health)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

/** Handlers whose types drifted from the table: each decorator line must fail to compile. */
export class DriftedHandlers {
  // @ts-expect-error -- createBooking's request is CreateBookingRequest, not GetBookingRequest
  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.createBooking)
  wrongRequest(request: GetBookingRequest): Promise<CreateBookingResponse> {
    return Promise.reject(new Error(request.bookingId));
  }

  // @ts-expect-error -- createBooking answers CreateBookingResponse, not a BookingResource
  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.createBooking)
  wrongResponse(request: CreateBookingRequest): Promise<BookingResource> {
    return Promise.reject(new Error(request.slotId));
  }

  // @ts-expect-error -- a field the table does not send is drift too
  @RpcHandler(BOOKING_RPC_TABLE, BOOKING_RPC.createBooking)
  extraField(request: CreateBookingRequest & { couponCode: string }): Promise<CreateBookingResponse> {
    return Promise.reject(new Error(request.couponCode));
  }
}

/** The pipe @RpcHandler put on the handler's first argument. */
function payloadPipe(method: keyof Handlers): PipeTransform {
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Handlers, method) as Record<string, { index: number; pipes: PipeTransform[] }>;
  const [payload] = Object.values(args).filter((arg) => arg.index === 0);
  return payload.pipes[0];
}

describe('@RpcHandler', () => {
  it('registers the pattern as a MessagePattern', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, Object.getOwnPropertyDescriptor(Handlers.prototype, 'create')?.value)).toEqual([
      BOOKING_RPC.createBooking,
    ]);
  });

  it('checks the payload with the table’s schema before the handler runs', () => {
    const actor = { userId: randomUUID(), role: 'customer', barberId: null, name: 'Pat', email: 'pat@example.com' };
    const good = { actor, slotId: randomUUID(), serviceId: randomUUID(), correlationId: 'c-1' };
    expect(payloadPipe('create').transform(good, { type: 'body' })).toEqual(good);
    expect(() => payloadPipe('create').transform({ ...good, slotId: 7 }, { type: 'body' })).toThrow(ValidationFailedError);
    expect(payloadPipe('health').transform({}, { type: 'body' })).toEqual({});
  });
});
