import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What can happen to a booking's money after it was paid (DESIGN §4, §5): refund_failed,
 * partially_refunded, disputed, dispute_lost; and bookings.payment_revision, the revision of the
 * last payment.status_changed applied, so a late one never moves the payment status back.
 */
export class PaymentStatusAfterPayment1765000014000 implements MigrationInterface {
  name = 'PaymentStatusAfterPayment1765000014000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE bookings DROP CONSTRAINT bookings_payment_status_check');
    await queryRunner.query(`
      ALTER TABLE bookings ADD CONSTRAINT bookings_payment_status_check CHECK (payment_status IN (
        'unpaid', 'paid', 'refund_pending', 'refunded', 'partially_refunded', 'refund_failed', 'disputed', 'dispute_lost'))`);
    await queryRunner.query(
      'ALTER TABLE bookings ADD COLUMN payment_revision integer NOT NULL DEFAULT 0',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE bookings DROP COLUMN payment_revision');
    await queryRunner.query('ALTER TABLE bookings DROP CONSTRAINT bookings_payment_status_check');
    await queryRunner.query(
      `ALTER TABLE bookings ADD CONSTRAINT bookings_payment_status_check CHECK (payment_status IN ('unpaid', 'paid', 'refund_pending', 'refunded'))`,
    );
  }
}
