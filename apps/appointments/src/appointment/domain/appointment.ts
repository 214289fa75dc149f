import { Actor, AppointmentStatus } from '@app/contracts';
import { AppointmentNotPaidError, AppointmentNotStartedError } from './appointment.errors';

/**
 * The appointment a booking becomes (DESIGN §6.2). Pure: no Nest, no TypeORM.
 *
 * Its status follows the booking's facts, which may arrive in any order and more than once:
 *   booking.created → pending, booking.confirmed → paid, booking.expired / booking.cancelled →
 *   cancelled. The visit outcomes `completed` and `no_show` are set here (RPC) from `paid`.
 *
 * ORDERING RULE (order independence). Every booking fact carries the instant it happened (the
 * envelope's occurredAt, written by booking in the transaction that made the change) and the
 * booking as it was then: its status and its times. The appointment remembers the fact its
 * status and times came from (`lastFact`) and applies a new fact only when it is LATER: greater
 * occurredAt, or the same occurredAt and a higher FACT_RANK. So status and times are always those
 * of the latest fact seen, whatever order the facts arrived in, and a duplicate (same instant,
 * same kind) changes nothing. This honours a late payment: booking can expire (or cancel) a
 * pending booking and then confirm it again when the payment arrives; that booking.confirmed is
 * later than the booking.expired and wins, and an expired delivered after it loses. A reschedule
 * (booking.rescheduled, DESIGN §6.7) moves the times and restates the status the booking had
 * (pending or paid); a booking.created delivered after it brings the names and nothing older.
 * Ties are only a same-millisecond tie-break:
 *   created < rescheduled < expired < confirmed < cancelled
 * (created is always first; a move happens to a live booking, before whatever ends or confirms
 * it in the same millisecond; booking expires only a pending booking, so a confirmed tied with an
 * expired must be the late payment that followed it; cancel can follow confirm or precede a late
 * payment, and the cancellation wins a tie).
 *
 * Whichever fact arrives first creates the appointment: every booking fact carries the booking,
 * customer, barber and times. Only booking.created carries the names the barber's day shows;
 * until it arrives they are null (shown as ""), and booking.created fills them whenever it
 * arrives, without touching a status a later fact already set.
 *
 * `completed` and `no_show` are outcomes recorded after the visit and are final: a booking fact
 * arriving afterwards is remembered (lastFact) but does not change them.
 */

export type BookingFactKind = 'created' | 'rescheduled' | 'confirmed' | 'expired' | 'cancelled';

export const FACT_RANK: Readonly<Record<BookingFactKind, number>> = {
  created: 0,
  rescheduled: 1,
  expired: 2,
  confirmed: 3,
  cancelled: 4,
};

export interface BookingFact {
  kind: BookingFactKind;
  occurredAt: Date;
  bookingId: string;
  customerId: string;
  barberId: string;
  startsAt: Date;
  endsAt: Date;
  /** booking.created only. */
  customerName?: string;
  serviceName?: string;
  /** booking.rescheduled only: whether the booking was paid when it moved. */
  paid?: boolean;
}

export interface Appointment {
  id: string;
  bookingId: string;
  barberId: string;
  customerId: string;
  customerName: string | null;
  serviceName: string | null;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  /** The booking fact the status came from (or the latest one seen once the outcome is final). */
  lastFact: { kind: BookingFactKind; occurredAt: Date };
  createdAt: Date;
  updatedAt: Date;
}

export function statusOfFact(fact: Pick<BookingFact, 'kind' | 'paid'>): AppointmentStatus {
  switch (fact.kind) {
    case 'created':
      return 'pending';
    case 'rescheduled':
      return fact.paid ? 'paid' : 'pending';
    case 'confirmed':
      return 'paid';
    case 'expired':
    case 'cancelled':
      return 'cancelled';
  }
}

/** True when `fact` happened after `than` by the ordering rule above. */
export function isLaterFact(fact: { kind: BookingFactKind; occurredAt: Date }, than: { kind: BookingFactKind; occurredAt: Date }): boolean {
  const a = fact.occurredAt.getTime();
  const b = than.occurredAt.getTime();
  if (a !== b) return a > b;
  return FACT_RANK[fact.kind] > FACT_RANK[than.kind];
}

export function isVisitOutcome(status: AppointmentStatus): boolean {
  return status === 'completed' || status === 'no_show';
}

/** The appointment a booking's first fact creates. */
export function appointmentFromFact(id: string, fact: BookingFact, now: Date): Appointment {
  return {
    id,
    bookingId: fact.bookingId,
    barberId: fact.barberId,
    customerId: fact.customerId,
    customerName: fact.customerName ?? null,
    serviceName: fact.serviceName ?? null,
    startsAt: fact.startsAt,
    endsAt: fact.endsAt,
    status: statusOfFact(fact),
    lastFact: { kind: fact.kind, occurredAt: fact.occurredAt },
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Apply one booking fact to the appointment. `changed` is false when nothing a reader can see
 * moved (a duplicate, or an older fact), so no appointment.updated is written for it.
 */
export function applyBookingFact(current: Appointment, fact: BookingFact, now: Date): { appointment: Appointment; changed: boolean } {
  let next: Appointment = current;
  if (fact.customerName !== undefined && current.customerName === null) {
    next = { ...next, customerName: fact.customerName, serviceName: fact.serviceName ?? next.serviceName };
  }
  if (isLaterFact(fact, current.lastFact)) {
    const lastFact = { kind: fact.kind, occurredAt: fact.occurredAt };
    // A visit outcome is final: what happened at the visit does not move.
    next = isVisitOutcome(current.status)
      ? { ...next, lastFact }
      : { ...next, lastFact, status: statusOfFact(fact), startsAt: fact.startsAt, endsAt: fact.endsAt };
  }
  const changed =
    next.status !== current.status ||
    next.customerName !== current.customerName ||
    next.serviceName !== current.serviceName ||
    next.startsAt.getTime() !== current.startsAt.getTime() ||
    next.endsAt.getTime() !== current.endsAt.getTime();
  if (next === current) return { appointment: current, changed: false };
  return { appointment: changed ? { ...next, updatedAt: now } : next, changed };
}

export type VisitOutcome = 'completed' | 'no_show';

/** complete / no-show: only a `paid` appointment whose start has passed. */
export function recordVisitOutcome(appointment: Appointment, outcome: VisitOutcome, now: Date): Appointment {
  if (appointment.status !== 'paid') throw new AppointmentNotPaidError(appointment.status);
  if (appointment.startsAt.getTime() > now.getTime()) throw new AppointmentNotStartedError();
  return { ...appointment, status: outcome, updatedAt: now };
}

/** Its customer, its barber, or an admin. */
export function canViewAppointment(actor: Actor, appointment: Pick<Appointment, 'customerId' | 'barberId'>): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'customer':
      return appointment.customerId === actor.userId;
    case 'barber':
      return actor.barberId !== null && appointment.barberId === actor.barberId;
  }
}
