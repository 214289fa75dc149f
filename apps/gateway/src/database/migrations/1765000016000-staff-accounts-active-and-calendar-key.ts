import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * users.active: an admin deactivates a staff account (it can no longer sign in, and its tokens
 * stop working at once) without deleting who did what. users.calendar_key: the secret in a
 * barber's calendar subscription link (GET /barbers/:id/calendar.ics?key=), made on first use
 * and replaceable when a link leaks.
 */
export class StaffAccountsActiveAndCalendarKey1765000016000 implements MigrationInterface {
  name = 'StaffAccountsActiveAndCalendarKey1765000016000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true, ADD COLUMN calendar_key text NULL');
    await queryRunner.query('CREATE UNIQUE INDEX users_calendar_key ON users (calendar_key) WHERE calendar_key IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP COLUMN active, DROP COLUMN calendar_key');
  }
}
