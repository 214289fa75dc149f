import { PaymentsTestWorld, aCheckoutRequest } from '../../../../test/support/payments-test-app';
import { RetryUnissuedRefundsUseCase } from './retry-unissued-refunds.use-case';

/**
 * RetryUnissuedRefundsUseCase against real PostgreSQL and the Stripe stand-in: a refund asked for
 * but never sent (here, of a payment refused for its amount while Stripe was down) is left alone
 * within its grace, kept while Stripe still fails, and issued once when Stripe answers. The
 * scheduler's sweep around it is in apps/payments/test/webhooks.int-spec.ts.
 */
describe('RetryUnissuedRefundsUseCase', () => {
  let world: PaymentsTestWorld;
  let retry: RetryUnissuedRefundsUseCase;

  beforeAll(async () => {
    world = await PaymentsTestWorld.start('retry_unissued_refunds_use_case', { webhookRetry: { attempts: 1 } }, { reconcileIntervalSeconds: 3600 });
    retry = world.app.get(RetryUnissuedRefundsUseCase);
  });

  afterEach(async () => {
    world.stripe.setFailure('none');
    await world.settle();
  });

  afterAll(async () => {
    await world?.close();
  });

  /** A payment of the wrong amount, refused; its refund call (the try and both SDK retries) failed. */
  async function anUnissuedRefund() {
    const request = aCheckoutRequest();
    const checkout = await world.createCheckout(request);
    const [payment] = await world.paymentsOf(request.bookingId);
    world.stripe.setFailure('unavailable', { requests: 3 });
    const paid = await world.stripe.pay(checkout.sessionId, { amountCents: 100, deliver: ['checkout.session.completed'] });
    await world.settle();
    expect(await refundOf(payment.id)).toEqual({ status: 'pending', stripe_refund_id: null });
    return { bookingId: request.bookingId, paymentId: payment.id, paymentIntentId: paid.paymentIntent!.id };
  }

  const refundOf = async (paymentId: string) =>
    (await world.query<{ status: string; stripe_refund_id: string | null }>('SELECT status, stripe_refund_id FROM refunds WHERE payment_id = $1', [paymentId]))[0];
  const refundsAtStripe = (paymentIntentId: string) => world.stripe.ledger().refunds.filter((refund) => refund.payment_intent === paymentIntentId);
  const pastTheGrace = (paymentId: string) => world.query(`UPDATE refunds SET updated_at = now() - interval '1 minute' WHERE payment_id = $1`, [paymentId]);

  it('leaves a refund asked for within the grace alone (it may still be on its way)', async () => {
    const { paymentId, paymentIntentId } = await anUnissuedRefund();

    expect(await retry.execute()).toBe(0);

    expect(await refundOf(paymentId)).toEqual({ status: 'pending', stripe_refund_id: null });
    expect(refundsAtStripe(paymentIntentId)).toEqual([]);
    await pastTheGrace(paymentId);
    expect(await retry.execute()).toBe(1);
  });

  it('keeps it while Stripe still fails, issues it once Stripe answers, and a later pass finds nothing', async () => {
    const { bookingId, paymentId, paymentIntentId } = await anUnissuedRefund();
    await pastTheGrace(paymentId);
    world.stripe.setFailure('unavailable');

    expect(await retry.execute()).toBe(0);
    expect(await refundOf(paymentId)).toEqual({ status: 'pending', stripe_refund_id: null });

    world.stripe.setFailure('none');
    expect(await retry.execute()).toBe(1);
    await world.settle();

    expect(await refundOf(paymentId)).toEqual({ status: 'succeeded', stripe_refund_id: expect.stringMatching(/^re_/) });
    expect(refundsAtStripe(paymentIntentId)).toHaveLength(1);
    expect((await world.paymentOf(bookingId)).status).toBe('refunded');
    expect(await retry.execute()).toBe(0);
  });
});
