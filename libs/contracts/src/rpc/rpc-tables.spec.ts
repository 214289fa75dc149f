import { randomUUID } from 'node:crypto';
import { UnauthorizedError, ValidationFailedError } from '../errors';
import { Actor } from './actor';
import { APPOINTMENTS_RPC } from './appointments.rpc';
import { BOOKING_RPC } from './booking.rpc';
import { PAYMENTS_RPC } from './payments.rpc';
import { BOOKING_INTERNAL_RPC, PAYMENTS_INTERNAL_RPC, RECONCILE_RPC } from './reconcile.rpc';
import { RpcRequestOf, RpcTableLike, parseRpcRequest } from './rpc-table';
import { APPOINTMENTS_RPC_TABLE, BOOKING_RPC_TABLE, BookingRpcTable, PAYMENTS_RPC_TABLE } from './rpc-tables';

const id = () => randomUUID();
const customer: Actor = { userId: id(), role: 'customer', barberId: null, name: 'Pat', email: 'pat@example.com' };
const admin: Actor = { userId: id(), role: 'admin', barberId: null, name: 'Ada', email: 'ada@example.com' };
const barber: Actor = { userId: id(), role: 'barber', barberId: id(), name: 'Sam', email: 'sam@example.com' };
/** ServiceClient adds the HTTP request's correlation id to every request (undefined outside one: dropped by JSON). */
const correlationId = `req-${id()}`;
const today = new Date().toISOString().slice(0, 10);

describe('the RPC tables', () => {
  it.each<[string, RpcTableLike, string[]]>([
    ['booking', BOOKING_RPC_TABLE, [...Object.values(BOOKING_RPC), RECONCILE_RPC.booking, ...Object.values(BOOKING_INTERNAL_RPC)]],
    ['payments', PAYMENTS_RPC_TABLE, [...Object.values(PAYMENTS_RPC), RECONCILE_RPC.payments, ...Object.values(PAYMENTS_INTERNAL_RPC)]],
    ['appointments', APPOINTMENTS_RPC_TABLE, [...Object.values(APPOINTMENTS_RPC), RECONCILE_RPC.appointments]],
  ])('list every %s pattern constant, and nothing else', (_service, table, patterns) => {
    expect(Object.keys(table).sort()).toEqual([...patterns].sort());
  });

  /** Requests as the gateway's controllers (and the reconcilers' clients) build them. */
  const SENT: Array<[RpcTableLike, string, unknown]> = [
    [BOOKING_RPC_TABLE, BOOKING_RPC.health, {}],
    [BOOKING_RPC_TABLE, BOOKING_RPC.createBarber, { actor: admin, name: 'Sam', timeZone: 'Europe/London', description: undefined }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.listBarbers, { actor: null, includeInactive: false }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.getBarber, { barberId: id() }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.getBarber, { barberId: id(), actor: barber }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.updateBarber, { actor: admin, barberId: id(), description: null, active: false }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.getAvailability, { barberId: id() }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.setAvailability, { actor: barber, barberId: id(), slotMinutes: 30, weekly: [{ weekday: 1, start: '09:00', end: '17:00' }] }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.previewAvailability, { actor: admin, barberId: id(), slotMinutes: 45, weekly: [] }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.addTimeOff, { actor: barber, barberId: id(), startsAt: new Date().toISOString(), endsAt: new Date().toISOString(), reason: null }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.listTimeOff, { actor: barber, barberId: id() }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.removeTimeOff, { actor: admin, barberId: id(), timeOffId: id() }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.listSlots, { barberId: id(), date: today }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.listSlots, { barberId: id(), from: today, to: today, status: 'available' }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.createService, { actor: admin, name: 'Cut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.listServices, { actor: customer, includeInactive: false }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.getService, { serviceId: id() }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.updateService, { actor: admin, serviceId: id(), priceCents: 3000 }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.createBooking, { actor: customer, slotId: id(), serviceId: id(), idempotencyKey: null }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.createBooking, { actor: customer, slotId: id(), serviceId: id(), idempotencyKey: 'key-1' }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.checkoutTerms, { actor: customer, bookingId: id() }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.getBooking, { actor: barber, bookingId: id() }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.listBookings, { actor: admin, status: 'confirmed', barberId: id(), from: new Date().toISOString(), limit: 100, offset: 0 }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.cancelBooking, { actor: customer, bookingId: id(), reason: null }],
    [BOOKING_RPC_TABLE, BOOKING_RPC.rescheduleBooking, { actor: customer, bookingId: id(), slotId: id(), idempotencyKey: null }],
    [BOOKING_RPC_TABLE, RECONCILE_RPC.booking, { actor: admin }],
    [BOOKING_RPC_TABLE, BOOKING_INTERNAL_RPC.bookingStates, { bookingIds: [id(), id()] }],
    [PAYMENTS_RPC_TABLE, PAYMENTS_RPC.health, {}],
    [
      PAYMENTS_RPC_TABLE,
      PAYMENTS_RPC.createCheckout,
      { bookingId: id(), customerEmail: 'pat@example.com', serviceName: 'Cut', amountCents: 2500, currency: 'gbp', holdExpiresAt: new Date().toISOString() },
    ],
    [PAYMENTS_RPC_TABLE, PAYMENTS_RPC.getCheckouts, { bookingIds: [id()] }],
    [PAYMENTS_RPC_TABLE, PAYMENTS_RPC.listAttention, { actor: admin }],
    [PAYMENTS_RPC_TABLE, RECONCILE_RPC.payments, { actor: admin }],
    [PAYMENTS_RPC_TABLE, PAYMENTS_INTERNAL_RPC.settleBookings, { bookingIds: [id()] }],
    [APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.health, {}],
    [APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.listDay, { actor: barber, barberId: id(), date: today, timeZone: 'Europe/London' }],
    [APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.listCalendar, { actor: barber, barberId: id(), from: new Date().toISOString(), to: new Date().toISOString() }],
    [APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.get, { actor: customer, appointmentId: id() }],
    [APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.complete, { actor: barber, appointmentId: id() }],
    [APPOINTMENTS_RPC_TABLE, APPOINTMENTS_RPC.noShow, { actor: admin, appointmentId: id() }],
    [APPOINTMENTS_RPC_TABLE, RECONCILE_RPC.appointments, { actor: admin }],
  ];

  it.each(SENT)('accept what is sent in practice: %#', (table, pattern, request) => {
    const sent = JSON.parse(JSON.stringify({ ...(request as object), correlationId })) as unknown;
    expect(parseRpcRequest(table, pattern, sent)).toEqual(expect.objectContaining({ correlationId }));
  });

  it('have a request example above for every pattern', () => {
    const covered = new Set(SENT.map(([table, pattern]) => `${Object.keys(table)[0]} ${pattern}`));
    for (const table of [BOOKING_RPC_TABLE, PAYMENTS_RPC_TABLE, APPOINTMENTS_RPC_TABLE] as RpcTableLike[]) {
      for (const pattern of Object.keys(table)) expect(covered).toContain(`${Object.keys(table)[0]} ${pattern}`);
    }
  });
});

describe('parseRpcRequest', () => {
  it('drops fields the table does not know (a newer caller), keeping the request', () => {
    const request = { actor: customer, slotId: 'a', serviceId: 'b', comingSoon: true };
    expect(parseRpcRequest(BOOKING_RPC_TABLE, BOOKING_RPC.createBooking, request)).toEqual({ actor: customer, slotId: 'a', serviceId: 'b' });
  });

  it('refuses a field of the wrong type as VALIDATION_FAILED naming it', () => {
    const bad = () => parseRpcRequest(BOOKING_RPC_TABLE, BOOKING_RPC.setAvailability, {
      actor: admin,
      barberId: id(),
      slotMinutes: '30',
      weekly: [{ weekday: 1, start: '09:00', end: 17 }],
    });
    expect(bad).toThrow(ValidationFailedError);
    try {
      bad();
    } catch (error) {
      expect((error as ValidationFailedError).errors?.map((problem) => problem.field)).toEqual(['slotMinutes', 'weekly.0.end']);
    }
  });

  it('answers a request that is not an object VALIDATION_FAILED, and one without a usable actor UNAUTHORIZED', () => {
    expect(() => parseRpcRequest(BOOKING_RPC_TABLE, BOOKING_RPC.getBooking, 'nope')).toThrow(ValidationFailedError);
    expect(() => parseRpcRequest(BOOKING_RPC_TABLE, BOOKING_RPC.getBooking, { bookingId: id() })).toThrow(UnauthorizedError);
    expect(() => parseRpcRequest(BOOKING_RPC_TABLE, BOOKING_RPC.getBooking, { actor: { ...customer, role: 'root' }, bookingId: id() })).toThrow(
      UnauthorizedError,
    );
  });

  it('types a request by its pattern', () => {
    const request: RpcRequestOf<BookingRpcTable, typeof BOOKING_RPC.createBooking> = { actor: customer, slotId: id(), serviceId: id() };
    // @ts-expect-error -- getBooking takes a bookingId, not a slotId
    const wrong: RpcRequestOf<BookingRpcTable, typeof BOOKING_RPC.getBooking> = { actor: customer, slotId: id() };
    expect([request, wrong]).toHaveLength(2);
  });
});
