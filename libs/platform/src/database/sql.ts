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

/** PostgreSQL error codes (SQLSTATE) the services act on. */
export const UNIQUE_VIOLATION = '23505';
export const EXCLUSION_VIOLATION = '23P01';
export const DUPLICATE_DATABASE = '42P04';

/** The PostgreSQL error code and constraint name behind a failed query (TypeORM copies them up). */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, constraint, driverError } = error as { code?: unknown; constraint?: unknown; driverError?: unknown };
  if (typeof code === 'string') return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
  return driverError ? pgErrorOf(driverError) : {};
}

/** A unique or exclusion constraint refused the statement. */
export function isConstraintViolation(error: unknown): boolean {
  const { code } = pgErrorOf(error);
  return code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION;
}
