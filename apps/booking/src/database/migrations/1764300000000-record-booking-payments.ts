import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which payment confirmed a booking, and the payments it refused (DESIGN §6.3–§6.4):
 * - bookings.payment_id: set when a payment confirms the booking; a repeat of that payment is
 *   then recognised whatever its message id, and a different one is a double payment.
 * - rejected_payments: each payment booking answered with booking.payment_rejected, once per
 *   payment id, so a re-sent success of a refused payment is not judged (or refunded) twice,
 *   and its refund can be told apart from a refund of the booking's own payment.
 */
export class RecordBookingPayments1764300000000 implements MigrationInterface {
  name = 'RecordBookingPayments1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE bookings ADD COLUMN payment_id uuid');
    await queryRunner.query('CREATE UNIQUE INDEX bookings_payment_id ON bookings (payment_id) WHERE payment_id IS NOT NULL');
    await queryRunner.query(`
      CREATE TABLE rejected_payments (
        payment_id uuid PRIMARY KEY,
        booking_id uuid NOT NULL REFERENCES bookings (id),
        amount_cents integer NOT NULL CHECK (amount_cents >= 0),
        currency text NOT NULL,
        reason text NOT NULL,
        rejected_at timestamptz NOT NULL,
        refunded_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX rejected_payments_by_booking ON rejected_payments (booking_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rejected_payments');
    await queryRunner.query('DROP INDEX bookings_payment_id');
    await queryRunner.query('ALTER TABLE bookings DROP COLUMN payment_id');
  }
}
