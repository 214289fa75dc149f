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


/** One appointments reconciler run at a time, across replicas (session advisory lock, DESIGN §6.6). */
export const RECONCILE_LOCK: [number, number] = [43_001, 0];
