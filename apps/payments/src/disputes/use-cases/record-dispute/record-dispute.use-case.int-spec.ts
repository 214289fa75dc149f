import { PayloadOf } from '@app/contracts';
import { DisputeReport } from '../../../payment/domain/money';
import { paymentRepository } from '../../../payment/persistence/payment.repository';
import { PaymentsTestWorld } from '../../../../test/support/payments-test-app';
import { RecordDisputeUseCase } from './record-dispute.use-case';

const DAY_MS = 24 * 3600_000;

/**
 * RecordDisputeUseCase on its own, in a transaction as the webhook runs it (real PostgreSQL):
 * what each step of a dispute writes (the payment, its attention item, payment.status_changed)
 * and what it leaves alone. decideDispute's rules are in payment/domain/money.spec.ts; the
 * webhook path in apps/payments/test/money-owed.int-spec.ts.
 */
describe('RecordDisputeUseCase', () => {
  let world: PaymentsTestWorld;

  beforeAll(async () => {
    world = await PaymentsTestWorld.start('record_dispute_use_case', {}, { reconcileIntervalSeconds: 3600 });
  });

  afterAll(async () => {
    await world?.close();
  });

  const record = (paymentId: string, dispute: DisputeReport) =>
    world.dataSource.transaction(async (manager) => {
      const payment = await paymentRepository.lockById(manager, paymentId);
      if (!payment) throw new Error(`no payment ${paymentId}`);
      return world.app.get(RecordDisputeUseCase).execute(manager, payment, dispute, 'test');
    });

  const aDispute = (status: string, overrides: Partial<DisputeReport> = {}): DisputeReport => ({
    disputeId: 'dp_1',
    status,
    chargeId: 'ch_1',
    evidenceDueBy: new Date(Date.now() + 7 * DAY_MS),
    ...overrides,
  });

  const stored = async (paymentId: string) => {
    const [row] = await world.query('SELECT status, money_revision, dispute_id, dispute_status, dispute_evidence_due_by, charge_id FROM payments WHERE id = $1', [paymentId]);
    return row;
  };
  const attentionOf = (paymentId: string) =>
    world.query('SELECT kind, detail, due_by, closed_at, closed_because FROM attention_items WHERE payment_id = $1 ORDER BY since', [paymentId]);
  const statusChanges = (bookingId: string): Promise<Array<PayloadOf<'payment.status_changed'>>> => world.outbox('payment.status_changed', bookingId);
  const everything = async (paymentId: string, bookingId: string) => ({
    payment: await stored(paymentId),
    attention: await attentionOf(paymentId),
    outbox: await statusChanges(bookingId),
  });

  it('opens: disputed, an attention item with the evidence due date, one payment.status_changed', async () => {
    const payment = await world.storePayment();
    const dispute = aDispute('needs_response');

    expect(await record(payment.id, dispute)).toBe('dispute_opened');

    expect(await stored(payment.id)).toMatchObject({ status: 'disputed', money_revision: 1, dispute_id: 'dp_1', dispute_status: 'needs_response', charge_id: 'ch_1' });
    expect(await attentionOf(payment.id)).toEqual([
      expect.objectContaining({ kind: 'dispute_open', due_by: dispute.evidenceDueBy, closed_at: null, detail: expect.stringContaining('25.00 GBP') }),
    ]);
    expect(await statusChanges(payment.bookingId)).toEqual([
      expect.objectContaining({ paymentId: payment.id, paymentStatus: 'disputed', revision: 1 }),
    ]);
  });

  it('updates: the same item gets the new due date, the status and revision stay, booking hears nothing new', async () => {
    const payment = await world.storePayment();
    await record(payment.id, aDispute('needs_response'));
    const later = new Date(Date.now() + 10 * DAY_MS);

    expect(await record(payment.id, aDispute('under_review', { evidenceDueBy: later }))).toBe('dispute_updated');

    expect(await stored(payment.id)).toMatchObject({ status: 'disputed', money_revision: 1, dispute_status: 'under_review', dispute_evidence_due_by: later });
    expect(await attentionOf(payment.id)).toEqual([expect.objectContaining({ kind: 'dispute_open', due_by: later, closed_at: null })]);
    expect(await statusChanges(payment.bookingId)).toHaveLength(1);
  });

  it.each([
    ['won', 'succeeded', 'paid'],
    ['lost', 'dispute_lost', 'dispute_lost'],
  ] as const)('closes %s: payment %s, the item closed, booking told %s; the close again changes nothing', async (outcome, status, paymentStatus) => {
    const payment = await world.storePayment();
    await record(payment.id, aDispute('needs_response'));

    expect(await record(payment.id, aDispute(outcome))).toBe('dispute_closed');

    expect(await stored(payment.id)).toMatchObject({ status, money_revision: 2, dispute_status: outcome });
    expect(await attentionOf(payment.id)).toEqual([
      expect.objectContaining({ kind: 'dispute_open', closed_at: expect.any(Date), closed_because: `dispute dp_1 ${outcome}` }),
    ]);
    expect((await statusChanges(payment.bookingId)).map((change) => [change.paymentStatus, change.revision])).toEqual([
      ['disputed', 1],
      [paymentStatus, 2],
    ]);

    const before = await everything(payment.id, payment.bookingId);
    expect(await record(payment.id, aDispute(outcome))).toBe('no_change');
    expect(await record(payment.id, aDispute('needs_response'))).toBe('no_change');
    expect(await everything(payment.id, payment.bookingId)).toEqual(before);
  });

  it('tracks a dispute on a payment refused for its amount, but tells booking nothing (it never kept that payment)', async () => {
    const payment = await world.storePayment({ status: 'refunded', flaggedReason: 'amount 2000 gbp does not match 2500 gbp', paidAmountCents: 2000 });

    expect(await record(payment.id, aDispute('needs_response'))).toBe('dispute_opened');

    expect(await stored(payment.id)).toMatchObject({ status: 'disputed' });
    expect(await attentionOf(payment.id)).toEqual([expect.objectContaining({ kind: 'dispute_open', detail: expect.stringContaining('20.00 GBP') })]);
    expect(await statusChanges(payment.bookingId)).toEqual([]);
  });

  it('changes nothing for a payment that took no money', async () => {
    const payment = await world.storePayment({ status: 'expired', paymentIntentId: null, paidAmountCents: null, paidCurrency: null });
    const before = await everything(payment.id, payment.bookingId);

    expect(await record(payment.id, aDispute('needs_response'))).toBe('no_change');

    expect(await everything(payment.id, payment.bookingId)).toEqual(before);
  });
});
