import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts of every role. Emails are stored lower-case and unique case-insensitively
 * (the index is on lower(email), so even a row written around the application stays unique).
 * A barber account must name the barber it belongs to; other roles must not.
 */
export class CreateUsers1764100000000 implements MigrationInterface {
  name = 'CreateUsers1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        role text NOT NULL CHECK (role IN ('customer', 'barber', 'admin')),
        barber_id uuid NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_barber_id_matches_role CHECK ((role = 'barber') = (barber_id IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
    await queryRunner.query(`CREATE INDEX users_barber_id ON users (barber_id) WHERE barber_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE users');
  }
}
