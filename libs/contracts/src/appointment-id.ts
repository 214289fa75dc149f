import { v5 as uuidV5 } from 'uuid';

/**
 * The namespace of appointment ids. Fixed forever: another value would give every booking a
 * second appointment id.
 */
const APPOINTMENT_ID_NAMESPACE = '0f22baf1-ccb3-4449-8219-e2bff525cc17';

/**
 * The id of a booking's appointment, derived from the booking's id (UUID v5): booking and
 * appointments both know it without a message carrying it from one to the other (DESIGN §6.2's
 * two-way link, docs/architecture.md). Appointments made before ids were derived keep their own,
 * linked by appointment.created.
 */
export function appointmentIdOf(bookingId: string): string {
  return uuidV5(bookingId, APPOINTMENT_ID_NAMESPACE);
}
