import { DomainError } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { validateCreateBooking, validateListBookings } from './booking-request';

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return ((error as DomainError).errors ?? []).map((p) => p.field);
  }
  return [];
};

describe('booking request validation', () => {
  it('accepts a slot, a service and an optional key', () => {
    const slotId = randomUUID();
    const serviceId = randomUUID();
    expect(validateCreateBooking({ slotId, serviceId })).toEqual({ slotId, serviceId, idempotencyKey: null });
    expect(validateCreateBooking({ slotId, serviceId, idempotencyKey: 'k-1' }).idempotencyKey).toBe('k-1');
  });

  it('names malformed ids and keys before anything reaches the database', () => {
    expect(fieldsOf(() => validateCreateBooking({ slotId: 'not-a-uuid', serviceId: 42 }))).toEqual(['slotId', 'serviceId']);
    expect(fieldsOf(() => validateCreateBooking({ slotId: randomUUID(), serviceId: randomUUID(), idempotencyKey: 'a b' }))).toEqual([
      'idempotencyKey',
    ]);
    expect(fieldsOf(() => validateCreateBooking(undefined))).toEqual(['slotId', 'serviceId']);
  });

  it('defaults and bounds list paging, and parses the time filters', () => {
    expect(validateListBookings({})).toEqual({ limit: 100, offset: 0 });
    expect(validateListBookings({ limit: 500, offset: 3, from: '2027-01-01T00:00:00Z' })).toMatchObject({
      limit: 500,
      offset: 3,
      from: new Date('2027-01-01T00:00:00Z'),
    });
    expect(fieldsOf(() => validateListBookings({ limit: 501 }))).toEqual(['limit']);
    expect(fieldsOf(() => validateListBookings({ status: 'paid', barberId: 'x' }))).toEqual(['status', 'barberId']);
    expect(fieldsOf(() => validateListBookings({ from: 'yesterday' }))).toEqual(['from']);
  });
});
