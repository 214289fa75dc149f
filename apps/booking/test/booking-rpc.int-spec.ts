import { BOOKING_RPC, isRpcErrorBody } from '@app/contracts';
import { createLogger, startServiceApp } from '@app/platform';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import { freePort } from '../../../test/support/redis-server';
import { BookingModule } from '../src/booking.module';
import { BookingTestWorld, admin, anActor, tableCounts } from './support/booking-test-app';

/** The service as main.ts starts it, driven over its TCP port the way the gateway does. */
describe('booking over RPC (TCP, real PostgreSQL and Redis)', () => {
  let world: BookingTestWorld;
  let app: INestApplication;
  let client: ClientProxy;

  beforeAll(async () => {
    world = await BookingTestWorld.create('booking_rpc', new Date().toISOString());
    const tcp = { host: '127.0.0.1', port: await freePort() };
    app = await startServiceApp(BookingModule.forRoot(world.config({ tcp })), {
      logger: createLogger('booking', 'silent'),
      http: { port: await freePort(), host: '127.0.0.1' },
      tcp,
    });
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: tcp });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await world?.close();
  });

  const send = <T>(pattern: string, data: unknown): Promise<T> => lastValueFrom(client.send<T>(pattern, data));
  const errorOf = async (pattern: string, data: unknown): Promise<unknown> => send(pattern, data).then(
    () => 'no error',
    (error: unknown) => error,
  );

  it('answers health', async () => {
    expect(await send(BOOKING_RPC.health, {})).toEqual({ status: 'ok' });
  });

  it('creates a barber and lists its slots over the wire', async () => {
    const barber = await send<{ id: string }>(BOOKING_RPC.createBarber, { actor: admin, name: 'Wire', timeZone: 'UTC' });
    const availability = await send(BOOKING_RPC.setAvailability, {
      actor: admin,
      barberId: barber.id,
      slotMinutes: 60,
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    });
    expect(availability).toMatchObject({ barberId: barber.id, slotMinutes: 60, slotsRemoved: 0 });
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    const slots = await send<unknown[]>(BOOKING_RPC.listSlots, { barberId: barber.id, date: tomorrow });
    expect(slots).toHaveLength(24);
  });

  it('books over the wire with the caller’s correlation id on the events, and answers a lost race SLOT_UNAVAILABLE', async () => {
    const barber = await send<{ id: string }>(BOOKING_RPC.createBarber, { actor: admin, name: 'Wire 2', timeZone: 'UTC' });
    await send(BOOKING_RPC.setAvailability, {
      actor: admin,
      barberId: barber.id,
      slotMinutes: 30,
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    });
    const service = await send<{ id: string }>(BOOKING_RPC.createService, { actor: admin, name: 'Cut', durationMinutes: 30, priceCents: 2000, currency: 'gbp' });
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    const [slot] = await send<Array<{ id: string }>>(BOOKING_RPC.listSlots, { barberId: barber.id, date: tomorrow });
    const correlationId = `corr-${randomUUID()}`;

    const created = await send<{ booking: { id: string }; created: boolean }>(BOOKING_RPC.createBooking, {
      actor: anActor('customer'),
      slotId: slot.id,
      serviceId: service.id,
      correlationId,
    });

    expect(created.created).toBe(true);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const rows: Array<{ correlation_id: string }> = await dataSource.query(
      `SELECT envelope->>'correlationId' AS correlation_id FROM outbox WHERE type = 'booking.created' AND envelope->'payload'->>'bookingId' = $1`,
      [created.booking.id],
    );
    expect(rows).toEqual([{ correlation_id: correlationId }]);
    expect(await errorOf(BOOKING_RPC.createBooking, { actor: anActor('customer'), slotId: slot.id, serviceId: service.id })).toEqual({
      code: 'SLOT_UNAVAILABLE',
      message: expect.any(String),
    });
  });

  it('lists slots over a range of days in the barber\'s zone, optionally of one status, and books with the barber\'s name and zone on the booking', async () => {
    const zone = 'America/New_York';
    const barber = await send<{ id: string }>(BOOKING_RPC.createBarber, { actor: admin, name: 'Range', timeZone: zone });
    await send(BOOKING_RPC.setAvailability, {
      actor: admin,
      barberId: barber.id,
      slotMinutes: 60,
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '11:00' })),
    });
    const service = await send<{ id: string }>(BOOKING_RPC.createService, { actor: admin, name: 'Range cut', durationMinutes: 60, priceCents: 2000, currency: 'usd' });
    const first = DateTime.now().setZone(zone).plus({ days: 2 });
    const [from, to] = [first.toISODate(), first.plus({ days: 2 }).toISODate()];
    const slots = await send<Array<{ id: string; startsAt: string; status: string }>>(BOOKING_RPC.listSlots, { barberId: barber.id, from, to });
    expect(slots.map((slot) => DateTime.fromISO(slot.startsAt, { zone }).toFormat('yyyy-MM-dd HH:mm'))).toEqual(
      [0, 1, 2].flatMap((days) => ['09:00', '10:00'].map((time) => `${first.plus({ days }).toISODate()} ${time}`)),
    );

    const { booking } = await send<{ booking: Record<string, unknown> }>(BOOKING_RPC.createBooking, {
      actor: anActor('customer'),
      slotId: slots[0].id,
      serviceId: service.id,
    });
    expect(booking).toMatchObject({ barberName: 'Range', serviceName: 'Range cut', timeZone: zone });

    const available = await send<Array<{ id: string }>>(BOOKING_RPC.listSlots, { barberId: barber.id, from, to, status: 'available' });
    expect(available.map((slot) => slot.id)).toEqual(slots.slice(1).map((slot) => slot.id));
    const held = await send<Array<{ id: string }>>(BOOKING_RPC.listSlots, { barberId: barber.id, from, to, status: 'held' });
    expect(held.map((slot) => slot.id)).toEqual([slots[0].id]);
    expect(await errorOf(BOOKING_RPC.listSlots, { barberId: barber.id, from, to: first.plus({ days: 14 }).toISODate() })).toMatchObject({
      code: 'INVALID_TIME_RANGE',
    });
  });

  it('answers domain errors with their code, never INTERNAL', async () => {
    const zone = await errorOf(BOOKING_RPC.createBarber, { actor: admin, name: 'X', timeZone: 'Nowhere/Land', correlationId: 'c-1' });
    expect(isRpcErrorBody(zone)).toBe(true);
    expect(zone).toMatchObject({ code: 'INVALID_TIME_ZONE', errors: [{ field: 'timeZone' }] });
    expect(await errorOf(BOOKING_RPC.listSlots, { barberId: randomUUID(), date: '2026-02-30' })).toMatchObject({ code: 'INVALID_DATE' });
    expect(await errorOf(BOOKING_RPC.getBooking, { actor: anActor('customer'), bookingId: '42' })).toMatchObject({ code: 'BOOKING_NOT_FOUND' });
    // The table's schema refuses what is not even the right type before the use case runs.
    expect(await errorOf(BOOKING_RPC.getBooking, { actor: anActor('customer'), bookingId: { $gt: '' } })).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'bookingId' }],
    });
    expect(await errorOf(BOOKING_RPC.createBooking, 'not even an object')).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers a malformed request VALIDATION_FAILED naming the field (UNAUTHORIZED without an actor) and changes nothing', async () => {
    const barber = await send<{ id: string }>(BOOKING_RPC.createBarber, { actor: admin, name: 'Malformed', timeZone: 'UTC' });
    await send(BOOKING_RPC.setAvailability, {
      actor: admin,
      barberId: barber.id,
      slotMinutes: 30,
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    });
    const service = await send<{ id: string }>(BOOKING_RPC.createService, { actor: admin, name: 'Malformed cut', durationMinutes: 30, priceCents: 2000, currency: 'gbp' });
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    const [slot] = await send<Array<{ id: string }>>(BOOKING_RPC.listSlots, { barberId: barber.id, date: tomorrow });
    const customer = anActor('customer');
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const before = await tableCounts(dataSource);

    const invalid = (field: string, message?: string) => ({
      code: 'VALIDATION_FAILED',
      errors: [message === undefined ? { field, message: expect.any(String) } : { field, message: expect.stringContaining(message) }],
    });
    const cases: Array<[string, unknown, Record<string, unknown>]> = [
      ['a slot id that is not a UUID', { actor: customer, slotId: 'x', serviceId: service.id }, invalid('slotId')],
      // Refused by the table's schema, before the use case runs.
      ['a slot id that is not a string', { actor: customer, slotId: 42, serviceId: service.id }, invalid('slotId', 'expected string')],
      ['no service id', { actor: customer, slotId: slot.id }, invalid('serviceId', 'expected string')],
      [
        'an idempotency key that is an object',
        { actor: customer, slotId: slot.id, serviceId: service.id, idempotencyKey: { key: 'k' } },
        invalid('idempotencyKey', 'expected string'),
      ],
      ['an actor without a user id', { actor: { role: 'customer' }, slotId: slot.id, serviceId: service.id }, { code: 'UNAUTHORIZED', message: expect.any(String) }],
    ];
    const answers: Array<[string, unknown]> = [];
    for (const [name, request] of cases) answers.push([name, await errorOf(BOOKING_RPC.createBooking, request)]);

    expect(answers).toEqual(cases.map(([name, , error]) => [name, { message: expect.any(String), ...error }]));
    expect(await tableCounts(dataSource)).toEqual(before);
    const [still] = await send<Array<{ id: string; status: string }>>(BOOKING_RPC.listSlots, { barberId: barber.id, date: tomorrow });
    expect(still).toMatchObject({ id: slot.id, status: 'available' });
  });
});
