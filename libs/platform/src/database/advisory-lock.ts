import { DataSource } from 'typeorm';

/** An advisory lock key: one bigint, or two ints (PostgreSQL accepts either form). */
export type AdvisoryLockKey = readonly [number] | readonly [number, number];

/**
 * Run `work` while holding a session advisory lock on a connection of its own, so the lock
 * spans work that commits in several transactions. `wait: false` gives up at once when another
 * session (another replica) holds it and answers null; `wait: true` waits for it.
 */
export async function withSessionAdvisoryLock<T>(
  dataSource: DataSource,
  key: AdvisoryLockKey,
  { wait }: { wait: boolean },
  work: () => Promise<T>,
): Promise<T | null> {
  const args = key.map((_, index) => `$${index + 1}`).join(', ');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (wait) {
      await runner.query(`SELECT pg_advisory_lock(${args})`, [...key]);
    } else {
      const rows = (await runner.query(`SELECT pg_try_advisory_lock(${args}) AS locked`, [...key])) as Array<{ locked: boolean }>;
      if (!rows[0]?.locked) return null;
    }
    try {
      return await work();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${args})`, [...key]);
    }
  } finally {
    await runner.release();
  }
}
