import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dropDatabase } from '@app/platform';
import { freePort } from './redis-server';
import { POSTGRES_BASE, REDIS_URL, deleteQueueKeys, eventually, uniqueName } from './test-infra';

/** The V8 heap bounds every service runs with (scripts/start.mjs RUNTIME_DEFAULTS, the Dockerfile). */
export const RUNTIME_NODE_OPTIONS = '--max-semi-space-size=4 --max-old-space-size=160';

export type ServiceName = 'gateway' | 'booking' | 'payments' | 'appointments';

/** The repository root, whether this runs from source (jest) or from dist/ (benchmarks). */
function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(resolve(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const ROOT = repositoryRoot(__dirname);
/**
 * The build the services are spawned from: the one this file was compiled into when it runs
 * from a build (dist/, or the benchmarks' own output directory), else dist/ (jest).
 */
const BUILD = resolve(__dirname, '../..') === ROOT ? resolve(ROOT, 'dist') : resolve(__dirname, '../..');
const DATABASE_VARS: Record<ServiceName, string> = {
  gateway: 'GATEWAY_DATABASE_URL',
  booking: 'BOOKING_DATABASE_URL',
  payments: 'PAYMENTS_DATABASE_URL',
  appointments: 'APPOINTMENTS_DATABASE_URL',
};
const HTTP_PORT_VARS: Record<ServiceName, string> = {
  gateway: 'GATEWAY_PORT',
  booking: 'BOOKING_HTTP_PORT',
  payments: 'PAYMENTS_HTTP_PORT',
  appointments: 'APPOINTMENTS_HTTP_PORT',
};

interface RunningProcess {
  service: ServiceName;
  child: ChildProcess;
  httpPort: number;
  output: string[];
}

/**
 * The platform as it runs in production — each service a real process built by
 * `npm run build` — with databases, queue prefix and ports of its own, so suites run
 * side by side and leave nothing behind. Extra replicas of a service share its
 * databases and queues but get their own HTTP port.
 */
export class TestSystem {
  readonly processes: RunningProcess[] = [];

  private constructor(
    readonly env: Record<string, string>,
    readonly prefix: string,
    private readonly databaseUrls: Record<ServiceName, string>,
    /** The build the processes are spawned from (another commit's build, for a before/after benchmark). */
    readonly build: string,
  ) {}

  static async start(
    services: ServiceName[],
    overrides: Record<string, string> = {},
    { build = BUILD }: { build?: string } = {},
  ): Promise<TestSystem> {
    const name = uniqueName('sys');
    const databaseUrls = Object.fromEntries(
      (Object.keys(DATABASE_VARS) as ServiceName[]).map((service) => [service, `${POSTGRES_BASE}/${name}_${service}`]),
    ) as Record<ServiceName, string>;
    const [booking, payments, appointments] = [await freePort(), await freePort(), await freePort()];
    const env: Record<string, string> = {
      REDIS_URL,
      // As npm start and the Dockerfile run the services (scripts/start.mjs RUNTIME_DEFAULTS).
      MALLOC_ARENA_MAX: '2',
      NODE_OPTIONS: RUNTIME_NODE_OPTIONS,
      QUEUE_PREFIX: name,
      LOG_LEVEL: 'warn',
      BOOKING_TCP_PORT: String(booking),
      PAYMENTS_TCP_PORT: String(payments),
      APPOINTMENTS_TCP_PORT: String(appointments),
      ADMIN_EMAIL: 'admin@test.local',
      ADMIN_PASSWORD: 'admin-password-1',
      JWT_SECRET: `test-secret-${name}`,
      // The gateway's /health requires exactly the services this suite runs.
      GATEWAY_HEALTH_SERVICES: services.filter((service) => service !== 'gateway').join(','),
      ...Object.fromEntries((Object.keys(DATABASE_VARS) as ServiceName[]).map((service) => [DATABASE_VARS[service], databaseUrls[service]])),
      ...overrides,
    };
    const system = new TestSystem(env, name, databaseUrls, build);
    try {
      // Services the gateway calls first, so its health check finds them.
      for (const service of [...services].sort((a, b) => Number(a === 'gateway') - Number(b === 'gateway'))) {
        await system.startProcess(service);
      }
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  databaseUrl(service: ServiceName): string {
    return this.databaseUrls[service];
  }

  get gatewayUrl(): string {
    const gateway = this.processes.find((running) => running.service === 'gateway');
    if (!gateway) throw new Error('The gateway is not running in this system');
    return `http://127.0.0.1:${gateway.httpPort}`;
  }

  /**
   * Start one more process of `service` (a replica), wait until its /health answers 200.
   * `httpPort`: a given port instead of a free one (a process restarted in its predecessor's place).
   */
  async startProcess(
    service: ServiceName,
    extraEnv: Record<string, string> = {},
    { httpPort: fixedHttpPort, timeoutMs = 30_000 }: { httpPort?: number; timeoutMs?: number } = {},
  ): Promise<RunningProcess> {
    const httpPort = fixedHttpPort ?? (await freePort());
    const output: string[] = [];
    const child = spawn(process.execPath, [resolve(this.build, `apps/${service}/src/main.js`)], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, [HTTP_PORT_VARS[service]]: String(httpPort), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const running: RunningProcess = { service, child, httpPort, output };
    this.processes.push(running);
    // A process that exits while starting fails the start at once, not after the whole timeout.
    let onExit = (): void => undefined;
    const exited = new Promise<never>((_, reject) => {
      onExit = () => reject(new Error(`${service} exited (${child.exitCode ?? child.signalCode}) while starting: ${output.join('').slice(-2000)}`));
      child.once('exit', onExit);
    });
    exited.catch(() => undefined);
    try {
      await Promise.race([
        exited,
        eventually(
          `${service} to answer /health`,
          async () => {
            const response = await fetch(`http://127.0.0.1:${httpPort}/health`).catch(() => null);
            return response?.status === 200;
          },
          { timeoutMs, intervalMs: 100 },
        ),
      ]);
    } finally {
      child.off('exit', onExit);
    }
    return running;
  }

  async stopProcess(running: RunningProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const { child } = running;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    this.processes.splice(this.processes.indexOf(running), 1);
  }

  async stop(): Promise<void> {
    for (const running of [...this.processes].reverse()) await this.stopProcess(running);
    await deleteQueueKeys(REDIS_URL, this.prefix);
    for (const url of Object.values(this.databaseUrls)) await dropDatabase(url);
  }
}
