import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The appointments a booking becomes (DESIGN §6.2), one per booking.
 * - customer_name / service_name come only with booking.created: NULL until it arrives (another
 *   booking fact may create the row first; see domain/appointment.ts).
 * - last_fact_kind / last_fact_at: the booking fact the status came from; a fact is applied
 *   only when it is later (occurredAt, then rank), which makes any delivery order end the same.
 */
export class CreateAppointmentsSchema1764400000000 implements MigrationInterface {
  name = 'CreateAppointmentsSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE appointments (
        id uuid PRIMARY KEY,
        booking_id uuid NOT NULL UNIQUE,
        barber_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        customer_name text,
        service_name text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled', 'completed', 'no_show')),
        last_fact_kind text NOT NULL CHECK (last_fact_kind IN ('created', 'confirmed', 'expired', 'cancelled')),
        last_fact_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at)
      )`);
    await queryRunner.query('CREATE INDEX appointments_by_barber_start ON appointments (barber_id, starts_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE appointments');
  }
}
