import { MessageType } from './catalog';

/**
 * Queue names are persisted in Redis keys and dead letters: NEVER rename one.
 * Each consumer has exactly one inbox queue; its dead letters go to `<name>-dlq`.
 */
export const QUEUES = {
  bookingInbox: 'booking-inbox',
  paymentsInbox: 'payments-inbox',
  appointmentsInbox: 'appointments-inbox',
  gatewayLive: 'gateway-live',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const INBOX_QUEUES: readonly QueueName[] = Object.values(QUEUES);

export function deadLetterQueueOf(queue: string): string {
  return `${queue}-dlq`;
}

/**
 * Destinations the relay broadcasts to instead of queueing: one Redis PUBLISH per relay batch
 * on `broadcastChannelOf(prefix, queue)`, received by every process of the consumer, at most
 * once. Only for consumers whose effect is a notification that a client can re-read (live
 * feeds: a browser re-syncs on reconnect), never for state. It spares each such message a
 * BullMQ job (add, fetch, complete) and a consumer hop; the queue itself stays, drained by
 * the consumer, for dead letters replayed onto it and jobs written before this existed.
 */
export const BROADCAST_QUEUES: ReadonlySet<QueueName> = new Set<QueueName>([QUEUES.gatewayLive]);

export function broadcastChannelOf(prefix: string, queue: string): string {
  return `${prefix}:broadcast:${queue}`;
}

/** Event type → the inbox queues it is added to, both in the catalog's own names (a typo fails to compile). */
export type RoutingTable = Readonly<Partial<Record<MessageType, readonly QueueName[]>>>;

/**
 * Which queues receive each message type. The relay adds one job per queue listed;
 * every consumer must have exactly one handler for each type routed to its queue
 * (checked at boot). A type routed nowhere is written to the outbox and dropped by
 * the relay with a warning: route it before you rely on it.
 */
export const ROUTES = {
  'payment.succeeded': [QUEUES.bookingInbox],
  'payment.failed': [QUEUES.bookingInbox],
  'payment.expired': [QUEUES.bookingInbox],
  'payment.refunded': [QUEUES.bookingInbox],
  'payment.attempt_failed': [QUEUES.bookingInbox],
  'payment.status_changed': [QUEUES.bookingInbox],
  'booking.payment_status_changed': [QUEUES.gatewayLive],
  'booking.payment_attempt_failed': [QUEUES.gatewayLive],
  'booking.created': [QUEUES.appointmentsInbox],
  'booking.confirmed': [QUEUES.appointmentsInbox, QUEUES.gatewayLive],
  'booking.cancelled': [QUEUES.paymentsInbox, QUEUES.appointmentsInbox, QUEUES.gatewayLive],
  'booking.payment_rejected': [QUEUES.paymentsInbox],
  'booking.expired': [QUEUES.paymentsInbox, QUEUES.appointmentsInbox, QUEUES.gatewayLive],
  'booking.rescheduled': [QUEUES.appointmentsInbox, QUEUES.gatewayLive],
  'appointment.created': [QUEUES.bookingInbox],
  'slot.changed': [QUEUES.gatewayLive],
  'appointment.updated': [QUEUES.gatewayLive],
} as const satisfies RoutingTable;
