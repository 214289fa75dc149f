import { aSucceededPayment } from '../../../test/support/payment-factory';
import { Payment } from '../../payment/domain/payment';
import { Refund } from './refund';
import { decideChargeRefundedOutside, decideRefundReport, refundFailed } from './refund-reports';

const now = new Date(Date.UTC(2030, 0, 1, 9));

/** A succeeded payment as this spec knows it (session cs_1 expiring now). */
function aPayment(overrides: Partial<Payment> = {}): Payment {
  return aSucceededPayment(now, { checkoutSessionId: 'cs_1', checkoutUrl: 'https://checkout.example/cs_1', expiresAt: now, ...overrides });
}

function aRefund(overrides: Partial<Refund> = {}): Refund {
  return {
    id: 'r1',
    paymentId: aPayment().id,
    stripeRefundId: 're_1',
    amountCents: 2500,
    currency: 'gbp',
    reason: 'booking_cancelled',
    status: 'pending',
    failureReason: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

const report = (status: string, id = 're_1') => ({
  stripeRefundId: id,
  status,
  amountCents: 2500,
  currency: 'gbp',
  failureReason: null,
  paymentIdInMetadata: null,
});

describe('decideRefundReport', () => {
  it('completes or fails our own refund, and a succeeded refund can still fail', () => {
    const payment = aPayment({ status: 'refund_pending' });
    expect(decideRefundReport(payment, aRefund(), report('succeeded'))).toEqual({
      kind: 'succeeded',
    });
    expect(decideRefundReport(payment, aRefund(), report('failed'))).toEqual({
      kind: 'failed',
      status: 'failed',
    });
    expect(
      decideRefundReport(payment, aRefund({ status: 'succeeded' }), report('canceled')),
    ).toEqual({ kind: 'failed', status: 'canceled' });
  });

  it('ignores other refunds, repeats, and anything after the refund failed', () => {
    const payment = aPayment({ status: 'refund_pending' });
    expect(decideRefundReport(payment, null, report('failed')).kind).toBe('none');
    expect(decideRefundReport(payment, aRefund(), report('failed', 're_other')).kind).toBe('none');
    expect(
      decideRefundReport(payment, aRefund({ status: 'failed' }), report('succeeded')).kind,
    ).toBe('none');
    expect(
      decideRefundReport(payment, aRefund({ status: 'succeeded' }), report('succeeded')).kind,
    ).toBe('none');
    expect(decideRefundReport(payment, aRefund(), report('pending')).kind).toBe('none');
  });

  it('records the Stripe id of our refund when its webhook comes before our call’s answer was stored', () => {
    const payment = aPayment({ status: 'refund_pending' });
    expect(
      decideRefundReport(payment, aRefund({ stripeRefundId: null }), {
        ...report('pending'),
        paymentIdInMetadata: payment.id,
      }),
    ).toEqual({ kind: 'record_id' });
  });

  it('a failed refund leaves the payment refund_failed at the next revision', () => {
    expect(
      refundFailed(aPayment({ status: 'refund_pending', moneyRevision: 2 }), now),
    ).toMatchObject({ status: 'refund_failed', moneyRevision: 3 });
  });
});

describe('decideChargeRefundedOutside', () => {
  const charge = (refunded: number) => ({
    chargeId: 'ch_1',
    amountCents: 2500,
    amountRefundedCents: refunded,
  });

  it('sees a Dashboard refund as refunded or partially_refunded', () => {
    expect(decideChargeRefundedOutside(aPayment(), null, charge(2500), now)).toMatchObject({
      kind: 'outside',
      outsideCents: 2500,
      payment: { status: 'refunded', moneyRevision: 1 },
    });
    expect(decideChargeRefundedOutside(aPayment(), null, charge(1000), now)).toMatchObject({
      kind: 'outside',
      payment: { status: 'partially_refunded' },
    });
  });

  it('is nothing when only what we asked for went back, a report is stale, or no money was taken', () => {
    expect(
      decideChargeRefundedOutside(
        aPayment({ status: 'refund_pending' }),
        aRefund(),
        charge(2500),
        now,
      ).kind,
    ).toBe('none');
    expect(
      decideChargeRefundedOutside(aPayment({ amountRefundedCents: 1000 }), null, charge(1000), now)
        .kind,
    ).toBe('none');
    expect(
      decideChargeRefundedOutside(aPayment({ status: 'open' }), null, charge(2500), now).kind,
    ).toBe('none');
  });

  it('counts what was refunded outside before as known: our refund of the rest is not outside', () => {
    const partly = aPayment({ status: 'refund_pending', amountRefundedCents: 1000 });
    expect(
      decideChargeRefundedOutside(partly, aRefund({ amountCents: 1500 }), charge(2500), now).kind,
    ).toBe('none');
    expect(
      decideChargeRefundedOutside(
        aPayment({ status: 'partially_refunded', amountRefundedCents: 1000 }),
        null,
        charge(2000),
        now,
      ),
    ).toMatchObject({
      kind: 'outside',
      outsideCents: 1000,
      payment: { status: 'partially_refunded', amountRefundedCents: 2000 },
    });
  });

  it('counts a refund we asked for that failed as not asked', () => {
    expect(
      decideChargeRefundedOutside(
        aPayment({ status: 'refund_failed' }),
        aRefund({ status: 'failed' }),
        charge(2500),
        now,
      ),
    ).toMatchObject({ kind: 'outside', payment: { status: 'refunded' } });
  });
});
