import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §6.7, reschedule. bookings.rescheduled_from_*: the time a booking had before its latest
 * move. booking_reschedules: one row per Idempotency-Key a caller used to move a booking, so a
 * repeated request answers the same and never moves the booking twice (a different slot under
 * the same key is IDEMPOTENCY_KEY_REUSED).
 */
export class BookingReschedules1765000017000 implements MigrationInterface {
  name = 'BookingReschedules1765000017000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE bookings
        ADD COLUMN rescheduled_from_starts_at timestamptz NULL,
        ADD COLUMN rescheduled_from_ends_at timestamptz NULL,
        ADD CONSTRAINT bookings_rescheduled_from_both CHECK ((rescheduled_from_starts_at IS NULL) = (rescheduled_from_ends_at IS NULL))`);
    await queryRunner.query(`
      CREATE TABLE booking_reschedules (
        actor_id uuid NOT NULL,
        idempotency_key text NOT NULL,
        booking_id uuid NOT NULL REFERENCES bookings (id),
        slot_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (actor_id, idempotency_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE booking_reschedules');
    await queryRunner.query(
      'ALTER TABLE bookings DROP CONSTRAINT bookings_rescheduled_from_both, DROP COLUMN rescheduled_from_starts_at, DROP COLUMN rescheduled_from_ends_at',
    );
  }
}
