import { LONDON } from '../../../test/support/calendar';
import {
  BOOKING_INTERNAL_RPC,
  BOOKING_RPC,
  BOOKING_RPC_TABLE,
  BarberResource,
  BookingRpcTable,
  BookingResource,
  CheckoutTerms,
  DomainError,
  ServiceResource,
  RECONCILE_RPC,
  RpcPatternOf,
  RpcRequestOf,
  RpcResponseOf,
  SlotResource,
  parseRpcRequest,
} from '@app/contracts';
import { RpcContextInterceptor, RpcErrorsFilter } from '@app/platform';
import { Controller, INestMicroservice, Injectable, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { testNestLogger } from './gateway-test-app';
import type { Json } from '../../../test/support/http-client';

export type BookingPattern = RpcPatternOf<BookingRpcTable>;
export interface RecordedCall {
  /** What arrived over the wire, before the table's schema parsed it. */
  pattern: BookingPattern;
  data: Record<string, Json>;
}
/** What a pattern does: typed by the booking RPC table, as the real handlers are. */
export type Behaviour<P extends BookingPattern> = (
  data: RpcRequestOf<BookingRpcTable, P>,
) => RpcResponseOf<BookingRpcTable, P> | Promise<RpcResponseOf<BookingRpcTable, P>>;
type Behaviours = { [P in BookingPattern]: Behaviour<P> };

export const KNOWN_BARBER_ID = '11111111-1111-4111-8111-111111111111';

export function barberResource(overrides: Partial<BarberResource> = {}): BarberResource {
  return { id: KNOWN_BARBER_ID, name: 'Sam', timeZone: 'Europe/London', description: null, active: true, ...overrides };
}

/** A working day derived from today: the fakes' resources lie in the future whenever the tests run. */
const DAY = LONDON.weekday();

export function bookingResource(overrides: Partial<BookingResource> = {}): BookingResource {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    customerId: randomUUID(),
    barberId: KNOWN_BARBER_ID,
    barberName: 'Kim',
    serviceId: randomUUID(),
    serviceName: 'Haircut',
    timeZone: 'Europe/London',
    slotIds: [randomUUID()],
    startsAt: `${DAY}T10:00:00.000Z`,
    endsAt: `${DAY}T10:30:00.000Z`,
    priceCents: 2500,
    currency: 'gbp',
    status: 'pending_payment',
    paymentStatus: 'unpaid',
    holdExpiresAt: now,
    appointmentId: null,
    cancellationReason: null,
    rescheduledFrom: null,
    checkout: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export function checkoutTermsOf(booking: BookingResource): CheckoutTerms {
  return {
    bookingId: booking.id,
    serviceName: booking.serviceName,
    amountDueCents: booking.priceCents,
    currency: booking.currency,
    payableUntil: booking.holdExpiresAt,
  };
}

/** Canned answers for every booking pattern; a test swaps in a behaviour to fail or hang. */
const DEFAULTS: Behaviours = {
  [BOOKING_RPC.health]: () => ({ status: 'ok' }),
  [BOOKING_RPC.createBarber]: (data) => barberResource({ id: randomUUID(), name: data.name, timeZone: data.timeZone, description: data.description ?? null }),
  [BOOKING_RPC.listBarbers]: () => [barberResource()],
  [BOOKING_RPC.getBarber]: (data) => {
    if (data.barberId !== KNOWN_BARBER_ID) throw new DomainError('BARBER_NOT_FOUND', 'There is no such barber.');
    return barberResource();
  },
  [BOOKING_RPC.updateBarber]: (data) => ({ ...barberResource(), id: data.barberId, ...(data.active === undefined ? {} : { active: data.active }) }),
  [BOOKING_RPC.getAvailability]: (data) => ({ barberId: data.barberId, slotMinutes: 30, weekly: [{ weekday: 1, start: '09:00', end: '17:00' }] }),
  [BOOKING_RPC.previewAvailability]: (data) => ({ barberId: data.barberId, slotsAdded: 4, slotsRemoved: 2, heldOrBookedKept: 1, days: [] }),
  [BOOKING_RPC.listTimeOff]: () => [],
  [BOOKING_RPC.removeTimeOff]: (data) => ({
    id: data.timeOffId,
    barberId: data.barberId,
    startsAt: `${DAY}T09:00:00.000Z`,
    endsAt: `${DAY}T12:00:00.000Z`,
    reason: null,
    blockedSlots: 6,
  }),
  [BOOKING_RPC.setAvailability]: (data) => ({ barberId: data.barberId, slotMinutes: data.slotMinutes, weekly: data.weekly, slotsRemoved: 0, slotsCreated: 16 }),
  [BOOKING_RPC.addTimeOff]: (data) => ({ id: randomUUID(), barberId: data.barberId, startsAt: data.startsAt, endsAt: data.endsAt, reason: data.reason ?? null, blockedSlots: 2 }),
  [BOOKING_RPC.listSlots]: (data): SlotResource[] => [
    { id: randomUUID(), barberId: data.barberId, startsAt: `${data.date}T09:00:00.000Z`, endsAt: `${data.date}T09:30:00.000Z`, status: 'available' },
  ],
  [BOOKING_RPC.createService]: (data): ServiceResource => ({ id: randomUUID(), name: data.name, durationMinutes: data.durationMinutes, priceCents: data.priceCents, currency: data.currency, active: true }),
  [BOOKING_RPC.listServices]: (): ServiceResource[] => [{ id: randomUUID(), name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp', active: true }],
  [BOOKING_RPC.getService]: (data): ServiceResource => ({ id: data.serviceId, name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp', active: true }),
  [BOOKING_RPC.updateService]: (data): ServiceResource => ({
    id: data.serviceId,
    name: data.name ?? 'Haircut',
    durationMinutes: data.durationMinutes ?? 30,
    priceCents: data.priceCents ?? 2500,
    currency: 'gbp',
    active: data.active ?? true,
  }),
  [BOOKING_RPC.createBooking]: (data) => {
    const booking = bookingResource({ customerId: data.actor.userId, serviceId: data.serviceId, slotIds: [data.slotId] });
    return { booking, created: true, checkoutTerms: checkoutTermsOf(booking) };
  },
  [BOOKING_RPC.checkoutTerms]: (data) => checkoutTermsOf(bookingResource({ id: data.bookingId, customerId: data.actor.userId })),
  [BOOKING_RPC.getBooking]: (data) => bookingResource({ id: data.bookingId, customerId: data.actor.userId }),
  [BOOKING_RPC.listBookings]: (data) => [bookingResource({ customerId: data.actor.userId })],
  [BOOKING_RPC.rescheduleBooking]: (data) =>
    bookingResource({
      id: data.bookingId,
      customerId: data.actor.userId,
      slotIds: [data.slotId],
      startsAt: `${DAY}T11:00:00.000Z`,
      endsAt: `${DAY}T11:30:00.000Z`,
      rescheduledFrom: { startsAt: `${DAY}T10:00:00.000Z`, endsAt: `${DAY}T10:30:00.000Z` },
    }),
  [BOOKING_RPC.cancelBooking]: (data) => bookingResource({ id: data.bookingId, status: 'cancelled', cancellationReason: data.reason ?? null }),
  [RECONCILE_RPC.booking]: () => ({}),
  [BOOKING_INTERNAL_RPC.bookingStates]: () => ({}),
};

@Injectable()
export class FakeBooking {
  readonly calls: RecordedCall[] = [];
  private readonly overrides: Partial<Behaviours> = {};

  /**
   * Records the call, then checks it with the table's schema as the real service does, so a
   * request the gateway builds that booking would refuse fails these tests too.
   */
  answer<P extends BookingPattern>(pattern: P, data: Record<string, Json>): unknown {
    this.calls.push({ pattern, data });
    const request = parseRpcRequest(BOOKING_RPC_TABLE, pattern, data);
    const behaviour = this.overrides[pattern] ?? DEFAULTS[pattern];
    // The schemas have no transforms: what they output is a valid input.
    return behaviour(request as RpcRequestOf<BookingRpcTable, P>);
  }

  /** Replace what one pattern does until `reset()`. */
  on<P extends BookingPattern>(pattern: P, behaviour: Behaviour<P>): void {
    (this.overrides as Record<P, Behaviour<P>>)[pattern] = behaviour;
  }

  callsTo(pattern: BookingPattern): RecordedCall[] {
    return this.calls.filter((call) => call.pattern === pattern);
  }

  reset(): void {
    this.calls.length = 0;
    for (const pattern of Object.keys(this.overrides)) delete this.overrides[pattern as BookingPattern];
  }
}

/** One @MessagePattern handler per booking pattern, except those left `without` (the server then answers "no handler"). */
function fakeBookingModule(without: readonly BookingPattern[]): Type<unknown> {
  @Controller()
  class FakeBookingRpcController {
    constructor(readonly fake: FakeBooking) {}
  }
  for (const pattern of Object.keys(BOOKING_RPC_TABLE) as BookingPattern[]) {
    if (without.includes(pattern)) continue;
    const name = `handle ${pattern}`;
    const descriptor: PropertyDescriptor = {
      value: function (this: FakeBookingRpcController, data: Record<string, Json>) {
        return this.fake.answer(pattern, data);
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(FakeBookingRpcController.prototype, name, descriptor);
    Payload()(FakeBookingRpcController.prototype, name, 0);
    MessagePattern(pattern)(FakeBookingRpcController.prototype, name, descriptor);
  }
  @Module({ controllers: [FakeBookingRpcController], providers: [FakeBooking] })
  class FakeBookingModule {}
  return FakeBookingModule;
}


/**
 * A stand-in for the booking service: a real Nest TCP microservice with the same RPC error
 * filter and context interceptor the services use, answering every pattern of BOOKING_RPC_TABLE with canned data.
 */
export async function startFakeBookingService(
  port: number,
  options: { without?: readonly BookingPattern[] } = {},
): Promise<{ app: INestMicroservice; fake: FakeBooking }> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(fakeBookingModule(options.without ?? []), {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port },
    logger: testNestLogger,
  });
  app.useGlobalFilters(new RpcErrorsFilter());
  app.useGlobalInterceptors(new RpcContextInterceptor());
  await app.listen();
  return { app, fake: app.get(FakeBooking) };
}
