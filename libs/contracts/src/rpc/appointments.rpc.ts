import { Actor, RpcMeta } from './actor';

/** Gateway → appointments request/response patterns (TCP). */
export const APPOINTMENTS_RPC = {
  /** → { status: 'ok' } */
  health: 'appointments.health',
  /** ListDayRequest → AppointmentResource[] ordered by start (that barber, or an admin). */
  listDay: 'appointments.day.list',
  /** ListCalendarRequest → AppointmentResource[] (paid and completed) ordered by start: the calendar feed. */
  listCalendar: 'appointments.calendar.list',
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
  /** YYYY-MM-DD in `timeZone`. */
  date: string;
  /** The barber's IANA zone (the gateway asks booking): the day is that zone's day. UTC when absent. */
  timeZone?: string;
}

/** That barber or an admin: their paid and completed appointments starting in [from, to). */
export interface ListCalendarRequest extends RpcMeta {
  actor: Actor;
  barberId: string;
  from: string;
  to: string;
}

export interface GetAppointmentRequest extends RpcMeta {
  actor: Actor;
  appointmentId: string;
}

export interface MarkAppointmentRequest extends RpcMeta {
  actor: Actor;
  appointmentId: string;
}
