import { z } from 'zod';
import { actorSchema } from './actor';
import { rpcRequest } from './rpc-table';

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

export const listDayRequest = rpcRequest({
  actor: actorSchema,
  barberId: z.string(),
  /** YYYY-MM-DD in `timeZone`. */
  date: z.string(),
  /** The barber's IANA zone (the gateway asks booking): the day is that zone's day. UTC when absent. */
  timeZone: z.string().optional(),
});
export type ListDayRequest = z.input<typeof listDayRequest>;

/** That barber or an admin: their paid and completed appointments starting in [from, to). */
export const listCalendarRequest = rpcRequest({ actor: actorSchema, barberId: z.string(), from: z.string(), to: z.string() });
export type ListCalendarRequest = z.input<typeof listCalendarRequest>;

export const getAppointmentRequest = rpcRequest({ actor: actorSchema, appointmentId: z.string() });
export type GetAppointmentRequest = z.input<typeof getAppointmentRequest>;

export const markAppointmentRequest = rpcRequest({ actor: actorSchema, appointmentId: z.string() });
export type MarkAppointmentRequest = z.input<typeof markAppointmentRequest>;
