import { Payment } from '../../src/payment/domain/payment';

/**
 * A payment for unit tests (no I/O): attempt 1 of a £25.00 booking, its Checkout Session open for
 * 30 minutes from `now`, created at `now`. One place to add a field of Payment, not one per spec.
 */
export function aPayment(now: Date, overrides: Partial<Payment> = {}): Payment {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    bookingId: '00000000-0000-4000-8000-0000000000b1',
    attempt: 1,
    checkoutSessionId: 'cs_test_1',
    checkoutUrl: 'https://checkout.example/cs_test_1',
    expiresAt: new Date(now.getTime() + 30 * 60_000),
    amountCents: 2500,
    currency: 'gbp',
    customerEmail: 'c@example.com',
    status: 'open',
    paymentIntentId: null,
    paidAmountCents: null,
    paidCurrency: null,
    flaggedReason: null,
    flaggedEventId: null,
    deadLetteredAt: null,
    lastPaymentError: null,
    lastPaymentErrorAt: null,
    chargeId: null,
    amountRefundedCents: 0,
    moneyRevision: 0,
    disputeId: null,
    disputeStatus: null,
    disputeEvidenceDueBy: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** The same payment once £25.00 was taken (PaymentIntent pi_1). */
export function aSucceededPayment(now: Date, overrides: Partial<Payment> = {}): Payment {
  return aPayment(now, { status: 'succeeded', paymentIntentId: 'pi_1', paidAmountCents: 2500, paidCurrency: 'gbp', ...overrides });
}
