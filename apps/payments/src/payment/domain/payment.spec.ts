import { aPayment as anOpenPayment } from '../../../test/support/payment-factory';
import { Payment, PaymentFact, PaymentStatus, applyPaymentFact, holdsMoneyForBooking, isSuperseded, paidAmountProblem } from './payment';

const now = new Date('2026-12-01T09:00:00.000Z');

/** An open payment created a minute before `now`, its session expiring at 09:30. */
function aPayment(overrides: Partial<Payment> = {}): Payment {
  return anOpenPayment(new Date('2026-12-01T08:59:00.000Z'), { expiresAt: new Date('2026-12-01T09:30:00.000Z'), ...overrides });
}

const paid: PaymentFact = { kind: 'succeeded', amountCents: 2500, currency: 'gbp', paymentIntentId: 'pi_1' };
const ALL: PaymentStatus[] = ['open', 'succeeded', 'failed', 'expired', 'refund_pending', 'refunded', 'partially_refunded', 'refund_failed', 'disputed', 'dispute_lost'];

describe('applyPaymentFact', () => {
  it('records a declined attempt on an open payment and ends nothing; after the session ended a decline changes nothing', () => {
    const declined: PaymentFact = { kind: 'attempt_failed', message: 'Your card was declined. Try another card.', declineCode: 'generic_decline', paymentIntentId: 'pi_1' };
    expect(applyPaymentFact(aPayment(), declined, now, 'evt_1')).toEqual({
      kind: 'attempt_failed',
      declineCode: 'generic_decline',
      payment: expect.objectContaining({ status: 'open', lastPaymentError: 'Your card was declined. Try another card.', paymentIntentId: 'pi_1' }),
    });
    for (const status of ALL.filter((candidate) => candidate !== 'open')) {
      expect(applyPaymentFact(aPayment({ status }), declined, now, 'evt_1').kind).toBe('none');
    }
  });

  it('records a success of the right amount on an open payment, with what was paid and the PaymentIntent', () => {
    const change = applyPaymentFact(aPayment(), paid, now, 'evt_1');
    expect(change).toEqual({
      kind: 'succeeded',
      payment: expect.objectContaining({ status: 'succeeded', paymentIntentId: 'pi_1', paidAmountCents: 2500, paidCurrency: 'gbp', updatedAt: now }),
    });
  });

  it.each<PaymentStatus>(['expired', 'failed'])('records a late success on a %s payment: the money moved', (status) => {
    expect(applyPaymentFact(aPayment({ status }), paid, now, 'evt_1').kind).toBe('succeeded');
  });

  it.each<PaymentStatus>(['succeeded', 'refund_pending', 'refunded'])('ignores a second success of a %s payment (the other event of the same fact)', (status) => {
    expect(applyPaymentFact(aPayment({ status }), paid, now, 'evt_2')).toEqual({ kind: 'none', why: expect.stringContaining(status) });
  });

  it('keeps the PaymentIntent it knows when the event carries none', () => {
    const change = applyPaymentFact(aPayment({ paymentIntentId: 'pi_known' }), { ...paid, paymentIntentId: null }, now, 'evt_1');
    expect(change.kind === 'succeeded' && change.payment.paymentIntentId).toBe('pi_known');
  });

  it.each([
    ['a smaller amount', { amountCents: 100, currency: 'gbp' }, 'amount 100 gbp does not match the booking price 2500 gbp'],
    ['another currency', { amountCents: 2500, currency: 'usd' }, 'amount 2500 usd does not match the booking price 2500 gbp'],
  ])('refuses a success with %s: refund pending, flagged with the reason and the event', (_, amount, reason) => {
    const change = applyPaymentFact(aPayment(), { ...paid, ...amount }, now, 'evt_bad');
    expect(change).toEqual({
      kind: 'amount_mismatch',
      problem: reason,
      payment: expect.objectContaining({
        status: 'refund_pending',
        flaggedReason: reason,
        flaggedEventId: 'evt_bad',
        deadLetteredAt: null,
        paidAmountCents: amount.amountCents,
        paidCurrency: amount.currency,
      }),
    });
  });

  it('accepts the currency in any case (Stripe sends lower case, but an upper-case one is the same money)', () => {
    expect(applyPaymentFact(aPayment(), { ...paid, currency: 'GBP' }, now, 'evt_1').kind).toBe('succeeded');
  });

  it.each(ALL)('moves only an open payment to failed or expired (from %s)', (status) => {
    const failed = applyPaymentFact(aPayment({ status }), { kind: 'failed', reason: 'declined' }, now, 'evt_1');
    const expired = applyPaymentFact(aPayment({ status }), { kind: 'expired' }, now, 'evt_1');
    if (status === 'open') {
      expect(failed).toEqual({ kind: 'failed', reason: 'declined', payment: expect.objectContaining({ status: 'failed' }) });
      expect(expired).toEqual({ kind: 'expired', payment: expect.objectContaining({ status: 'expired' }) });
    } else {
      expect(failed.kind).toBe('none');
      expect(expired.kind).toBe('none');
    }
  });
});

describe('paidAmountProblem', () => {
  it('is null only for the exact price in the same currency', () => {
    expect(paidAmountProblem({ amountCents: 2500, currency: 'gbp' }, { amountCents: 2500, currency: 'gbp' })).toBeNull();
    expect(paidAmountProblem({ amountCents: 2500, currency: 'gbp' }, { amountCents: 2501, currency: 'gbp' })).toMatch(/does not match/);
    expect(paidAmountProblem({ amountCents: 0, currency: 'gbp' }, { amountCents: 0, currency: 'eur' })).toMatch(/does not match/);
  });
});

describe('holdsMoneyForBooking', () => {
  it('is true for a kept payment and for one being refunded, refunded, disputed because the booking took it, not for a refused amount', () => {
    expect(ALL.filter((status) => holdsMoneyForBooking({ status, flaggedReason: null }))).toEqual([
      'succeeded',
      'refund_pending',
      'refunded',
      'partially_refunded',
      'refund_failed',
      'disputed',
      'dispute_lost',
    ]);
    expect(holdsMoneyForBooking({ status: 'refund_pending', flaggedReason: 'amount 100 gbp does not match…' })).toBe(false);
    expect(holdsMoneyForBooking({ status: 'refunded', flaggedReason: 'amount 100 gbp does not match…' })).toBe(false);
  });
});

describe('isSuperseded', () => {
  const first = aPayment({ id: 'p1', attempt: 1, status: 'expired' });

  it('is false for the booking’s only session', () => {
    expect(isSuperseded(first, [first])).toBe(false);
  });

  it('is true while a newer session is open, not an older one', () => {
    expect(isSuperseded(first, [first, aPayment({ id: 'p2', attempt: 2, status: 'open' })])).toBe(true);
    const second = aPayment({ id: 'p2', attempt: 2, status: 'expired' });
    expect(isSuperseded(second, [aPayment({ id: 'p1', attempt: 1, status: 'open' }), second])).toBe(false);
  });

  it('is true when another payment holds money for the booking, not when the others ended too', () => {
    expect(isSuperseded(first, [first, aPayment({ id: 'p2', attempt: 2, status: 'succeeded' })])).toBe(true);
    expect(isSuperseded(first, [first, aPayment({ id: 'p2', attempt: 2, status: 'failed' })])).toBe(false);
  });
});
