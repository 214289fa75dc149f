/**
 * bench/baseline — the floor P1 is measured against: one Fastify + pg process doing the
 * booking transaction of DESIGN §6.1 on the booking service's own schema (the driver creates
 * it with apps/booking's migrations), with no gateway, no RPC hop, no auth, no outbox, no
 * queues and no Checkout Session. Started by bench/bookings as a child process:
 *
 *   BASELINE_DATABASE_URL=postgres://… BASELINE_PORT=0 node dist/bench/baseline/server.js
 *
 * POST /bookings {slotId, serviceId, customerId} → 201 booking | 404 | 409 SLOT_UNAVAILABLE | 422.
 * It prints `listening <port>` once ready.
 */
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';

const databaseUrl = process.env.BASELINE_DATABASE_URL;
if (!databaseUrl) throw new Error('BASELINE_DATABASE_URL is required');
// The booking service's pool size (apps/booking/src/database/data-source.ts), for a like-for-like floor.
const pool = new Pool({
  connectionString: databaseUrl,
  max: Number(process.env.BASELINE_POOL_SIZE ?? 20),
});
const HOLD_MINUTES = 30;

interface BookingBody {
  slotId: string;
  serviceId: string;
  customerId: string;
}

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** Constraint violations (unique, exclusion): the database refused a second active booking. */
const CONSTRAINT_VIOLATIONS = new Set(['23505', '23P01']);

async function book(body: BookingBody): Promise<Record<string, unknown>> {
  const services = await pool.query<{
    id: string;
    name: string;
    duration_minutes: number;
    price_cents: number;
    currency: string;
  }>(
    'SELECT id, name, duration_minutes, price_cents, currency FROM services WHERE id = $1 AND active',
    [body.serviceId],
  );
  const service = services.rows[0];
  if (!service) throw new HttpError(404, 'SERVICE_NOT_FOUND');
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    // Lock the slot, check it is available and ahead.
    const slots = await client.query<{
      id: string;
      barber_id: string;
      starts_at: Date;
      ends_at: Date;
      status: string;
    }>('SELECT id, barber_id, starts_at, ends_at, status FROM slots WHERE id = $1 FOR UPDATE', [
      body.slotId,
    ]);
    const slot = slots.rows[0];
    if (!slot) throw new HttpError(404, 'SLOT_NOT_FOUND');
    if (slot.status !== 'available') throw new HttpError(409, 'SLOT_UNAVAILABLE');
    const now = new Date();
    if (slot.starts_at.getTime() <= now.getTime()) throw new HttpError(422, 'SLOT_IN_PAST');
    const id = randomUUID();
    const holdExpiresAt = new Date(now.getTime() + HOLD_MINUTES * 60_000);
    await client.query(
      `INSERT INTO bookings (id, customer_id, customer_name, customer_email, barber_id, service_id, service_name,
                             starts_at, ends_at, price_cents, currency, status, payment_status, hold_expires_at, created_at, updated_at,
                             barber_name, time_zone)
       SELECT $1, $2, 'Baseline customer', 'baseline@bench.test', $3, $4, $5, $6, $7, $8, $9, 'pending_payment', 'unpaid', $10, $11, $11,
              b.name, b.time_zone
         FROM barbers b WHERE b.id = $3`,
      [
        id,
        body.customerId,
        slot.barber_id,
        service.id,
        service.name,
        slot.starts_at,
        slot.ends_at,
        service.price_cents,
        service.currency,
        holdExpiresAt,
        now,
      ],
    );
    await client.query(
      'INSERT INTO booking_slots (booking_id, slot_id, position, active) VALUES ($1, $2, 1, true)',
      [id, slot.id],
    );
    await client.query(
      `UPDATE slots SET status = 'held', booking_id = $2, updated_at = $3 WHERE id = $1`,
      [slot.id, id, now],
    );
    await client.query('COMMIT');
    return {
      id,
      customerId: body.customerId,
      barberId: slot.barber_id,
      serviceId: service.id,
      slotIds: [slot.id],
      startsAt: slot.starts_at.toISOString(),
      endsAt: slot.ends_at.toISOString(),
      priceCents: service.price_cents,
      currency: service.currency,
      status: 'pending_payment',
      paymentStatus: 'unpaid',
      holdExpiresAt: holdExpiresAt.toISOString(),
      createdAt: now.toISOString(),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const code = (error as { code?: string }).code;
    if (code && CONSTRAINT_VIOLATIONS.has(code)) throw new HttpError(409, 'SLOT_UNAVAILABLE');
    throw error;
  } finally {
    client.release();
  }
}

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/health', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });
  app.post<{ Body: BookingBody }>('/bookings', async (request, reply) => {
    try {
      const booking = await book(request.body);
      return reply.status(201).send(booking);
    } catch (error) {
      if (error instanceof HttpError)
        return reply
          .status(error.statusCode)
          .send({ statusCode: error.statusCode, code: error.code });
      return reply.status(500).send({ statusCode: 500, code: 'INTERNAL' });
    }
  });
  await app.listen({ port: Number(process.env.BASELINE_PORT ?? 0), host: '127.0.0.1' });
  const address = app.server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
  const stop = () => {
    void app
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
