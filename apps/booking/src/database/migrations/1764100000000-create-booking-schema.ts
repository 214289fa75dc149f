import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Barbers, the service catalog, weekly availability, time off, slots and bookings, with
 * the constraints that make a double booking impossible whatever the code does (DESIGN §6.1):
 * - slots of one barber never overlap (exclusion) and start once (unique);
 * - a slot is in at most one active booking (unique index on booking_slots WHERE active);
 * - active bookings of one barber never overlap (exclusion over tstzrange, btree_gist).
 */
export class CreateBookingSchema1764100000000 implements MigrationInterface {
  name = 'CreateBookingSchema1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');

    await queryRunner.query(`
      CREATE TABLE barbers (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        time_zone text NOT NULL,
        description text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX barbers_active_by_name ON barbers (name) WHERE active');

    await queryRunner.query(`
      CREATE TABLE services (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        price_cents integer NOT NULL CHECK (price_cents >= 0),
        currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE availability_templates (
        barber_id uuid PRIMARY KEY REFERENCES barbers (id),
        slot_minutes integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
        weekly jsonb NOT NULL CHECK (jsonb_typeof(weekly) = 'array'),
        updated_at timestamptz NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE time_off (
        id uuid PRIMARY KEY,
        barber_id uuid NOT NULL REFERENCES barbers (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text,
        created_at timestamptz NOT NULL,
        CHECK (starts_at < ends_at)
      )`);
    await queryRunner.query(
      'CREATE INDEX time_off_by_barber_and_range ON time_off USING gist (barber_id, tstzrange(starts_at, ends_at))',
    );

    await queryRunner.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        customer_name text NOT NULL,
        customer_email text NOT NULL,
        barber_id uuid NOT NULL REFERENCES barbers (id),
        service_id uuid NOT NULL REFERENCES services (id),
        service_name text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        price_cents integer NOT NULL CHECK (price_cents >= 0),
        currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
        status text NOT NULL CHECK (status IN ('pending_payment', 'confirmed', 'expired', 'cancelled')),
        payment_status text NOT NULL CHECK (payment_status IN ('unpaid', 'paid', 'refund_pending', 'refunded')),
        hold_expires_at timestamptz NOT NULL,
        appointment_id uuid,
        cancellation_reason text,
        cancelled_by text CHECK (cancelled_by IN ('customer', 'barber', 'admin')),
        idempotency_key text,
        checkout jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (starts_at < ends_at),
        CONSTRAINT bookings_customer_idempotency_key UNIQUE (customer_id, idempotency_key),
        CONSTRAINT bookings_no_overlapping_active EXCLUDE USING gist
          (barber_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
          WHERE (status IN ('pending_payment', 'confirmed'))
      )`);
    // The expiry sweep: oldest lapsed holds first.
    await queryRunner.query(
      `CREATE INDEX bookings_pending_by_hold_expiry ON bookings (hold_expires_at) WHERE status = 'pending_payment'`,
    );
    await queryRunner.query('CREATE INDEX bookings_by_customer ON bookings (customer_id, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX bookings_by_barber ON bookings (barber_id, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX bookings_by_created_at ON bookings (created_at DESC, id DESC)');

    await queryRunner.query(`
      CREATE TABLE slots (
        id uuid PRIMARY KEY,
        barber_id uuid NOT NULL REFERENCES barbers (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('available', 'held', 'booked', 'blocked')),
        -- Deferred: a booking takes its slots before its own row is inserted, in one transaction.
        booking_id uuid REFERENCES bookings (id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (starts_at < ends_at),
        CHECK ((status IN ('held', 'booked')) = (booking_id IS NOT NULL)),
        CONSTRAINT slots_barber_start UNIQUE (barber_id, starts_at),
        CONSTRAINT slots_no_overlap EXCLUDE USING gist (barber_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
      )`);
    await queryRunner.query('CREATE INDEX slots_by_booking ON slots (booking_id) WHERE booking_id IS NOT NULL');

    // No foreign key to slots: a booking keeps the ids it held even after a template change
    // has deleted a released slot (its history, and the late-payment check of DESIGN §6.4).
    await queryRunner.query(`
      CREATE TABLE booking_slots (
        booking_id uuid NOT NULL REFERENCES bookings (id),
        slot_id uuid NOT NULL,
        position smallint NOT NULL,
        active boolean NOT NULL,
        PRIMARY KEY (booking_id, slot_id)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX booking_slots_one_active_booking_per_slot ON booking_slots (slot_id) WHERE active');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE booking_slots');
    await queryRunner.query('DROP TABLE slots');
    await queryRunner.query('DROP TABLE bookings');
    await queryRunner.query('DROP TABLE time_off');
    await queryRunner.query('DROP TABLE availability_templates');
    await queryRunner.query('DROP TABLE services');
    await queryRunner.query('DROP TABLE barbers');
  }
}
