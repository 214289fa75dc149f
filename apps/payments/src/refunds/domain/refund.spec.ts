import { aSucceededPayment } from '../../../test/support/payment-factory';
import { PaymentStatus } from '../../payment/domain/payment';
import { announcesRefund, completeRefund, decideChargeRefunded, decideRefundRequest, openRefund } from './refund';

const now = new Date('2026-12-01T09:00:00.000Z');

const payment = aSucceededPayment(now, { expiresAt: now, paidAmountCents: 100 });

describe('refund rules', () => {
  it.each<[PaymentStatus, string]>([
    ['succeeded', 'open'],
    ['refund_pending', 'already'],
    ['refunded', 'already'],
    ['open', 'nothing_to_refund'],
    ['failed', 'nothing_to_refund'],
    ['expired', 'nothing_to_refund'],
  ])('a %s payment: %s', (status, kind) => {
    expect(decideRefundRequest({ status }).kind).toBe(kind);
  });

  it('opens a pending refund of what was actually paid, and the payment waits for it', () => {
    const opened = openRefund(payment, 'booking_cancelled', 'r1', now);
    expect(opened.payment.status).toBe('refund_pending');
    expect(opened.refund).toMatchObject({ id: 'r1', paymentId: payment.id, amountCents: 100, currency: 'gbp', status: 'pending', stripeRefundId: null });
  });

  it('completes both rows with Stripe’s refund', () => {
    const opened = openRefund(payment, 'payment_rejected', 'r1', now);
    const done = completeRefund(opened.payment, opened.refund, { stripeRefundId: 're_1', amountCents: 100, currency: 'GBP' }, now);
    expect(done.payment.status).toBe('refunded');
    expect(done.refund).toMatchObject({ status: 'succeeded', stripeRefundId: 're_1', currency: 'gbp' });
  });

  it('lets charge.refunded complete only a pending refund whose Stripe id is recorded, of a fully refunded charge', () => {
    expect(decideChargeRefunded({ status: 'refund_pending' }, { status: 'pending', stripeRefundId: 're_1' }, true)).toEqual({ kind: 'complete' });
    expect(decideChargeRefunded({ status: 'refund_pending' }, { status: 'pending', stripeRefundId: null }, true).kind).toBe('none');
    expect(decideChargeRefunded({ status: 'refund_pending' }, { status: 'pending', stripeRefundId: 're_1' }, false).kind).toBe('none');
    expect(decideChargeRefunded({ status: 'refunded' }, { status: 'succeeded', stripeRefundId: 're_1' }, true).kind).toBe('none');
    expect(decideChargeRefunded({ status: 'succeeded' }, null, true)).toEqual({ kind: 'none', why: expect.stringContaining('nobody here asked') });
  });

  it('announces every refund but the one of a payment refused for its amount (booking never heard of it)', () => {
    expect(announcesRefund({ reason: 'booking_cancelled' })).toBe(true);
    expect(announcesRefund({ reason: 'payment_rejected' })).toBe(true);
    expect(announcesRefund({ reason: 'amount_mismatch' })).toBe(false);
  });
});
