import { openServiceDataSource } from '@app/platform';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { bookingDataSourceOptions } from '../../apps/booking/src/database/data-source';
import { createTestDatabase } from '../../test/support/test-infra';
import { onShutdown } from '../support/cleanup';
import { connect } from '../support/postgres';

export interface Baseline {
  url: string;
  databaseUrl: string;
  pid: number;
  serviceId: string;
  slotIds: string[];
  stop(): Promise<void>;
}

/**
 * The P1 baseline: a database of its own on the same PostgreSQL with the booking service's
 * schema (apps/booking's migrations, constraints and indexes included), `barbers` barbers
 * with `days` days of 30-minute slots from tomorrow, and bench/baseline/server.ts running
 * as its own process. `stop()` (also on SIGINT/SIGTERM) ends it and drops the database.
 */
export async function startBaseline({
  barbers,
  days,
}: {
  barbers: number;
  days: number;
}): Promise<Baseline> {
  const database = await createTestDatabase('bench_baseline');
  let child: ReturnType<typeof spawn> | null = null;
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child!.once('exit', done));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await database.drop();
    })();
    return stopped;
  };
  const unregister = onShutdown(stop);
  try {
    const dataSource = await openServiceDataSource(bookingDataSourceOptions(database.url));
    await dataSource.destroy();
    const serviceId = randomUUID();
    const client = await connect(database.url);
    let slotIds: string[];
    try {
      await client.query(
        `INSERT INTO services (id, name, duration_minutes, price_cents, currency, created_at) VALUES ($1, 'Haircut', 30, 2500, 'gbp', now())`,
        [serviceId],
      );
      await client.query(
        `INSERT INTO barbers (id, name, time_zone, created_at, updated_at)
         SELECT gen_random_uuid(), 'Baseline barber ' || n, 'UTC', now(), now() FROM generate_series(1, $1) AS n`,
        [barbers],
      );
      await client.query(
        `INSERT INTO slots (id, barber_id, starts_at, ends_at, status, created_at, updated_at)
         SELECT gen_random_uuid(), b.id, t, t + interval '30 minutes', 'available', now(), now()
           FROM barbers b,
                generate_series(date_trunc('day', now()) + interval '1 day',
                                date_trunc('day', now()) + make_interval(days => $1 + 1) - interval '30 minutes',
                                interval '30 minutes') AS t`,
        [days],
      );
      await client.query('ANALYZE');
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM slots ORDER BY random()`);
      slotIds = rows.map((row) => row.id);
    } finally {
      await client.end();
    }

    const spawned = spawn(process.execPath, [resolve(__dirname, 'server.js')], {
      env: { ...process.env, BASELINE_DATABASE_URL: database.url, BASELINE_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    const port = await new Promise<number>((done, fail) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`baseline did not start: ${output}`)), 15_000);
      spawned.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      });
      spawned.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      spawned.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`baseline exited (${code}): ${output}`));
      });
    });
    return {
      url: `http://127.0.0.1:${port}`,
      databaseUrl: database.url,
      pid: spawned.pid!,
      serviceId,
      slotIds,
      stop: async () => {
        unregister();
        await stop();
      },
    };
  } catch (error) {
    unregister();
    await stop();
    throw error;
  }
}
