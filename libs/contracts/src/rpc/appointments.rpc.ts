import { Actor, RpcMeta } from './actor';

/** Gateway → appointments request/response patterns (TCP). */
export const APPOINTMENTS_RPC = {
  /** → { status: 'ok' } */
  health: 'appointments.health',
  /** ListDayRequest → AppointmentResource[] ordered by start (that barber, or an admin). */
  listDay: 'appointments.day.list',
  /** GetAppointmentRequest → AppointmentResource (its customer, its barber, an admin). */
  get: 'appointments.get',
  /**
   * MarkAppointmentRequest → AppointmentResource. Only a `paid` appointment whose start has
   * passed (APPOINTMENT_NOT_PAID / APPOINTMENT_NOT_STARTED otherwise); that barber or an admin.
   */
  complete: 'appointments.complete',
  noShow: 'appointments.no-show',
} as const;

export interface ListDayRequest extends RpcMeta {
  actor: Actor;
  barberId: string;
  /** YYYY-MM-DD, UTC day unless the appointments service knows the barber's zone. */
  date: string;
}

export interface GetAppointmentRequest extends RpcMeta {
  actor: Actor;
  appointmentId: string;
}

export interface MarkAppointmentRequest extends RpcMeta {
  actor: Actor;
  appointmentId: string;
}
