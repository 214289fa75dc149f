import { decideDispute } from './money';
import { aSucceededPayment } from '../../../test/support/payment-factory';
import { Payment } from './payment';

const now = new Date(Date.UTC(2030, 0, 1, 9));

/** A succeeded payment as this spec knows it (session cs_1 expiring now). */
function aPayment(overrides: Partial<Payment> = {}): Payment {
  return aSucceededPayment(now, { checkoutSessionId: 'cs_1', checkoutUrl: 'https://checkout.example/cs_1', expiresAt: now, ...overrides });
}

describe('decideDispute', () => {
  const dispute = (status: string) => ({
    disputeId: 'dp_1',
    status,
    chargeId: 'ch_1',
    evidenceDueBy: new Date(now.getTime() + 7 * 86_400_000),
  });

  it('opens, updates and closes a dispute; won is paid again, lost is dispute_lost', () => {
    const opened = decideDispute(aPayment(), dispute('needs_response'), now);
    expect(opened).toMatchObject({
      kind: 'opened',
      payment: { status: 'disputed', disputeId: 'dp_1', moneyRevision: 1 },
    });
    const disputed = (opened as { payment: Payment }).payment;
    expect(decideDispute(disputed, dispute('under_review'), now)).toMatchObject({
      kind: 'updated',
      payment: { status: 'disputed', moneyRevision: 1 },
    });
    expect(decideDispute(disputed, dispute('won'), now)).toMatchObject({
      kind: 'closed',
      outcome: 'won',
      payment: { status: 'succeeded', moneyRevision: 2 },
    });
    expect(decideDispute(disputed, dispute('lost'), now)).toMatchObject({
      kind: 'closed',
      outcome: 'lost',
      payment: { status: 'dispute_lost' },
    });
  });

  it('never reopens a closed dispute, and ignores payments that took no money', () => {
    const lost = aPayment({ status: 'dispute_lost', disputeId: 'dp_1', disputeStatus: 'lost' });
    expect(decideDispute(lost, dispute('needs_response'), now).kind).toBe('none');
    expect(
      decideDispute(aPayment({ status: 'expired' }), dispute('needs_response'), now).kind,
    ).toBe('none');
  });
});
