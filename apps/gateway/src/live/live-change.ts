import type { AppointmentResource, MessageOf, SlotResource } from '@app/contracts';

export type LiveEvent = 'booking.updated' | 'slot.updated' | 'appointment.updated';

/**
 * One change pushed to SSE subscribers. `barberId` and (for bookings and appointments)
 * `customerId`/`bookingId` are what the streams filter on; `data` is what the client sees.
 */
export interface LiveChange {
  /** SSE id: `<envelope id>:<index of the change within that message>`. */
  id: string;
  event: LiveEvent;
  barberId: string;
  bookingId: string | null;
  customerId: string | null;
  data: Record<string, unknown>;
}

type BookingChangeMessage =
  | MessageOf<'booking.confirmed'>
  | MessageOf<'booking.expired'>
  | MessageOf<'booking.cancelled'>
  | MessageOf<'booking.payment_status_changed'>;

/** booking.confirmed / expired / cancelled → one `booking.updated` with the booking's id and whatever else the payload carries. */
export function bookingChangesOf(message: BookingChangeMessage): LiveChange[] {
  const { bookingId, ...rest } = message.payload;
  return [
    {
      id: `${message.id}:0`,
      event: 'booking.updated',
      barberId: rest.barberId,
      bookingId,
      customerId: rest.customerId,
      data: { id: bookingId, ...rest },
    },
  ];
}

/** booking.rescheduled → `booking.updated` with the booking's new times and slots, in the REST shape (rescheduledFrom). */
export function bookingRescheduledChangesOf(message: MessageOf<'booking.rescheduled'>): LiveChange[] {
  const { bookingId, oldSlotIds: _old, newSlotIds: _new, previousStartsAt, previousEndsAt, ...rest } = message.payload;
  return [
    {
      id: `${message.id}:0`,
      event: 'booking.updated',
      barberId: rest.barberId,
      bookingId,
      customerId: rest.customerId,
      data: { id: bookingId, ...rest, rescheduledFrom: { startsAt: previousStartsAt, endsAt: previousEndsAt } },
    },
  ];
}

/**
 * booking.payment_attempt_failed → `booking.updated` whose `checkout` carries the declined
 * attempt's sentence (the session stays open: the customer may try another card).
 */
export function bookingAttemptFailedChangesOf(message: MessageOf<'booking.payment_attempt_failed'>): LiveChange[] {
  const { bookingId, checkoutSessionId, lastPaymentError, ...rest } = message.payload;
  return [
    {
      id: `${message.id}:0`,
      event: 'booking.updated',
      barberId: rest.barberId,
      bookingId,
      customerId: rest.customerId,
      data: { id: bookingId, ...rest, checkout: { sessionId: checkoutSessionId, lastPaymentError } },
    },
  ];
}

/** slot.changed → one `slot.updated` per slot, each in the shape GET /barbers/:id/slots returns. */
export function slotChangesOf(message: MessageOf<'slot.changed'>): LiveChange[] {
  return message.payload.slots.map((slot, index) => {
    const resource: SlotResource = { id: slot.id, barberId: slot.barberId, startsAt: slot.startsAt, endsAt: slot.endsAt, status: slot.status };
    return { id: `${message.id}:${index}`, event: 'slot.updated', barberId: slot.barberId, bookingId: null, customerId: null, data: { ...resource } };
  });
}

/** appointment.updated → `appointment.updated` with the appointment resource. */
export function appointmentChangesOf(message: MessageOf<'appointment.updated'>): LiveChange[] {
  const appointment: AppointmentResource = message.payload.appointment;
  return [
    {
      id: `${message.id}:0`,
      event: 'appointment.updated',
      barberId: appointment.barberId,
      bookingId: appointment.bookingId,
      customerId: appointment.customerId,
      data: { ...appointment },
    },
  ];
}

export function isLiveChange(value: unknown): value is LiveChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as Record<string, unknown>;
  return (
    typeof change.id === 'string' &&
    (change.event === 'booking.updated' || change.event === 'slot.updated' || change.event === 'appointment.updated') &&
    typeof change.barberId === 'string' &&
    typeof change.data === 'object' &&
    change.data !== null
  );
}

/** The SSE wire format of one change. */
export function sseMessageOf(change: LiveChange): string {
  return `id: ${change.id}\nevent: ${change.event}\ndata: ${JSON.stringify(change.data)}\n\n`;
}
