import { DomainError } from '@app/contracts';
import { ArgumentMetadata, Type } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ListDeadLettersQueryDto } from '../admin/dead-letters.controller';
import { RegisterDto } from '../auth/dto/credentials.dto';
import { AddTimeOffDto, CreateBarberDto, ListSlotsQueryDto, SetAvailabilityDto } from '../barbers/dto/barber.dto';
import { CreateBookingDto, ListBookingsQueryDto } from '../bookings/dto/booking.dto';
import { CreateServiceDto } from '../catalog/dto/service.dto';
import { CreateStaffUserDto } from '../users/dto/create-staff-user.dto';
import { ParseUuidParamPipe, createValidationPipe, isCalendarDate, isInstant } from './validation';

const pipe = createValidationPipe();

async function validate(metatype: Type<unknown>, value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<unknown> {
  return pipe.transform(value, { type, metatype });
}

async function problemsOf(metatype: Type<unknown>, value: unknown, type: ArgumentMetadata['type'] = 'body') {
  try {
    await validate(metatype, value, type);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('VALIDATION_FAILED');
    return error.errors ?? [];
  }
  throw new Error('expected VALIDATION_FAILED');
}

const fieldsOf = async (metatype: Type<unknown>, value: unknown, type: ArgumentMetadata['type'] = 'body') =>
  (await problemsOf(metatype, value, type)).map((problem) => problem.field);

describe('calendar dates and instants', () => {
  it.each(['2026-02-28', '2028-02-29', '2026-12-31', '2027-03-28'])('accepts the real day %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-1', '26-01-01', '2026-01-01T00:00', ' 2026-01-01', '', 20260101])(
    'refuses %p',
    (date) => {
      expect(isCalendarDate(date)).toBe(false);
    },
  );

  it.each(['2026-12-01T09:00:00.000Z', '2026-12-01T09:00Z', '2026-12-01T09:00:00+01:00', '2026-12-01T09:00:00.123456-05:30'])('accepts the instant %s', (value) => {
    expect(isInstant(value)).toBe(true);
  });

  it.each(['2026-12-01T09:00:00', '2026-12-01', '2026-02-30T09:00:00Z', '2026-12-01T24:00:00Z', '2026-12-01 09:00:00Z', 'tomorrow', 1764579600000])('refuses the instant %p', (value) => {
    expect(isInstant(value)).toBe(false);
  });
});

describe('request validation', () => {
  it('names nested fields by their path', async () => {
    const problems = await problemsOf(SetAvailabilityDto, {
      slotMinutes: 30,
      weekly: [
        { weekday: 1, start: '09:00', end: '17:00' },
        { weekday: 0, start: '9:00', end: '25:00', extra: 1 },
      ],
    });
    expect(problems.map((problem) => problem.field).sort()).toEqual(['weekly.1.end', 'weekly.1.extra', 'weekly.1.start', 'weekly.1.weekday']);
    expect(problems.find((problem) => problem.field === 'weekly.1.start')?.message).toBe('weekly.1.start must look like HH:MM (00:00 to 23:59)');
  });

  it('refuses a weekly entry that is not an object, and a list that is too long', async () => {
    expect(await fieldsOf(SetAvailabilityDto, { slotMinutes: 30, weekly: ['Monday'] })).toEqual(['weekly.0']);
    const many = Array.from({ length: 101 }, () => ({ weekday: 1, start: '09:00', end: '10:00' }));
    expect(await fieldsOf(SetAvailabilityDto, { slotMinutes: 30, weekly: many })).toEqual(['weekly']);
  });

  it('accepts the weekly templates the booking service accepts: a range ending at 24:00, 100 ranges, 5- to 240-minute slots', async () => {
    const untilMidnight = [{ weekday: 5, start: '18:00', end: '24:00' }, { weekday: 6, start: '00:00', end: '23:59' }];
    await expect(validate(SetAvailabilityDto, { slotMinutes: 30, weekly: untilMidnight })).resolves.toMatchObject({ weekly: untilMidnight });
    const hundred = Array.from({ length: 100 }, (_, i) => ({ weekday: 1 + (i % 7), start: '09:00', end: '10:00' }));
    await expect(validate(SetAvailabilityDto, { slotMinutes: 5, weekly: hundred })).resolves.toBeInstanceOf(SetAvailabilityDto);
    await expect(validate(SetAvailabilityDto, { slotMinutes: 240, weekly: [] })).resolves.toBeInstanceOf(SetAvailabilityDto);
  });

  it.each([
    [{ weekday: 1, start: '24:00', end: '24:00' }, 'weekly.0.start', 'weekly.0.start must look like HH:MM (00:00 to 23:59)'],
    [{ weekday: 1, start: '09:00', end: '24:01' }, 'weekly.0.end', 'weekly.0.end must look like HH:MM (00:00 to 24:00)'],
    [{ weekday: 1, start: '09:00', end: '25:00' }, 'weekly.0.end', 'weekly.0.end must look like HH:MM (00:00 to 24:00)'],
    [{ weekday: 1, start: '17:00', end: '09:00' }, 'weekly.0.end', 'weekly.0.end must be after start (17:00), not 09:00'],
    [{ weekday: 1, start: '09:00', end: '09:00' }, 'weekly.0.end', 'weekly.0.end must be after start (09:00), not 09:00'],
    [{ weekday: 1, start: '00:00', end: '00:00' }, 'weekly.0.end', 'weekly.0.end must be after start (00:00), not 00:00'],
  ])('refuses the range %p naming %s', async (range, field, message) => {
    expect(await problemsOf(SetAvailabilityDto, { slotMinutes: 30, weekly: [range] })).toEqual([{ field, message }]);
  });

  it('refuses slot lengths the booking service refuses', async () => {
    expect(await fieldsOf(SetAvailabilityDto, { slotMinutes: 241, weekly: [] })).toEqual(['slotMinutes']);
    expect(await fieldsOf(SetAvailabilityDto, { slotMinutes: 4, weekly: [] })).toEqual(['slotMinutes']);
  });

  it('accepts an empty weekly template (no working hours)', async () => {
    await expect(validate(SetAvailabilityDto, { slotMinutes: 30, weekly: [] })).resolves.toBeInstanceOf(SetAvailabilityDto);
  });

  it('refuses unknown keys and never lets __proto__ through', async () => {
    const polluted = await validate(CreateBookingDto, JSON.parse(`{"slotId":"${randomUUID()}","serviceId":"${randomUUID()}","__proto__":{"admin":true}}`));
    expect((polluted as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.keys(polluted as object).sort()).toEqual(['serviceId', 'slotId']);
    expect(await fieldsOf(CreateBookingDto, { slotId: randomUUID(), serviceId: randomUUID(), customerId: randomUUID() })).toEqual(['customerId']);
  });

  it.each([null, [], 'a string', 42])('refuses a body that is not an object: %p', async (body) => {
    await expect(validate(CreateBookingDto, body)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it.each([
    [{ priceCents: -1 }, 'priceCents'],
    [{ priceCents: 0 }, 'priceCents'],
    [{ priceCents: 1.5 }, 'priceCents'],
    [{ priceCents: '100' }, 'priceCents'],
    [{ priceCents: Number.MAX_SAFE_INTEGER }, 'priceCents'],
    [{ durationMinutes: 0 }, 'durationMinutes'],
    [{ currency: 'GBPX' }, 'currency'],
    [{ currency: '£' }, 'currency'],
    [{ name: '   ' }, 'name'],
  ])('refuses the service %p', async (override, field) => {
    const base = { name: 'Haircut', durationMinutes: 30, priceCents: 2500, currency: 'gbp' };
    expect(await fieldsOf(CreateServiceDto, { ...base, ...override })).toEqual([field]);
  });

  it('normalizes what it accepts: trimmed names, lower-case currency and email', async () => {
    await expect(validate(CreateServiceDto, { name: ' Haircut ', durationMinutes: 30, priceCents: 2500, currency: 'GBP' })).resolves.toMatchObject({
      name: 'Haircut',
      currency: 'gbp',
    });
    await expect(validate(RegisterDto, { email: ' Sam@Example.COM ', password: 'long-enough', name: 'Sam' })).resolves.toMatchObject({
      email: 'sam@example.com',
    });
  });

  it.each(['Mars/Olympus_Mons', 'GMT+25', '', 'Europe/Londn', 42])('refuses the time zone %p', async (timeZone) => {
    expect(await fieldsOf(CreateBarberDto, { name: 'Sam', timeZone })).toEqual(['timeZone']);
  });

  it.each(['Europe/London', 'America/New_York', 'UTC', 'Asia/Kolkata'])('accepts the time zone %s', async (timeZone) => {
    await expect(validate(CreateBarberDto, { name: 'Sam', timeZone })).resolves.toMatchObject({ timeZone });
  });

  it('refuses passwords outside 8..128 characters and names over 100', async () => {
    expect(await fieldsOf(RegisterDto, { email: 'a@b.co', password: 'x'.repeat(7), name: 'A' })).toEqual(['password']);
    expect(await fieldsOf(RegisterDto, { email: 'a@b.co', password: 'x'.repeat(129), name: 'A' })).toEqual(['password']);
    expect(await fieldsOf(RegisterDto, { email: 'a@b.co', password: 'x'.repeat(8), name: 'n'.repeat(101) })).toEqual(['name']);
    await expect(validate(RegisterDto, { email: 'a@b.co', password: 'x'.repeat(128), name: 'A' })).resolves.toBeDefined();
  });

  it('reports the first broken rule of each field, starting with its type', async () => {
    expect(await problemsOf(RegisterDto, {})).toEqual([
      { field: 'email', message: 'email must be an email address' },
      { field: 'password', message: 'password must be a string' },
      { field: 'name', message: 'name must be a string' },
    ]);
    expect(await problemsOf(CreateServiceDto, { name: 'Cut', durationMinutes: 30, priceCents: '100', currency: 'gbp' })).toEqual([
      { field: 'priceCents', message: 'priceCents must be a whole number of minor units' },
    ]);
    expect(await problemsOf(CreateBookingDto, { slotId: randomUUID(), serviceId: randomUUID(), extra: 1 })).toEqual([
      { field: 'extra', message: 'extra is not a field this endpoint accepts' },
    ]);
  });

  it('requires barberId exactly for barber accounts', async () => {
    const base = { email: 'b@b.co', password: 'long-enough', name: 'B' };
    expect(await problemsOf(CreateStaffUserDto, { ...base, role: 'barber' })).toEqual([{ field: 'barberId', message: 'barberId is required for a barber account' }]);
    expect(await fieldsOf(CreateStaffUserDto, { ...base, role: 'barber', barberId: 'nope' })).toEqual(['barberId']);
    expect(await fieldsOf(CreateStaffUserDto, { ...base, role: 'customer' })).toEqual(['role']);
    await expect(validate(CreateStaffUserDto, { ...base, role: 'admin' })).resolves.toBeDefined();
    await expect(validate(CreateStaffUserDto, { ...base, role: 'barber', barberId: randomUUID() })).resolves.toBeDefined();
  });

  it('validates time off as instants with a zone', async () => {
    expect(await fieldsOf(AddTimeOffDto, { startsAt: '2026-12-09 09:00', endsAt: '2026-12-09T10:00:00Z', reason: 'x'.repeat(501) })).toEqual(['startsAt', 'reason']);
  });

  it('reads query strings: limit and offset as whole numbers within bounds, dates as real days', async () => {
    await expect(validate(ListBookingsQueryDto, { limit: '500', offset: '0', status: 'confirmed' }, 'query')).resolves.toMatchObject({ limit: 500, offset: 0 });
    await expect(validate(ListBookingsQueryDto, {}, 'query')).resolves.toEqual({});
    for (const [query, field] of [
      [{ limit: '501' }, 'limit'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '1.5' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: ['1', '2'] }, 'limit'],
      [{ offset: '-1' }, 'offset'],
      [{ offset: '99999999999999999999' }, 'offset'],
      [{ from: '2026-12-01' }, 'from'],
      [{ barberId: 'x' }, 'barberId'],
    ] as const) {
      expect({ query, fields: await fieldsOf(ListBookingsQueryDto, query, 'query') }).toEqual({ query, fields: [field] });
    }
    expect(await fieldsOf(ListSlotsQueryDto, { date: '2026-02-30' }, 'query')).toEqual(['date']);
    expect(await fieldsOf(ListSlotsQueryDto, { date: ['2026-02-01', '2026-02-02'] }, 'query')).toEqual(['date']);
  });
});

describe('paging (one shared offset/limit, each list its own page size)', () => {
  it('pages dead letters with the same rules, up to 200 at a time', async () => {
    await expect(validate(ListDeadLettersQueryDto, { offset: '1000000', limit: '200' }, 'query')).resolves.toEqual({ offset: 1_000_000, limit: 200 });
    await expect(validate(ListDeadLettersQueryDto, {}, 'query')).resolves.toEqual({});
    expect(await problemsOf(ListDeadLettersQueryDto, { limit: '201' }, 'query')).toEqual([{ field: 'limit', message: 'limit must not be greater than 200' }]);
    expect(await problemsOf(ListBookingsQueryDto, { limit: '501' }, 'query')).toEqual([{ field: 'limit', message: 'limit must not be greater than 500' }]);
    for (const query of [{ limit: '0' }, { limit: 'ten' }, { offset: '-1' }, { offset: '1000001' }, { offset: '1.5' }]) {
      expect({ query, fields: await fieldsOf(ListDeadLettersQueryDto, query, 'query') }).toEqual({ query, fields: Object.keys(query) });
    }
  });
});

describe('UUID path parameters', () => {
  const uuidPipe = new ParseUuidParamPipe();

  it('accepts any UUID version and normalizes case', () => {
    const upper = randomUUID().toUpperCase();
    expect(uuidPipe.transform(upper, { type: 'param', data: 'id' })).toBe(upper.toLowerCase());
    expect(uuidPipe.transform('018f3c1e-7b2a-7c3d-9e4f-5a6b7c8d9e0f', { type: 'param', data: 'id' })).toBe('018f3c1e-7b2a-7c3d-9e4f-5a6b7c8d9e0f');
  });

  it.each(['not-a-uuid', '123', `${randomUUID()}x`, "' OR 1=1 --"])('refuses %p naming the parameter', (value) => {
    expect(() => uuidPipe.transform(value, { type: 'param', data: 'bookingId' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', errors: [{ field: 'bookingId', message: 'bookingId must be a UUID' }] }),
    );
  });
});
