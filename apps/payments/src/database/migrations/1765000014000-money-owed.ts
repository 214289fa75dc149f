import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money after the payment (DESIGN §5, issue 14): a declined attempt on an open session
 * (last_payment_error), refunds that fail or are canceled, disputes, refunds made outside the
 * system (the charge and what Stripe says it refunded), a revision that orders every change of a
 * payment's money for booking, and attention_items: what a person must act on, open until the
 * fact behind it resolves (at most one open item per payment and kind).
 */
export class MoneyOwed1765000014000 implements MigrationInterface {
  name = 'MoneyOwed1765000014000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payments DROP CONSTRAINT payments_status_check');
    await queryRunner.query(`
      ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN (
        'open', 'succeeded', 'failed', 'expired', 'refund_pending', 'refunded',
        'partially_refunded', 'refund_failed', 'disputed', 'dispute_lost'))`);
    await queryRunner.query(`
      ALTER TABLE payments
        ADD COLUMN last_payment_error text,
        ADD COLUMN last_payment_error_at timestamptz,
        ADD COLUMN charge_id text,
        ADD COLUMN amount_refunded_cents integer NOT NULL DEFAULT 0,
        ADD COLUMN money_revision integer NOT NULL DEFAULT 0,
        ADD COLUMN dispute_id text,
        ADD COLUMN dispute_status text,
        ADD COLUMN dispute_evidence_due_by timestamptz`);
    await queryRunner.query(
      'CREATE INDEX payments_charge_id ON payments (charge_id) WHERE charge_id IS NOT NULL',
    );

    await queryRunner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_status_check');
    await queryRunner.query(
      `ALTER TABLE refunds ADD CONSTRAINT refunds_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled'))`,
    );
    await queryRunner.query('ALTER TABLE refunds ADD COLUMN failure_reason text');

    await queryRunner.query(`
      CREATE TABLE attention_items (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('refund_failed', 'dispute_open', 'refunded_outside', 'payment_flagged')),
        booking_id uuid NOT NULL,
        payment_id uuid NOT NULL REFERENCES payments (id),
        since timestamptz NOT NULL,
        detail text NOT NULL,
        due_by timestamptz,
        closed_at timestamptz,
        closed_because text
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX attention_items_one_open ON attention_items (payment_id, kind) WHERE closed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX attention_items_open_since ON attention_items (since) WHERE closed_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE attention_items');
    await queryRunner.query('ALTER TABLE refunds DROP COLUMN failure_reason');
    await queryRunner.query('ALTER TABLE refunds DROP CONSTRAINT refunds_status_check');
    await queryRunner.query(
      `ALTER TABLE refunds ADD CONSTRAINT refunds_status_check CHECK (status IN ('pending', 'succeeded', 'failed'))`,
    );
    await queryRunner.query('DROP INDEX payments_charge_id');
    await queryRunner.query(`
      ALTER TABLE payments
        DROP COLUMN last_payment_error, DROP COLUMN last_payment_error_at, DROP COLUMN charge_id,
        DROP COLUMN amount_refunded_cents, DROP COLUMN money_revision, DROP COLUMN dispute_id,
        DROP COLUMN dispute_status, DROP COLUMN dispute_evidence_due_by`);
    await queryRunner.query('ALTER TABLE payments DROP CONSTRAINT payments_status_check');
    await queryRunner.query(`
      ALTER TABLE payments ADD CONSTRAINT payments_status_check
        CHECK (status IN ('open', 'succeeded', 'failed', 'expired', 'refund_pending', 'refunded'))`);
  }
}
