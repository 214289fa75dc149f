import { id } from './common';
import { bookingCreatedV1 } from './booking.v1';

/**
 * booking.created v2: booking names the booking's appointment (`appointmentIdOf(bookingId)`,
 * a name-based id, recorded on the booking when it is made), so appointments creates it under
 * that id and does not announce it back (no appointment.created → booking hop). `null` only in
 * a v1 upcast (a booking made before v2): its appointment announces itself as before and
 * booking records the link when appointment.created comes back.
 */
export const bookingCreatedV2 = bookingCreatedV1.extend({
  appointmentId: id.nullable(),
});
