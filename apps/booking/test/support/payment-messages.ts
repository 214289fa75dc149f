import { BookingResource, Envelope, MessageType, PayloadOf, QUEUES } from '@app/contracts';
import { InboxService, ProcessOutcome, QueueRegistry } from '@app/messaging';
import { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { eventually } from '../../../../test/support/test-infra';
import { BookingProcess } from './booking-test-app';

/** An envelope as payments' relay would put it on booking-inbox. */
export function envelopeOf<T extends MessageType>(type: T, payload: PayloadOf<T>, id: string = randomUUID()): Envelope<T, PayloadOf<T>> {
  return { id, type, version: 1, occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, payload };
}

/** The same message sent again under a new id (payments writing the fact twice), not a redelivery. */
export function reissued<E extends Envelope>(envelope: E): E {
  return { ...envelope, id: randomUUID(), occurredAt: new Date().toISOString(), correlationId: randomUUID() };
}

const stripeId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '')}`;

export function paymentSucceeded(
  booking: Pick<BookingResource, 'id' | 'priceCents' | 'currency'>,
  overrides: Partial<PayloadOf<'payment.succeeded'>> = {},
): Envelope<'payment.succeeded', PayloadOf<'payment.succeeded'>> {
  return envelopeOf('payment.succeeded', {
    bookingId: booking.id,
    paymentId: randomUUID(),
    amountCents: booking.priceCents,
    currency: booking.currency,
    paymentIntentId: stripeId('pi'),
    checkoutSessionId: stripeId('cs_test'),
    ...overrides,
  });
}

export function paymentExpired(bookingId: string, paymentId: string = randomUUID()) {
  return envelopeOf('payment.expired', { bookingId, paymentId, checkoutSessionId: stripeId('cs_test') });
}

export function paymentFailed(bookingId: string, paymentId: string = randomUUID()) {
  return envelopeOf('payment.failed', { bookingId, paymentId, checkoutSessionId: stripeId('cs_test'), reason: 'card_declined' });
}

export function paymentRefunded(booking: Pick<BookingResource, 'id' | 'priceCents' | 'currency'>, paymentId: string) {
  return envelopeOf('payment.refunded', {
    bookingId: booking.id,
    paymentId,
    refundId: stripeId('re'),
    amountCents: booking.priceCents,
    currency: booking.currency,
  });
}

/**
 * Put each envelope on booking-inbox (one job per entry, so the same envelope listed twice is
 * delivered twice, as a redelivery would) and wait until the process's own worker has
 * finished every job. A job that fails fails the test with its reason.
 */
export async function deliver(process: BookingProcess, envelopes: Envelope[]): Promise<void> {
  const queue = process.get(QueueRegistry).get(QUEUES.bookingInbox);
  const jobs = await queue.addBulk(
    envelopes.map((envelope) => ({ name: envelope.type, data: envelope, opts: { jobId: `${envelope.id}-copy-${randomUUID()}` } })),
  );
  await eventually(
    `${jobs.length} booking-inbox job(s) to finish`,
    async () => {
      const states = await Promise.all(
        jobs.map(async (job) => {
          const current = await queue.getJob(job.id!);
          if (current?.failedReason) throw new Error(`job ${job.id} (${job.name}) failed: ${current.failedReason}`);
          return current?.finishedOn !== undefined;
        }),
      );
      return states.every(Boolean);
    },
    { timeoutMs: 20_000 },
  );
}

/** Apply one envelope through the consumer's InboxService directly (exact order, no queue). */
export function applyThroughInbox(process: BookingProcess, envelope: Envelope): Promise<ProcessOutcome> {
  return process.get(InboxService).process({ id: envelope.id, name: envelope.type, data: envelope, attemptsMade: 0 } as unknown as Job);
}

/** How many events of `type` the outbox holds for one booking. */
export async function eventCount(dataSource: DataSource, type: MessageType, bookingId: string): Promise<number> {
  const [row]: Array<{ n: number }> = await dataSource.query(
    `SELECT count(*)::int AS n FROM outbox WHERE type = $1 AND envelope -> 'payload' ->> 'bookingId' = $2`,
    [type, bookingId],
  );
  return row.n;
}
