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
      interpretStripeEvent(event('payment_intent.payment_failed', { ...intent, last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' } })),
    ).toMatchObject({
      // A declined attempt, not the end of the payment: the customer may try another card (DESIGN §5).
      fact: { kind: 'attempt_failed', message: 'Your card has insufficient funds. Try another card.', declineCode: 'insufficient_funds', paymentIntentId: 'pi_1' },
    });
    expect(interpretStripeEvent(event('payment_intent.succeeded', { ...intent, metadata: {} })).kind).toBe('ignored');
  });

  it('reads charge.refunded by its PaymentIntent, and whether the whole charge went back', () => {
    const charge = { id: 'ch_1', payment_intent: 'pi_1', amount: 2500, amount_refunded: 2500, refunded: true, metadata: {} };
    expect(interpretStripeEvent(event('charge.refunded', charge))).toEqual({
      kind: 'charge_refunded',
      locator: { by: 'payment_intent', paymentIntentId: 'pi_1', paymentId: null, bookingId: null },
      fullyRefunded: true,
      charge: { chargeId: 'ch_1', amountCents: 2500, amountRefundedCents: 2500 },
    });
    expect(interpretStripeEvent(event('charge.refunded', { ...charge, amount_refunded: 1000, refunded: false }))).toMatchObject({ fullyRefunded: false });
  });

  it('reads refund events by the refund’s PaymentIntent, with its status and failure reason', () => {
    const refund = { id: 're_1', payment_intent: 'pi_1', amount: 2500, currency: 'gbp', status: 'failed', failure_reason: 'expired_or_canceled_card', metadata: { paymentId: 'p1' } };
    for (const type of ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated']) {
      expect(interpretStripeEvent(event(type, refund))).toEqual({
        kind: 'refund_report',
        locator: { by: 'payment_intent', paymentIntentId: 'pi_1', paymentId: 'p1', bookingId: null },
        refund: { stripeRefundId: 're_1', status: 'failed', amountCents: 2500, currency: 'gbp', failureReason: 'expired_or_canceled_card', paymentIdInMetadata: 'p1' },
      });
    }
  });

  it('reads disputes by their charge and PaymentIntent (they carry no metadata of ours), with the evidence due date', () => {
    const dispute = { id: 'dp_1', charge: 'ch_1', payment_intent: 'pi_1', status: 'needs_response', evidence_details: { due_by: 1_800_000_000 }, metadata: {} };
    expect(interpretStripeEvent(event('charge.dispute.created', dispute))).toEqual({
      kind: 'dispute',
      locator: { by: 'charge', chargeId: 'ch_1', paymentIntentId: 'pi_1' },
      dispute: { disputeId: 'dp_1', status: 'needs_response', chargeId: 'ch_1', evidenceDueBy: new Date(1_800_000_000_000) },
    });
    expect(interpretStripeEvent(event('charge.dispute.closed', { ...dispute, charge: null, payment_intent: null })).kind).toBe('ignored');
  });

  it('stores and ignores every other type, and malformed objects', () => {
    expect(interpretStripeEvent(event('customer.created', { id: 'cus_1' })).kind).toBe('ignored');
    expect(interpretStripeEvent(event('checkout.session.completed', { payment_status: 'paid' })).kind).toBe('ignored');
    expect(interpretStripeEvent({ id: 'evt_1', type: 'checkout.session.expired', data: { object: null } }).kind).toBe('ignored');
  });
});
