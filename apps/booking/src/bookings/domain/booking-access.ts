import { Actor } from '@app/contracts';
import { Booking } from './booking';

/** Its customer, its barber, or an admin: who may see a booking, and cancel it. */
export function canAccessBooking(actor: Actor, booking: Pick<Booking, 'customerId' | 'barberId'>): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'customer':
      return booking.customerId === actor.userId;
    case 'barber':
      return actor.barberId !== null && booking.barberId === actor.barberId;
  }
}

/** The bookings an actor may list: a customer their own, a barber their barber's, an admin all. */
export type BookingScope = { customerId: string } | { barberId: string } | 'all' | 'none';

export function bookingScopeOf(actor: Actor): BookingScope {
  switch (actor.role) {
    case 'admin':
      return 'all';
    case 'customer':
      return { customerId: actor.userId };
    case 'barber':
      return actor.barberId ? { barberId: actor.barberId } : 'none';
  }
}
