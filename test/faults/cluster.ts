import { appendFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { StripeStandIn, startStripeStandIn } from '../../tools/stripe-standin/src/server';
import { PrivateRedis, freePort } from '../support/redis-server';
import { ServiceName, TestSystem } from '../support/system';
import { SUITE_APPLICATION_NAME, connectPostgres } from './checker';
import { POSTGRES_BASE } from '../support/test-infra';

export const WEBHOOK_SECRET = 'whsec_faults';
const TCP_PORT_VARS = {
  booking: 'BOOKING_TCP_PORT',
  payments: 'PAYMENTS_TCP_PORT',
  appointments: 'APPOINTMENTS_TCP_PORT',
} as const;
/** Booking, payments and appointments each run twice; the gateway once. */
const REPLICATED: Array<keyof typeof TCP_PORT_VARS> = ['booking', 'payments', 'appointments'];

type RunningProcess = TestSystem['processes'][number];

/** One process slot of the cluster: always the same ports, so a restart takes its place. */
export interface Node {
  name: string;
  service: ServiceName;
  httpPort: number;
  extraEnv: Record<string, string>;
  process: RunningProcess | null;
}

export interface ClusterSettings {
  holdMinutes: number;
  holdGraceSeconds: number;
  holdExpiryIntervalSeconds: number;
  reconcileIntervalSeconds: number;
  reconcileStripeAfterSeconds: number;
}

/**
 * The platform the fault suite attacks: two processes of booking, payments and appointments and
 * one gateway (real processes from the build, TestSystem), a private redis-server that can be
 * restarted, and the Stripe stand-in in this process with its webhooks aimed at the first
 * payments process. The gateway, the reconcilers and the stand-in each reach a service at one
 * address — the first process's — so that one is restarted on the same ports after a kill;
 * every process is, so its /health keeps its address too.
 */
export class FaultCluster {
  readonly nodes: Node[] = [];
  private stopped: Promise<void> | null = null;
  /** Processes that died without being killed: a bug (an unhandled error), never a fault we injected. */
  readonly crashes: string[] = [];
  /** Where each node's output goes (all its processes, appended), when set. */
  logDir: string | null = null;

  private constructor(
    readonly system: TestSystem,
    readonly redis: PrivateRedis,
    readonly stripe: StripeStandIn,
    readonly settings: ClusterSettings,
  ) {}

  static async start(
    settings: ClusterSettings,
    log: (line: string) => void = () => undefined,
    extraEnv: Record<string, string> = {},
    logDir: string | null = null,
  ): Promise<FaultCluster> {
    if (logDir) mkdirSync(logDir, { recursive: true });
    const redis = await PrivateRedis.start();
    const stripe = await startStripeStandIn({
      webhookSecret: WEBHOOK_SECRET,
      port: 0,
      // Stripe retries for days; a few seconds here outlast a restart of payments most of the time.
      webhookRetry: { attempts: 6, backoffMs: 500, timeoutMs: 10_000 },
    });
    const system = await TestSystem.start([], {
      REDIS_URL: redis.url,
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_faults',
      GATEWAY_HEALTH_SERVICES: 'booking,payments,appointments',
      RATE_LIMIT_BOOKINGS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_PER_MINUTE: '0',
      BOOKING_HOLD_MINUTES: String(settings.holdMinutes),
      BOOKING_HOLD_GRACE_SECONDS: String(settings.holdGraceSeconds),
      HOLD_EXPIRY_INTERVAL_SECONDS: String(settings.holdExpiryIntervalSeconds),
      RECONCILE_INTERVAL_SECONDS: String(settings.reconcileIntervalSeconds),
      RECONCILE_STRIPE_AFTER_SECONDS: String(settings.reconcileStripeAfterSeconds),
      LOG_LEVEL: 'error',
      ...extraEnv,
    });
    const cluster = new FaultCluster(system, redis, stripe, settings);
    cluster.logDir = logDir;
    try {
      for (const service of REPLICATED) {
        for (const replica of [1, 2]) {
          const extraEnv =
            replica === 1 ? {} : { [TCP_PORT_VARS[service]]: String(await freePort()) };
          cluster.nodes.push({
            name: `${service}-${replica}`,
            service,
            httpPort: await freePort(),
            extraEnv,
            process: null,
          });
        }
      }
      cluster.nodes.push({
        name: 'gateway',
        service: 'gateway',
        httpPort: await freePort(),
        extraEnv: {},
        process: null,
      });
      // The services all at once (migrations take a lock), then the gateway, whose /health needs them.
      const start = async (node: Node) => {
        await cluster.startNode(node);
        log(`started ${node.name} (http ${node.httpPort})`);
      };
      await Promise.all(cluster.nodes.filter((node) => node.service !== 'gateway').map(start));
      await start(cluster.node('gateway'));
      stripe.setWebhookUrl(
        `http://127.0.0.1:${cluster.node('payments-1').httpPort}/webhooks/stripe`,
      );
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  node(name: string): Node {
    const node = this.nodes.find((candidate) => candidate.name === name);
    if (!node) throw new Error(`No node ${name}`);
    return node;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.node('gateway').httpPort}`;
  }

  get prefix(): string {
    return this.system.prefix;
  }

  databaseUrl(service: ServiceName): string {
    return this.system.databaseUrl(service);
  }

  async startNode(node: Node): Promise<void> {
    try {
      const running = await this.system.startProcess(node.service, node.extraEnv, {
        httpPort: node.httpPort,
        timeoutMs: 90_000,
      });
      node.process = running;
      // Only kill() ends a process on purpose (it clears node.process first): any other exit is a crash.
      running.child.once('exit', (code, signal) => {
        if (node.process !== running) return;
        node.process = null;
        this.crashes.push(
          `${new Date().toISOString()} ${node.name} exited by itself (${signal ?? code})`,
        );
        const index = this.system.processes.indexOf(running);
        if (index !== -1) this.system.processes.splice(index, 1);
      });
      if (this.logDir) {
        // Every process this node ever ran, one after another: a killed one's last words included.
        const log = createWriteStream(resolve(this.logDir, `${node.name}.log`), { flags: 'a' });
        log.write(`--- started ${new Date().toISOString()} ---\n${node.process.output.join('')}`);
        node.process.child.stdout?.on('data', (chunk: Buffer) => log.write(chunk));
        node.process.child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
        node.process.child.once('exit', (code, signal) =>
          log.end(`--- exited ${new Date().toISOString()} (${signal ?? code}) ---\n`),
        );
      }
    } catch (error) {
      if (this.logDir) {
        const failed = `--- failed to start ${new Date().toISOString()}: ${String(error)} ---\n`;
        appendFileSync(resolve(this.logDir, `${node.name}.log`), failed);
      }
      // A start that never became healthy must not keep the port from the next one.
      for (const stray of this.system.processes.filter(
        (running) => running.httpPort === node.httpPort,
      )) {
        await this.system.stopProcess(stray, 'SIGKILL');
      }
      throw error;
    }
  }

  /** The last lines a node's current process wrote (for a failure report). */
  output(node: Node): string {
    return node.process?.output.join('').slice(-4000) ?? '';
  }

  /** Start again every node whose process crashed, as a supervisor would; how many. */
  async restartCrashed(): Promise<number> {
    const crashed = this.nodes.filter((node) => node.process === null);
    for (const node of crashed) await this.startNode(node);
    return crashed.length;
  }

  /** SIGKILL: no shutdown hooks, jobs in hand stall, transactions roll back. */
  async kill(node: Node): Promise<void> {
    const running = node.process;
    if (!running) return;
    node.process = null;
    await this.system.stopProcess(running, 'SIGKILL');
  }

  /** SIGTERM then start again on the same port: data is kept (append-only file, fsync always). */
  async restartRedis(): Promise<void> {
    await this.redis.stop();
    await this.redis.start();
  }

  /** Cut every PostgreSQL connection of the services (pools reconnect, transactions in flight fail). */
  async terminatePostgresConnections(): Promise<number> {
    const names = (['gateway', 'booking', 'payments', 'appointments'] as ServiceName[]).map(
      (service) => new URL(this.databaseUrl(service)).pathname.slice(1),
    );
    const admin = await connectPostgres(`${POSTGRES_BASE}/postgres`);
    try {
      const result = await admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
          WHERE datname = ANY($1) AND pid <> pg_backend_pid() AND application_name <> $2`,
        [names, SUITE_APPLICATION_NAME],
      );
      return result.rows.filter((row) => row.terminated).length;
    } finally {
      await admin.end();
    }
  }

  /** Stop every process, drop the databases, close the stand-in and remove Redis; once, however often called. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      for (const node of this.nodes) node.process = null;
      await this.system
        .stop()
        .catch((error: unknown) => console.error('stopping the system failed:', error));
      await this.stripe.close().catch(() => undefined);
      await this.redis.destroy().catch(() => undefined);
    })();
    return this.stopped;
  }
}
