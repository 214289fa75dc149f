import { AppointmentResource, PayloadOf } from '@app/contracts';
import { Appointment } from '../domain/appointment';

/** The API shape (DESIGN §4). Names not known yet (booking.created still on its way) are "". */
export function toAppointmentResource(a: Appointment): AppointmentResource {
  return {
    id: a.id,
    bookingId: a.bookingId,
    barberId: a.barberId,
    customerId: a.customerId,
    customerName: a.customerName ?? '',
    serviceName: a.serviceName ?? '',
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    status: a.status,
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function appointmentUpdatedPayload(a: Appointment): PayloadOf<'appointment.updated'> {
  return { appointment: toAppointmentResource(a) };
}

export function appointmentCreatedPayload(a: Appointment): PayloadOf<'appointment.created'> {
  return { appointmentId: a.id, bookingId: a.bookingId, barberId: a.barberId };
}
