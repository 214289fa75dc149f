import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { eventually } from './test-infra';

/**
 * The environment for an infrastructure server the tests start: without a preloaded libfaketime,
 * so a run of the suite on a moved clock (`faketime -f +365d npm test`, issue 13) moves our
 * processes' clock as the shared PostgreSQL and Redis keep the machine's, and redis-server (whose
 * allocator clashes with libfaketime and exits) starts as it does in production.
 */
function infrastructureEnv(): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...env } = process.env;
  return env;
}

/**
 * Ports handed to servers a test starts itself. Each Jest worker takes its own block, and every
 * block lies below Linux's ephemeral range (32768–60999): a port picked by `listen(0)` could be
 * taken by one of the hundreds of client sockets (pg, Redis) the suites open before the server
 * binds it, which once failed CI with EADDRINUSE.
 */
const FIRST_PORT = 20_000;
const PORTS_PER_WORKER = 600;
const WORKER_BLOCKS = 20;
let nextOffset = Math.floor(Math.random() * PORTS_PER_WORKER);

export async function freePort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID ?? 0) % WORKER_BLOCKS;
  const base = FIRST_PORT + worker * PORTS_PER_WORKER;
  for (let tries = 0; tries < PORTS_PER_WORKER; tries++) {
    const port = base + (nextOffset++ % PORTS_PER_WORKER);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${base}-${base + PORTS_PER_WORKER - 1}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/**
 * A private redis-server on its own port, with an append-only file like production,
 * so a test can stop and restart it without touching the shared Redis.
 */
export class PrivateRedis {
  private process: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'redis-test-'));

  private constructor(
    readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  static async start(extraArgs: string[] = []): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), extraArgs);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes',
       '--appendfsync', 'always', '--maxmemory-policy', 'noeviction', '--dir', this.dir, ...this.extraArgs],
      { stdio: 'ignore', env: infrastructureEnv() },
    );
    await eventually(`redis on ${this.port}`, async () => {
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    });
  }

  /** SIGTERM: Redis flushes its append-only file and exits, as in a restart. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.process = null;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
