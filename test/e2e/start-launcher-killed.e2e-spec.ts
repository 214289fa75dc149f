import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { freePort } from '../support/redis-server';
import {
  POSTGRES_BASE,
  REDIS_URL,
  deleteQueueKeys,
  eventually,
  uniqueName,
} from '../support/test-infra';
import { descendantsOf, isRunning } from '../support/processes';

/**
 * `npm start` killed outright (kill -9, the OOM killer) cannot stop its services itself: each
 * service must notice its launcher is gone and stop, so the ports are free for the next
 * `npm start`. (Ctrl-C and SIGTERM are start.e2e-spec.ts.)
 */
const root = resolve(__dirname, '../..');
const APPS = ['gateway', 'booking', 'payments', 'appointments'] as const;
type App = (typeof APPS)[number];
const HTTP_PORT_VARS: Record<App, string> = {
  gateway: 'GATEWAY_PORT',
  payments: 'PAYMENTS_HTTP_PORT',
  booking: 'BOOKING_HTTP_PORT',
  appointments: 'APPOINTMENTS_HTTP_PORT',
};
const TCP_PORT_VARS = ['BOOKING_TCP_PORT', 'PAYMENTS_TCP_PORT', 'APPOINTMENTS_TCP_PORT'] as const;
const STARTUP_BUDGET_MS = 30_000;
/** The services' own SIGTERM shutdown, bounded by the 15 s force-exit of scripts/exit-with-launcher.cjs. */
const ORPHAN_BUDGET_MS = 20_000;

const name = uniqueName('e2e_start_killed');
const databaseUrl = (app: App) => `${POSTGRES_BASE}/${name}_${app}`;

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolveListen) => {
    const server = createServer();
    server.once('error', () => resolveListen(false));
    server.listen(port, host, () => server.close(() => resolveListen(true)));
  });
}

async function answers(port: number, path: string): Promise<number | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      signal: AbortSignal.timeout(2_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

describe('npm start (scripts/start.mjs) killed with SIGKILL', () => {
  let env: NodeJS.ProcessEnv;
  let httpPorts: Record<App, number>;
  let tcpPorts: number[];
  let standInPort: number;
  let launcher: ChildProcess;
  let launcherExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let children: number[] = [];
  const output: string[] = [];

  beforeAll(async () => {
    httpPorts = {
      gateway: await freePort(),
      payments: await freePort(),
      booking: await freePort(),
      appointments: await freePort(),
    };
    tcpPorts = [await freePort(), await freePort(), await freePort()];
    standInPort = await freePort();
    env = {
      ...process.env,
      REDIS_URL,
      QUEUE_PREFIX: name,
      NO_COLOR: '1',
      START_SKIP_BUILD: '1',
      STRIPE_STANDIN_PORT: String(standInPort),
    };
    // No STRIPE_SECRET_KEY: npm start runs the Stripe stand-in too, and it must stop as well.
    for (const variable of ['STRIPE_SECRET_KEY', 'STRIPE_API_BASE']) delete env[variable];
    for (const app of APPS) {
      env[HTTP_PORT_VARS[app]] = String(httpPorts[app]);
      env[`${app.toUpperCase()}_DATABASE_URL`] = databaseUrl(app);
    }
    TCP_PORT_VARS.forEach((variable, index) => (env[variable] = String(tcpPorts[index])));

    launcher = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [launcher.stdout, launcher.stderr]) {
      createInterface({ input: stream!, crlfDelay: Infinity }).on('line', (line) => {
        output.push(line);
        if (output.length > 200) output.shift();
      });
    }
    launcherExited = new Promise((resolveExit) =>
      launcher.once('exit', (code, signal) => resolveExit({ code, signal })),
    );
  });

  afterAll(async () => {
    for (const pid of [...children, launcher?.pid])
      if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGKILL');
    const admin = new Client({ connectionString: `${POSTGRES_BASE}/postgres` });
    await admin.connect();
    try {
      for (const app of APPS)
        await admin.query(`DROP DATABASE IF EXISTS "${name}_${app}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await deleteQueueKeys(REDIS_URL, name);
  });

  it(
    'leaves no service running and every port free, without anyone stopping them',
    async () => {
      try {
        await eventually(
          'all four services healthy and the Stripe stand-in answering',
          async () => {
            const statuses = await Promise.all([
              ...APPS.map((app) => answers(httpPorts[app], '/health')),
              answers(standInPort, '/'),
            ]);
            return (
              statuses.slice(0, APPS.length).every((status) => status === 200) &&
              statuses[APPS.length] !== undefined
            );
          },
          { timeoutMs: STARTUP_BUDGET_MS, intervalMs: 200 },
        );
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\n--- start.mjs output ---\n${output.join('\n')}`,
          { cause: error },
        );
      }
      children = descendantsOf(launcher.pid!);
      // four services and the stand-in
      expect(children.length).toBeGreaterThanOrEqual(APPS.length + 1);

      launcher.kill('SIGKILL');
      expect(await launcherExited).toEqual({ code: null, signal: 'SIGKILL' });

      await eventually(
        'every process the launcher started to stop',
        () => children.every((pid) => !isRunning(pid)),
        {
          timeoutMs: ORPHAN_BUDGET_MS,
          intervalMs: 100,
        },
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}: still running ${children.filter(isRunning).join(', ')}`,
          {
            cause: error,
          },
        );
      });
      const ports = [...APPS.map((app) => httpPorts[app]), ...tcpPorts, standInPort];
      const free = await Promise.all(
        ports.map(async (port) => ({ port, free: await canListen(port, '0.0.0.0') })),
      );
      expect(free).toEqual(ports.map((port) => ({ port, free: true })));
    },
    STARTUP_BUDGET_MS + ORPHAN_BUDGET_MS + 10_000,
  );
});
