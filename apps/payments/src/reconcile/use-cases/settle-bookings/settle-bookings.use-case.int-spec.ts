import { randomUUID } from 'node:crypto';
import { PaymentsTestWorld, aCheckoutRequest } from '../../../../test/support/payments-test-app';
import { SettleBookingsUseCase } from './settle-bookings.use-case';

/**
 * SettleBookingsUseCase against real PostgreSQL and the Stripe stand-in: booking's question
 * "did any of these lapsed bookings get paid?" is answered after asking Stripe about their open
 * sessions, and with what is recorded when Stripe cannot be reached. The RPC path is in
 * apps/payments/test/reconcile.int-spec.ts.
 */
describe('SettleBookingsUseCase', () => {
  let world: PaymentsTestWorld;
  let settle: SettleBookingsUseCase;

  beforeAll(async () => {
    world = await PaymentsTestWorld.start('settle_bookings_use_case', { webhookRetry: { attempts: 1 } }, { reconcileIntervalSeconds: 3600 });
    settle = world.app.get(SettleBookingsUseCase);
  });

  afterEach(async () => {
    world.stripe.setFailure('none');
    await world.settle();
  });

  afterAll(async () => {
    await world?.close();
  });

  async function anOpenCheckout() {
    const request = aCheckoutRequest();
    const checkout = await world.createCheckout(request);
    return { bookingId: request.bookingId, sessionId: checkout.sessionId };
  }

  async function aRecordedPayment() {
    const open = await anOpenCheckout();
    await world.stripe.pay(open.sessionId);
    await world.waitForStatus(open.bookingId, 'succeeded');
    return open;
  }

  it('answers each booking: a recorded success, a success Stripe had but we had not (now recorded), null for unpaid, abandoned and unknown', async () => {
    const recorded = await aRecordedPayment();
    const lostWebhook = await anOpenCheckout();
    const paid = await world.stripe.pay(lostWebhook.sessionId, { deliver: 'none' });
    const unpaid = await anOpenCheckout();
    const abandoned = await anOpenCheckout();
    await world.stripe.abandon(abandoned.sessionId);
    await world.waitForStatus(abandoned.bookingId, 'expired');
    const unknown = randomUUID();

    const answer = await settle.execute([recorded.bookingId, lostWebhook.bookingId, unpaid.bookingId, abandoned.bookingId, unknown]);

    expect(answer).toEqual({
      [recorded.bookingId]: expect.objectContaining({ bookingId: recorded.bookingId, checkoutSessionId: recorded.sessionId, amountCents: 2500, currency: 'gbp' }),
      [lostWebhook.bookingId]: expect.objectContaining({ bookingId: lostWebhook.bookingId, paymentIntentId: paid.paymentIntent!.id }),
      [unpaid.bookingId]: null,
      [abandoned.bookingId]: null,
      [unknown]: null,
    });
    expect((await world.paymentOf(lostWebhook.bookingId)).status).toBe('succeeded');
    expect(await world.outbox('payment.succeeded', lostWebhook.bookingId)).toHaveLength(1);
    expect((await world.paymentOf(unpaid.bookingId)).status).toBe('open');
  });

  it('answers with what is recorded while Stripe cannot be reached, records nothing, and settles the rest once it answers', async () => {
    const recorded = await aRecordedPayment();
    const lostWebhook = await anOpenCheckout();
    await world.stripe.pay(lostWebhook.sessionId, { deliver: 'none' });
    world.stripe.setFailure('unavailable');

    const whileDown = await settle.execute([recorded.bookingId, lostWebhook.bookingId]);

    expect(whileDown).toEqual({ [recorded.bookingId]: expect.objectContaining({ bookingId: recorded.bookingId }), [lostWebhook.bookingId]: null });
    expect((await world.paymentOf(lostWebhook.bookingId)).status).toBe('open');
    expect(await world.outbox('payment.succeeded', lostWebhook.bookingId)).toHaveLength(0);

    world.stripe.setFailure('none');
    expect((await settle.execute([lostWebhook.bookingId]))[lostWebhook.bookingId]).toEqual(expect.objectContaining({ bookingId: lostWebhook.bookingId }));
    expect(await world.outbox('payment.succeeded', lostWebhook.bookingId)).toHaveLength(1);
  });

  it('records a success once when two questions about the same booking race (no lock: recording is idempotent)', async () => {
    const lostWebhook = await anOpenCheckout();
    await world.stripe.pay(lostWebhook.sessionId, { deliver: 'none' });

    const [first, second] = await Promise.all([settle.execute([lostWebhook.bookingId]), settle.execute([lostWebhook.bookingId])]);

    expect(first).toEqual(second);
    expect(first[lostWebhook.bookingId]).not.toBeNull();
    expect(await world.outbox('payment.succeeded', lostWebhook.bookingId)).toHaveLength(1);
  });
});
