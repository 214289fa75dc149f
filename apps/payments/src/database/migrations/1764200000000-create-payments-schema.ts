import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments' own tables: one row per Checkout Session we opened (payments), the one full
 * refund a payment may get (refunds), every verified Stripe event we received (stripe_events,
 * keyed by Stripe's id so a redelivery is recognised), and the parameters reserved for a
 * booking's next session (checkout_attempts) so a retried Stripe call repeats them exactly.
 */
export class CreatePaymentsSchema1764200000000 implements MigrationInterface {
  name = 'CreatePaymentsSchema1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        booking_id uuid NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        checkout_session_id text NOT NULL UNIQUE,
        checkout_url text NOT NULL,
        expires_at timestamptz NOT NULL,
        amount_cents integer NOT NULL CHECK (amount_cents >= 0),
        currency text NOT NULL,
        customer_email text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'succeeded', 'failed', 'expired', 'refund_pending', 'refunded')),
        payment_intent_id text,
        paid_amount_cents integer,
        paid_currency text,
        flagged_reason text,
        flagged_event_id text,
        dead_lettered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payments_booking_attempt UNIQUE (booking_id, attempt)
      )`);
    // The reconciler's scan: open payments by age.
    await queryRunner.query(`CREATE INDEX payments_status_created_at ON payments (status, created_at)`);
    await queryRunner.query(`CREATE INDEX payments_payment_intent_id ON payments (payment_intent_id) WHERE payment_intent_id IS NOT NULL`);
    // Flags still to be dead-lettered (Redis was away when the webhook committed).
    await queryRunner.query(
      `CREATE INDEX payments_flag_not_dead_lettered ON payments (updated_at) WHERE flagged_reason IS NOT NULL AND dead_lettered_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE refunds (
        id uuid PRIMARY KEY,
        payment_id uuid NOT NULL REFERENCES payments (id),
        stripe_refund_id text UNIQUE,
        amount_cents integer NOT NULL CHECK (amount_cents >= 0),
        currency text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('booking_cancelled', 'payment_rejected', 'amount_mismatch')),
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- One full refund per payment.
        CONSTRAINT refunds_one_per_payment UNIQUE (payment_id)
      )`);
    await queryRunner.query(`CREATE INDEX refunds_pending ON refunds (updated_at) WHERE status = 'pending'`);

    await queryRunner.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE checkout_attempts (
        booking_id uuid NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        payment_id uuid NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (booking_id, attempt)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE checkout_attempts');
    await queryRunner.query('DROP TABLE stripe_events');
    await queryRunner.query('DROP TABLE refunds');
    await queryRunner.query('DROP TABLE payments');
  }
}
