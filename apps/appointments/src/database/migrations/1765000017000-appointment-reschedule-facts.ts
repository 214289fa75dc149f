import { MigrationInterface, QueryRunner } from 'typeorm';

/** booking.rescheduled (DESIGN §6.7) is a booking fact an appointment may take its status and times from. */
export class AppointmentRescheduleFacts1765000017000 implements MigrationInterface {
  name = 'AppointmentRescheduleFacts1765000017000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE appointments DROP CONSTRAINT appointments_last_fact_kind_check');
    await queryRunner.query(
      "ALTER TABLE appointments ADD CONSTRAINT appointments_last_fact_kind_check CHECK (last_fact_kind IN ('created', 'rescheduled', 'confirmed', 'expired', 'cancelled'))",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE appointments DROP CONSTRAINT appointments_last_fact_kind_check');
    await queryRunner.query(
      "ALTER TABLE appointments ADD CONSTRAINT appointments_last_fact_kind_check CHECK (last_fact_kind IN ('created', 'confirmed', 'expired', 'cancelled'))",
    );
  }
}
