import type { AppointmentResource, BookingResource } from '@app/contracts';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

/** The product identifier every feed carries (RFC 5545 PRODID). */
const PRODUCT = { company: 'Barbershop', product: 'Barbershop booking', language: 'EN' };

const STATUS_WORDS: Record<AppointmentResource['status'], string> = {
  pending: 'Awaiting payment',
  paid: 'Paid',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No-show',
};

/**
 * A barber's subscribed calendar: one event per paid or completed appointment. UIDs are the
 * appointment ids, so a calendar app updates an event in place when it moves.
 */
export function barberCalendar(barberName: string, appointments: AppointmentResource[]): string {
  const calendar = ical({ name: `${barberName} — appointments`, prodId: PRODUCT, ttl: 15 * 60 });
  for (const appointment of appointments) {
    calendar.createEvent({
      id: `appointment-${appointment.id}@barbershop`,
      start: new Date(appointment.startsAt),
      end: new Date(appointment.endsAt),
      stamp: new Date(appointment.updatedAt),
      lastModified: new Date(appointment.updatedAt),
      summary: `${appointment.serviceName} — ${appointment.customerName}`,
      description: `${STATUS_WORDS[appointment.status]}. Booking ${appointment.bookingId}.`,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** "Add to my calendar" for a customer: their confirmed booking as one event. */
export function bookingCalendar(booking: BookingResource, bookingPageUrl: string): string {
  const calendar = ical({ prodId: PRODUCT, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({
    id: `booking-${booking.id}@barbershop`,
    start: new Date(booking.startsAt),
    end: new Date(booking.endsAt),
    stamp: new Date(booking.updatedAt),
    summary: `${booking.serviceName} with ${booking.barberName}`,
    description: `Your booking at the barbershop. See or change it: ${bookingPageUrl}`,
    url: bookingPageUrl,
    status: ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
