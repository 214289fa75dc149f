import type { BookingResource } from '@app/contracts';

/** The booking as the API returns it: `checkout` is always present (null until payments create a session). */
export function toBookingResponse(booking: BookingResource): BookingResource {
  return { ...booking, checkout: booking.checkout ?? null };
}
