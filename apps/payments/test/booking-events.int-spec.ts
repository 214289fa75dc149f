import { PayloadOf, QUEUES } from '@app/contracts';
import { DeadLetter } from '@app/messaging';
import { randomUUID } from 'node:crypto';
import { LONDON } from '../../../test/support/calendar';
import { eventually } from '../../../test/support/test-infra';
import { PaymentsTestWorld, aCheckoutRequest } from './support/payments-test-app';

/** A working day derived from today: the requests and resources lie in the future whenever the tests run. */
const DAY = LONDON.weekday();

/**
 * booking.cancelled, booking.payment_rejected and booking.expired put on payments-inbox as
 * booking's relay would, taken by the real consumer (inbox transaction, retries, dead letters).
 */
describe('Booking events: refunds and closing sessions', () => {
  let world: PaymentsTestWorld;

  beforeAll(async () => {
    world = await PaymentsTestWorld.start('payments_booking_events');
  });

  afterAll(async () => {
    await world?.close();
  });

  afterEach(async () => {
    world.stripe.setFailure('none');
    await world.settle();
  });

  async function aPaidBooking() {
    const request = aCheckoutRequest();
    const checkout = await world.createCheckout(request);
    const paid = await world.stripe.pay(checkout.sessionId);
    const payment = await world.waitForStatus(request.bookingId, 'succeeded');
    return { bookingId: request.bookingId, sessionId: checkout.sessionId, paymentId: payment.id, paymentIntentId: paid.paymentIntent!.id };
  }

  async function anOpenBooking() {
    const request = aCheckoutRequest();
    const checkout = await world.createCheckout(request);
    const payment = await world.paymentOf(request.bookingId);
    return { bookingId: request.bookingId, sessionId: checkout.sessionId, paymentId: payment.id };
  }

  function cancelled(bookingId: string, overrides: Partial<PayloadOf<'booking.cancelled'>> = {}): PayloadOf<'booking.cancelled'> {
    return {
      bookingId,
      customerId: randomUUID(),
      barberId: randomUUID(),
      slotIds: [randomUUID()],
      startsAt: `${DAY}T09:00:00.000Z`,
      endsAt: `${DAY}T09:30:00.000Z`,
      status: 'cancelled',
      paymentStatus: 'refund_pending',
      cancelledBy: 'barber',
      refund: 'full',
      wasPaid: true,
      reason: 'barber is ill',
      ...overrides,
    };
  }

  function expired(bookingId: string): PayloadOf<'booking.expired'> {
    const { cancelledBy: _cancelledBy, refund: _refund, wasPaid: _wasPaid, reason: _reason, ...change } = cancelled(bookingId);
    return { ...change, status: 'expired', paymentStatus: 'unpaid', reason: 'hold_lapsed' };
  }

  const refundCalls = (paymentId: string) =>
    world.stripe.requests().filter((request) => request.method === 'POST' && request.path === '/v1/refunds' && request.idempotencyKey === `refund:${paymentId}`);

  it('refunds a paid booking cancelled with a full refund under refund:<paymentId>, and writes payment.refunded once', async () => {
    const { bookingId, paymentId, paymentIntentId } = await aPaidBooking();

    const message = await world.deliver('booking.cancelled', cancelled(bookingId));
    await world.waitForInbox(message.id);

    const payment = await world.waitForStatus(bookingId, 'refunded');
    expect(payment.id).toBe(paymentId);
    const calls = refundCalls(paymentId);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ idempotencyKeySource: 'caller', status: 200, params: { payment_intent: paymentIntentId } });
    const [refund] = world.stripe.ledger().refunds.filter((r) => r.payment_intent === paymentIntentId);
    expect(await world.outbox('payment.refunded', bookingId)).toEqual([{ bookingId, paymentId, refundId: refund.id, amountCents: 2500, currency: 'gbp' }]);
    expect(await world.query('SELECT reason, status, stripe_refund_id FROM refunds WHERE payment_id = $1', [paymentId])).toEqual([
      { reason: 'booking_cancelled', status: 'succeeded', stripe_refund_id: refund.id },
    ]);

    // Stripe's charge.refunded, and the same message delivered again, change nothing.
    await world.settle();
    const again = await world.deliver('booking.cancelled', cancelled(bookingId), message.id);
    const another = await world.deliver('booking.cancelled', cancelled(bookingId));
    await world.waitForJob(again.jobId);
    await world.waitForJob(another.jobId);
    expect(world.stripe.deliveries({ type: 'charge.refunded' }).some((d) => d.attempts.at(-1)?.status === 200)).toBe(true);
    expect(await world.outbox('payment.refunded', bookingId)).toHaveLength(1);
    expect(world.stripe.ledger().refunds.filter((r) => r.payment_intent === paymentIntentId)).toHaveLength(1);
  });

  it('keeps the money when the cancellation says no refund', async () => {
    const { bookingId, paymentId } = await aPaidBooking();
    const message = await world.deliver('booking.cancelled', cancelled(bookingId, { refund: 'none', cancelledBy: 'customer' }));
    await world.waitForInbox(message.id);
    expect((await world.paymentOf(bookingId)).status).toBe('succeeded');
    expect(refundCalls(paymentId)).toEqual([]);
  });

  it('refunds a payment booking rejected (a late payment whose slot was taken)', async () => {
    const { bookingId, paymentId } = await aPaidBooking();
    const message = await world.deliver('booking.payment_rejected', { bookingId, paymentId, reason: 'slots no longer available' });
    await world.waitForInbox(message.id);
    await world.waitForStatus(bookingId, 'refunded');
    expect(refundCalls(paymentId).map((call) => call.idempotencyKeySource)).toEqual(['caller']);
    expect(await world.outbox('payment.refunded', bookingId)).toEqual([expect.objectContaining({ paymentId, amountCents: 2500 })]);
    expect(await world.query('SELECT reason FROM refunds WHERE payment_id = $1', [paymentId])).toEqual([{ reason: 'payment_rejected' }]);
  });

  it('retries a refund while Stripe is unreachable, and refunds once it answers', async () => {
    const { bookingId, paymentId } = await aPaidBooking();
    // The first try and both of the SDK's retries fail: the message fails, rolls back, and BullMQ tries again.
    world.stripe.setFailure('unavailable', { requests: 3 });
    const message = await world.deliver('booking.payment_rejected', { bookingId, paymentId, reason: 'booking already paid by another payment' });
    await world.waitForStatus(bookingId, 'refunded');
    await world.waitForInbox(message.id);
    const calls = refundCalls(paymentId);
    expect(calls.map((call) => call.status)).toEqual([503, 503, 503, 200]);
    expect(calls.every((call) => call.idempotencyKeySource === 'caller')).toBe(true);
    expect(await world.outbox('payment.refunded', bookingId)).toHaveLength(1);
  });

  it('dead-letters a rejection of a payment it cannot refund, with the reason', async () => {
    const { bookingId, paymentId } = await anOpenBooking();
    const message = await world.deliver('booking.payment_rejected', { bookingId, paymentId, reason: 'slots no longer available' });
    const letter = await eventually('the dead letter', async () => {
      const letters = await world.queues.deadLetterQueue(QUEUES.paymentsInbox).getWaiting(0, 100);
      return letters.map((job) => job.data as DeadLetter).find((candidate) => (candidate.envelope as { id: string }).id === message.id);
    });
    expect(letter.error).toMatch(/Cannot refund rejected payment .* nothing to refund/);
    expect(refundCalls(paymentId)).toEqual([]);
  });

  it('expires the open Checkout Session of a cancelled booking at Stripe under expire:<sessionId>', async () => {
    const { bookingId, sessionId } = await anOpenBooking();

    const message = await world.deliver('booking.cancelled', cancelled(bookingId, { wasPaid: false, paymentStatus: 'unpaid', cancelledBy: 'customer' }));
    await world.waitForInbox(message.id);

    expect(world.stripe.checkoutSession(sessionId).status).toBe('expired');
    const expire = world.stripe.requests().filter((request) => request.path === `/v1/checkout/sessions/${sessionId}/expire`);
    expect(expire).toEqual([expect.objectContaining({ method: 'POST', idempotencyKey: `expire:${sessionId}`, idempotencyKeySource: 'caller', status: 200 })]);
    expect((await world.paymentOf(bookingId)).status).toBe('expired');
    // Stripe's checkout.session.expired finds it expired already; booking, which caused it, hears nothing.
    await world.settle();
    expect(world.stripe.deliveries({ type: 'checkout.session.expired' }).some((d) => d.attempts.at(-1)?.status === 200)).toBe(true);
    expect(await world.outbox('payment.expired', bookingId)).toEqual([]);
  });

  it('expires the open session of a booking whose hold lapsed', async () => {
    const { bookingId, sessionId } = await anOpenBooking();
    const message = await world.deliver('booking.expired', expired(bookingId));
    await world.waitForInbox(message.id);
    expect(world.stripe.checkoutSession(sessionId).status).toBe('expired');
    expect((await world.paymentOf(bookingId)).status).toBe('expired');
  });

  it('leaves a session the customer completed before the hold lapsed to its (late) payment webhook', async () => {
    const { bookingId, sessionId, paymentId } = await anOpenBooking();
    const paid = await world.stripe.pay(sessionId, { deliver: 'none' });

    const message = await world.deliver('booking.expired', expired(bookingId));
    await world.waitForInbox(message.id);
    expect((await world.paymentOf(bookingId)).status).toBe('open');

    await world.stripe.redeliver(paid.events.find((event) => event.type === 'checkout.session.completed')!.id);
    expect((await world.paymentOf(bookingId)).status).toBe('succeeded');
    expect(await world.outbox('payment.succeeded', bookingId)).toEqual([expect.objectContaining({ paymentId })]);
    const expire = world.stripe.requests().filter((request) => request.path === `/v1/checkout/sessions/${sessionId}/expire`);
    expect(expire.map((request) => [request.idempotencyKeySource, request.status])).toEqual([['caller', 400]]);
  });
});
