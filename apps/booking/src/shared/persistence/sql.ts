import { EntityManager } from 'typeorm';

/**
 * Rows of any statement. TypeORM answers UPDATE/DELETE with `[rows, count]` and everything
 * else with the rows; callers want the rows either way (use RETURNING to count).
 */
export async function queryRows<T>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await manager.query(sql, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return raw[0] as T[];
  }
  return raw as T[];
}

export const UNIQUE_VIOLATION = '23505';
export const EXCLUSION_VIOLATION = '23P01';

/** The PostgreSQL error code and constraint name behind a failed query (TypeORM copies them up). */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, constraint, driverError } = error as { code?: unknown; constraint?: unknown; driverError?: unknown };
  if (typeof code === 'string') return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
  return driverError ? pgErrorOf(driverError) : {};
}

export function isConstraintViolation(error: unknown): boolean {
  const { code } = pgErrorOf(error);
  return code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION;
}

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
 */
export async function withSavepoint<T>(manager: EntityManager, name: string, work: () => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid savepoint name "${name}"`);
  await manager.query(`SAVEPOINT ${name}`);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await manager.query(`RELEASE SAVEPOINT ${name}`);
    throw error;
  }
  await manager.query(`RELEASE SAVEPOINT ${name}`);
  return result;
}
