import { Actor } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { bookingScopeOf, canAccessBooking } from './booking-access';

const barberId = randomUUID();
const customerId = randomUUID();
const booking = { customerId, barberId };
const actor = (overrides: Partial<Actor>): Actor => ({ userId: randomUUID(), role: 'customer', barberId: null, name: 'x', email: 'x@example.com', ...overrides });

describe('who may see and cancel a booking', () => {
  it('lets its customer, its barber and any admin in', () => {
    expect(canAccessBooking(actor({ userId: customerId }), booking)).toBe(true);
    expect(canAccessBooking(actor({ role: 'barber', barberId }), booking)).toBe(true);
    expect(canAccessBooking(actor({ role: 'admin' }), booking)).toBe(true);
  });

  it('keeps other customers and other barbers out, and a barber account without a barber', () => {
    expect(canAccessBooking(actor({}), booking)).toBe(false);
    expect(canAccessBooking(actor({ role: 'barber', barberId: randomUUID() }), booking)).toBe(false);
    expect(canAccessBooking(actor({ role: 'barber', barberId: null }), booking)).toBe(false);
    // A barber whose user id happens to be the customer's id is still judged as a barber.
    expect(canAccessBooking(actor({ role: 'barber', userId: customerId, barberId: randomUUID() }), booking)).toBe(false);
  });

  it('scopes lists: own bookings, the barber’s, or all', () => {
    expect(bookingScopeOf(actor({ userId: customerId }))).toEqual({ customerId });
    expect(bookingScopeOf(actor({ role: 'barber', barberId }))).toEqual({ barberId });
    expect(bookingScopeOf(actor({ role: 'barber', barberId: null }))).toBe('none');
    expect(bookingScopeOf(actor({ role: 'admin' }))).toBe('all');
  });
});
