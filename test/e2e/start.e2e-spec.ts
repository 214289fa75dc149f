import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { deleteQueueKeys, eventually, POSTGRES_BASE, REDIS_URL } from '../support/test-infra';
import { descendantsOf, isRunning } from '../support/processes';

/**
 * `npm start` as a newcomer runs it (DESIGN §11): one command brings the four services up,
 * each answering /health, and one SIGTERM stops the whole process tree.
 */
const root = resolve(__dirname, '../..');
const APPS = ['gateway', 'booking', 'payments', 'appointments'] as const;
type App = (typeof APPS)[number];

const HTTP_PORTS: Record<App, number> = {
  gateway: 13000,
  payments: 13001,
  booking: 13002,
  appointments: 13003,
};
const STARTUP_BUDGET_MS = 20_000;
const SHUTDOWN_BUDGET_MS = 20_000;

const suffix = randomBytes(4).toString('hex');
const queuePrefix = `e2e_start_${suffix}`;
const databaseNames = APPS.map((app) => `e2e_start_${suffix}_${app}`);
const databaseUrl = (app: App) => `${POSTGRES_BASE}/e2e_start_${suffix}_${app}`;

const privateEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GATEWAY_PORT: String(HTTP_PORTS.gateway),
  PAYMENTS_HTTP_PORT: String(HTTP_PORTS.payments),
  BOOKING_HTTP_PORT: String(HTTP_PORTS.booking),
  APPOINTMENTS_HTTP_PORT: String(HTTP_PORTS.appointments),
  BOOKING_TCP_PORT: '14001',
  PAYMENTS_TCP_PORT: '14002',
  APPOINTMENTS_TCP_PORT: '14003',
  BOOKING_TCP_HOST: '127.0.0.1',
  PAYMENTS_TCP_HOST: '127.0.0.1',
  APPOINTMENTS_TCP_HOST: '127.0.0.1',
  GATEWAY_DATABASE_URL: databaseUrl('gateway'),
  BOOKING_DATABASE_URL: databaseUrl('booking'),
  PAYMENTS_DATABASE_URL: databaseUrl('payments'),
  APPOINTMENTS_DATABASE_URL: databaseUrl('appointments'),
  REDIS_URL,
  QUEUE_PREFIX: queuePrefix,
  NO_COLOR: '1',
  // jest's globalSetup built dist/ already; rebuilding would delete it under parallel suites.
  START_SKIP_BUILD: '1',
};

/** The last lines start.mjs printed, shown when an assertion fails. */
const output: string[] = [];
function capture(stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    output.push(line);
    if (output.length > 200) output.shift();
  });
}
const withOutput = (error: unknown) =>
  new Error(
    `${error instanceof Error ? error.message : String(error)}\n--- start.mjs output (last lines) ---\n${output.join('\n')}`,
  );

async function healthStatus(app: App): Promise<number | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${HTTP_PORTS[app]}/health`, {
      signal: AbortSignal.timeout(2_000),
    });
    return response.status;
  } catch {
    return undefined;
  }
}

describe('npm start (scripts/start.mjs)', () => {
  let starter: ChildProcess;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let spawnedAt = 0;
  let servicePids: number[] = [];

  beforeAll(() => {
    spawnedAt = Date.now();
    starter = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: privateEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    capture(starter.stdout);
    capture(starter.stderr);
    exited = new Promise((resolveExit) =>
      starter.once('exit', (code, signal) => resolveExit({ code, signal })),
    );
  });

  afterAll(async () => {
    // Whatever failed above, leave no process, database or queue key behind.
    for (const pid of [...servicePids, starter?.pid]) {
      if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    if (starter && starter.exitCode === null && starter.signalCode === null) await exited;
    const admin = new Client({ connectionString: `${POSTGRES_BASE}/postgres` });
    await admin.connect();
    try {
      for (const name of databaseNames)
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await deleteQueueKeys(REDIS_URL, queuePrefix);
  });

  it('brings all four services up, each answering /health with 200, within 20 s', async () => {
    const startFailed = exited.then(({ code, signal }) => {
      throw new Error(
        `start.mjs exited before the services were healthy (${signal ?? `code ${code}`})`,
      );
    });
    const allHealthy = eventually(
      'all four services to answer /health with 200',
      async () => {
        const statuses = await Promise.all(APPS.map(healthStatus));
        return statuses.every((status) => status === 200);
      },
      { timeoutMs: STARTUP_BUDGET_MS, intervalMs: 200 },
    );
    try {
      await Promise.race([allHealthy, startFailed]);
    } catch (error) {
      throw withOutput(error);
    } finally {
      startFailed.catch(() => undefined);
    }
    expect(Date.now() - spawnedAt).toBeLessThanOrEqual(STARTUP_BUDGET_MS);

    servicePids = descendantsOf(starter.pid!);
    // one process per service (plus any dev-only helper start.mjs adds)
    expect(servicePids.length).toBeGreaterThanOrEqual(APPS.length);
  }, 40_000);

  it('stops every service and then itself on SIGTERM, leaving no process behind', async () => {
    expect(servicePids.length).toBeGreaterThanOrEqual(APPS.length);
    starter.kill('SIGTERM');

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`start.mjs still running ${SHUTDOWN_BUDGET_MS} ms after SIGTERM`)),
        SHUTDOWN_BUDGET_MS,
      );
    });
    let result: { code: number | null; signal: NodeJS.Signals | null };
    try {
      result = await Promise.race([exited, timedOut]);
    } catch (error) {
      throw withOutput(error);
    } finally {
      clearTimeout(timer);
    }

    expect(result).toEqual({ code: 0, signal: null });
    expect(servicePids.filter(isRunning)).toEqual([]);
    const statuses = await Promise.all(APPS.map(healthStatus));
    expect(statuses).toEqual(APPS.map(() => undefined));
  }, 40_000);
});
