import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * bookings.last_reconciled_at (DESIGN §6.6): when the reconciler last re-emitted booking.confirmed
 * for a confirmed booking whose appointment link is missing, so it re-emits at most once per
 * RECONCILE_INTERVAL_SECONDS while the link stays missing.
 */
export class BookingReconcileMarks1764500000000 implements MigrationInterface {
  name = 'BookingReconcileMarks1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE bookings ADD COLUMN last_reconciled_at timestamptz');
    await queryRunner.query(
      "CREATE INDEX bookings_confirmed_unlinked ON bookings (updated_at) WHERE status = 'confirmed' AND appointment_id IS NULL",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX bookings_confirmed_unlinked');
    await queryRunner.query('ALTER TABLE bookings DROP COLUMN last_reconciled_at');
  }
}
