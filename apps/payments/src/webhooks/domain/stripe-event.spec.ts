import { interpretStripeEvent } from './stripe-event';

const event = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1', type, data: { object } });
const session = { id: 'cs_test_1', amount_total: 2500, currency: 'gbp', payment_intent: 'pi_1', payment_status: 'paid' };
const intent = { id: 'pi_1', amount_received: 2500, currency: 'gbp', metadata: { bookingId: 'b1', paymentId: 'p1' } };

describe('interpretStripeEvent', () => {
  it('reads a paid checkout.session.completed as a success of the session’s total', () => {
    expect(interpretStripeEvent(event('checkout.session.completed', session))).toEqual({
      kind: 'payment_fact',
      locator: { by: 'checkout_session', checkoutSessionId: 'cs_test_1' },
      fact: { kind: 'succeeded', amountCents: 2500, currency: 'gbp', paymentIntentId: 'pi_1' },
    });
  });

  it('waits for the outcome of a delayed method: completed but unpaid changes nothing', () => {
    expect(interpretStripeEvent(event('checkout.session.completed', { ...session, payment_status: 'unpaid' })).kind).toBe('ignored');
  });

  it('reads async_payment_succeeded as the success, async_payment_failed and expired as their facts', () => {
    expect(interpretStripeEvent(event('checkout.session.async_payment_succeeded', session))).toMatchObject({ fact: { kind: 'succeeded' } });
    expect(interpretStripeEvent(event('checkout.session.async_payment_failed', session))).toMatchObject({
      locator: { checkoutSessionId: 'cs_test_1' },
      fact: { kind: 'failed', reason: 'async_payment_failed' },
    });
    expect(interpretStripeEvent(event('checkout.session.expired', session))).toMatchObject({ fact: { kind: 'expired' } });
  });

  it('takes an expanded payment_intent object by its id', () => {
    expect(interpretStripeEvent(event('checkout.session.completed', { ...session, payment_intent: { id: 'pi_x' } }))).toMatchObject({
      fact: { paymentIntentId: 'pi_x' },
    });
  });

  it('reads PaymentIntent events as the same facts, by intent, only when they carry metadata.bookingId', () => {
    expect(interpretStripeEvent(event('payment_intent.succeeded', intent))).toEqual({
      kind: 'payment_fact',
      locator: { by: 'payment_intent', paymentIntentId: 'pi_1', paymentId: 'p1', bookingId: 'b1' },
      fact: { kind: 'succeeded', amountCents: 2500, currency: 'gbp', paymentIntentId: 'pi_1' },
    });
    expect(
      interpretStripeEvent(event('payment_intent.payment_failed', { ...intent, last_payment_error: { message: 'Your card was declined.' } })),
    ).toMatchObject({ fact: { kind: 'failed', reason: 'Your card was declined.' } });
    expect(interpretStripeEvent(event('payment_intent.succeeded', { ...intent, metadata: {} })).kind).toBe('ignored');
  });

  it('reads charge.refunded by its PaymentIntent, and whether the whole charge went back', () => {
    const charge = { id: 'ch_1', payment_intent: 'pi_1', amount: 2500, amount_refunded: 2500, refunded: true, metadata: {} };
    expect(interpretStripeEvent(event('charge.refunded', charge))).toEqual({
      kind: 'charge_refunded',
      locator: { by: 'payment_intent', paymentIntentId: 'pi_1', paymentId: null, bookingId: null },
      fullyRefunded: true,
    });
    expect(interpretStripeEvent(event('charge.refunded', { ...charge, amount_refunded: 1000, refunded: false }))).toMatchObject({ fullyRefunded: false });
  });

  it('stores and ignores every other type, and malformed objects', () => {
    expect(interpretStripeEvent(event('customer.created', { id: 'cus_1' })).kind).toBe('ignored');
    expect(interpretStripeEvent(event('checkout.session.completed', { payment_status: 'paid' })).kind).toBe('ignored');
    expect(interpretStripeEvent({ id: 'evt_1', type: 'checkout.session.expired', data: { object: null } }).kind).toBe('ignored');
  });
});
