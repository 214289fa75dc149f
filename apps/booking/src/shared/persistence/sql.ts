import { EntityManager } from 'typeorm';

/*
 * Lock order, everywhere, so no two transactions wait on each other: booking rows first
 * (cancel, expiry; later payment handlers), then barbers' schedule locks in key order, then
 * slot rows in start order. Creating a booking takes only slot rows (and the key lock first).
 *
 * Advisory lock namespaces (the two-int form, so they never meet the migration lock's
 * single bigint key). Arbitrary constants: never reuse one for something else.
 */
const BARBER_SCHEDULE_LOCK = 41_001;
const IDEMPOTENCY_KEY_LOCK = 41_002;
export const SLOT_HORIZON_JOB_LOCK: [number, number] = [41_003, 0];
/** One booking reconciler run at a time, across replicas (session lock, DESIGN §6.6). */
export const RECONCILE_LOCK: [number, number] = [41_004, 0];

/**
 * Serialises everything that rewrites one barber's grid (template change, time off, the
 * daily extension, re-gridding released slots) for the rest of the transaction.
 */
export async function lockBarberSchedule(manager: EntityManager, barberId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BARBER_SCHEDULE_LOCK, barberId]);
}

/** Several barbers' schedule locks, taken in key order so two transactions never wait on each other. */
export async function lockBarberSchedules(manager: EntityManager, barberIds: string[]): Promise<void> {
  if (barberIds.length === 0) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock($1, key)
       FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest($2::text[]) AS id ORDER BY key) AS keys`,
    [BARBER_SCHEDULE_LOCK, barberIds],
  );
}

/** Two requests with one Idempotency-Key run one after the other, so the second sees the first's booking. */
export async function lockIdempotencyKey(manager: EntityManager, customerId: string, key: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [IDEMPOTENCY_KEY_LOCK, `${customerId}:${key}`]);
}

/**
 * Run `work` inside a savepoint of the caller's transaction. A failed statement poisons a
 * PostgreSQL transaction (every later statement fails until ROLLBACK): rolling back to the
 * savepoint undoes `work` and leaves the rest of the transaction (an inbox message's, say)
 * usable, so the caller can catch an expected failure such as a constraint violation and go on.
 * TypeORM's nested transaction, so the outbox knows what a rolled-back savepoint may have undone
 * (libs/messaging, OutboxCommitSignal).
 */
export async function withSavepoint<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('withSavepoint needs the manager of a transaction');
  return manager.transaction(() => work());
}
