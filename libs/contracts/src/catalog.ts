import { z } from 'zod';
import { appointmentCreatedV1, appointmentUpdatedV1 } from './events/appointment.v1';
import {
  bookingCancelledV1,
  bookingConfirmedV1,
  bookingCreatedV1,
  bookingExpiredV1,
  bookingPaymentAttemptFailedV1,
  bookingPaymentRejectedV1,
  bookingPaymentStatusChangedV1,
  bookingRescheduledV1,
} from './events/booking.v1';
import {
  paymentAttemptFailedV1,
  paymentExpiredV1,
  paymentFailedV1,
  paymentRefundedV1,
  paymentStatusChangedV1,
  paymentSucceededV1,
} from './events/payment.v1';
import { slotChangedV1 } from './events/slot.v1';
import { Envelope } from './envelope';

/**
 * The message catalog. Type strings are persisted public names: they sit in outbox
 * rows, queue jobs and dead letters. NEVER rename one or change a schema in a way
 * that rejects old messages; add a new version instead.
 */
export const MESSAGE_CATALOG = {
  'booking.created': { version: 1, schema: bookingCreatedV1 },
  'booking.confirmed': { version: 1, schema: bookingConfirmedV1 },
  'booking.expired': { version: 1, schema: bookingExpiredV1 },
  'booking.cancelled': { version: 1, schema: bookingCancelledV1 },
  'booking.payment_rejected': { version: 1, schema: bookingPaymentRejectedV1 },
  'booking.payment_status_changed': { version: 1, schema: bookingPaymentStatusChangedV1 },
  'booking.payment_attempt_failed': { version: 1, schema: bookingPaymentAttemptFailedV1 },
  'booking.rescheduled': { version: 1, schema: bookingRescheduledV1 },
  'appointment.created': { version: 1, schema: appointmentCreatedV1 },
  'appointment.updated': { version: 1, schema: appointmentUpdatedV1 },
  'payment.succeeded': { version: 1, schema: paymentSucceededV1 },
  'payment.failed': { version: 1, schema: paymentFailedV1 },
  'payment.expired': { version: 1, schema: paymentExpiredV1 },
  'payment.refunded': { version: 1, schema: paymentRefundedV1 },
  'payment.attempt_failed': { version: 1, schema: paymentAttemptFailedV1 },
  'payment.status_changed': { version: 1, schema: paymentStatusChangedV1 },
  'slot.changed': { version: 1, schema: slotChangedV1 },
} as const;

export type MessageCatalog = typeof MESSAGE_CATALOG;
export type MessageType = keyof MessageCatalog;
export type PayloadOf<T extends MessageType> = z.infer<MessageCatalog[T]['schema']>;
export type MessageOf<T extends MessageType> = Envelope<T, PayloadOf<T>>;
/** Discriminated union of every message, keyed by `type`. */
export type AnyMessage = { [T in MessageType]: MessageOf<T> }[MessageType];

export const MESSAGE_TYPES = Object.keys(MESSAGE_CATALOG) as MessageType[];

export function isMessageType(type: string): type is MessageType {
  return Object.prototype.hasOwnProperty.call(MESSAGE_CATALOG, type);
}
