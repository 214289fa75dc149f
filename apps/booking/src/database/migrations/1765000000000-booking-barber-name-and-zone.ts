import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * bookings.barber_name and bookings.time_zone (DESIGN §4, second round): the booking resource
 * carries the barber's name as it was when the booking was made and the barber's zone, so a page
 * shows "09:30 London time with Kim" from the booking alone. Existing bookings take their barber's
 * current name and zone.
 */
export class BookingBarberNameAndZone1765000000000 implements MigrationInterface {
  name = 'BookingBarberNameAndZone1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE bookings ADD COLUMN barber_name text, ADD COLUMN time_zone text');
    await queryRunner.query('UPDATE bookings b SET barber_name = br.name, time_zone = br.time_zone FROM barbers br WHERE br.id = b.barber_id');
    await queryRunner.query('ALTER TABLE bookings ALTER COLUMN barber_name SET NOT NULL, ALTER COLUMN time_zone SET NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE bookings DROP COLUMN barber_name, DROP COLUMN time_zone');
  }
}
