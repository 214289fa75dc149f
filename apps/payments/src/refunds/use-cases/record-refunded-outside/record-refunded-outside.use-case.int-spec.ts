import { PayloadOf } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { attentionItemRepository } from '../../../attention/persistence/attention-item.repository';
import { Payment } from '../../../payment/domain/payment';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { PaymentsTestWorld } from '../../../../test/support/payments-test-app';
import { Refund } from '../../domain/refund';
import { ChargeReport } from '../../domain/refund-reports';
import { RecordRefundedOutsideUseCase } from './record-refunded-outside.use-case';

/**
 * RecordRefundedOutsideUseCase on its own, in a transaction as the webhook runs it (real
 * PostgreSQL): what a refund made in the Stripe Dashboard writes (the payment, the attention
 * items, payment.status_changed) and what it leaves alone. The amounts' rules are in
 * refunds/domain/refund-reports.spec.ts; the webhook path in apps/payments/test/money-owed.int-spec.ts.
 */
describe('RecordRefundedOutsideUseCase', () => {
  let world: PaymentsTestWorld;

  beforeAll(async () => {
    world = await PaymentsTestWorld.start('record_refunded_outside_use_case', {}, { reconcileIntervalSeconds: 3600 });
  });

  afterAll(async () => {
    await world?.close();
  });

  const charge = (amountRefundedCents: number): ChargeReport => ({ chargeId: 'ch_1', amountCents: 2500, amountRefundedCents });

  const record = (paymentId: string, report: ChargeReport, refund: Refund | null = null) =>
    world.dataSource.transaction(async (manager) => {
      const payment = await paymentRepository.lockById(manager, paymentId);
      if (!payment) throw new Error(`no payment ${paymentId}`);
      return world.app.get(RecordRefundedOutsideUseCase).execute(manager, payment, refund, report, 'test');
    });

  const stored = async (paymentId: string) =>
    (await world.query('SELECT status, amount_refunded_cents, money_revision, charge_id FROM payments WHERE id = $1', [paymentId]))[0];
  const attentionOf = (paymentId: string) =>
    world.query('SELECT kind, detail, closed_at, closed_because FROM attention_items WHERE payment_id = $1 ORDER BY kind', [paymentId]);
  const statusChanges = (bookingId: string): Promise<Array<PayloadOf<'payment.status_changed'>>> => world.outbox('payment.status_changed', bookingId);
  const everything = async (payment: Payment) => ({
    payment: await stored(payment.id),
    attention: await attentionOf(payment.id),
    outbox: await statusChanges(payment.bookingId),
  });

  it('in full: refunded, a refunded_outside item, a failed refund of ours no longer owed, booking told refunded', async () => {
    const payment = await world.storePayment();
    await world.dataSource.transaction((manager) =>
      attentionItemRepository.open(manager, { kind: 'refund_failed', bookingId: payment.bookingId, paymentId: payment.id, detail: 'test', dueBy: null, now: new Date() }),
    );

    expect(await record(payment.id, charge(2500))).toBe('refunded_outside');

    expect(await stored(payment.id)).toEqual({ status: 'refunded', amount_refunded_cents: 2500, money_revision: 1, charge_id: 'ch_1' });
    expect(await attentionOf(payment.id)).toEqual([
      expect.objectContaining({ kind: 'refund_failed', closed_at: expect.any(Date), closed_because: 'the charge was refunded in full' }),
      expect.objectContaining({ kind: 'refunded_outside', closed_at: null, detail: expect.stringContaining('25.00 GBP was refunded outside the system') }),
    ]);
    expect(await statusChanges(payment.bookingId)).toEqual([
      expect.objectContaining({ paymentId: payment.id, paymentStatus: 'refunded', revision: 1, detail: '25.00 GBP refunded outside the system' }),
    ]);
  });

  it('in part: partially_refunded, the item says how much, a refund_failed item stays open; the same report again changes nothing', async () => {
    const payment = await world.storePayment();
    await world.dataSource.transaction((manager) =>
      attentionItemRepository.open(manager, { kind: 'refund_failed', bookingId: payment.bookingId, paymentId: payment.id, detail: 'test', dueBy: null, now: new Date() }),
    );

    expect(await record(payment.id, charge(1000))).toBe('refunded_outside');

    expect(await stored(payment.id)).toMatchObject({ status: 'partially_refunded', amount_refunded_cents: 1000 });
    expect(await attentionOf(payment.id)).toEqual([
      expect.objectContaining({ kind: 'refund_failed', closed_at: null }),
      expect.objectContaining({ kind: 'refunded_outside', closed_at: null, detail: expect.stringContaining('10.00 GBP') }),
    ]);
    expect((await statusChanges(payment.bookingId)).map((change) => change.paymentStatus)).toEqual(['partially_refunded']);

    const before = await everything(payment);
    expect(await record(payment.id, charge(1000))).toBe('no_change');
    expect(await everything(payment)).toEqual(before);
  });

  it('changes nothing when the charge shows only our own refund', async () => {
    const payment = await world.storePayment({ status: 'refund_pending' });
    const ours: Refund = {
      id: randomUUID(),
      paymentId: payment.id,
      stripeRefundId: 're_ours',
      amountCents: 2500,
      currency: 'gbp',
      reason: 'booking_cancelled',
      status: 'pending',
      failureReason: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const before = await everything(payment);

    expect(await record(payment.id, charge(2500), ours)).toBe('no_change');

    expect(await everything(payment)).toEqual(before);
  });

  it('records a Dashboard refund of a payment refused for its amount, but tells booking nothing (it never kept it)', async () => {
    const payment = await world.storePayment({ flaggedReason: 'amount 2000 gbp does not match 2500 gbp', paidAmountCents: 2000 });

    expect(await record(payment.id, { chargeId: 'ch_1', amountCents: 2000, amountRefundedCents: 2000 })).toBe('refunded_outside');

    expect(await stored(payment.id)).toMatchObject({ status: 'refunded' });
    expect(await attentionOf(payment.id)).toEqual([expect.objectContaining({ kind: 'refunded_outside' })]);
    expect(await statusChanges(payment.bookingId)).toEqual([]);
  });
});
