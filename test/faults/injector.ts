import { FaultCluster, Node } from './cluster';
import { Random } from './random';

export interface FaultStats {
  kills: number;
  killsByNode: Record<string, number>;
  redisRestarts: number;
  postgresTerminations: number;
  postgresConnectionsCut: number;
  /** Restarts that had to be tried again (the process did not come up the first time). */
  restartRetries: number;
}

type Fault = 'kill' | 'kill_both_replicas' | 'postgres' | 'redis';
const FAULTS: Array<[Fault, number]> = [
  ['kill', 64],
  ['kill_both_replicas', 8],
  ['postgres', 17],
  ['redis', 11],
];

/**
 * Faults one after another until the deadline, each finished (the process restarted and healthy,
 * Redis answering) before the next: SIGKILL of a random process, or of both processes of one
 * service, restarted on the same ports after a random pause; a Redis restart; every PostgreSQL
 * connection of the services terminated. The first three faults are one of each kind, in a random
 * order, so even a short run has them all.
 */
export class FaultInjector {
  readonly stats: FaultStats = {
    kills: 0,
    killsByNode: {},
    redisRestarts: 0,
    postgresTerminations: 0,
    postgresConnectionsCut: 0,
    restartRetries: 0,
  };

  private deadline = 0;
  /** `<ISO time> <fault>` for each fault as it began. */
  readonly timeline: string[] = [];

  constructor(
    private readonly cluster: FaultCluster,
    private readonly random: Random,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async run(deadline: number): Promise<void> {
    this.deadline = deadline;
    const opening = this.random.shuffle<Fault>(['kill', 'postgres', 'redis']);
    await pause(this.random.int(1000, 3000));
    while (Date.now() < this.deadline) {
      // A process that died on its own is restarted (and reported as a crash) before the next fault.
      await this.cluster.restartCrashed();
      const fault = opening.shift() ?? this.random.weighted(FAULTS);
      await this.inject(fault);
      await pause(this.random.int(1000, 4000));
    }
  }

  /** No fault after the one in hand. */
  abort(): void {
    this.deadline = 0;
  }

  private async inject(fault: Fault): Promise<void> {
    const began = new Date().toISOString();
    const describe = (what: string) => this.timeline.push(`${began} ${what}`);
    switch (fault) {
      case 'kill': {
        const node = this.random.pick(this.cluster.nodes);
        describe(`SIGKILL ${node.name}`);
        return this.killAndRestart([node]);
      }
      case 'kill_both_replicas': {
        const service = this.random.pick(['booking', 'payments', 'appointments'] as const);
        describe(`SIGKILL both ${service} processes`);
        return this.killAndRestart(this.cluster.nodes.filter((node) => node.service === service));
      }
      case 'postgres': {
        describe('pg_terminate_backend');
        const cut = await this.cluster.terminatePostgresConnections();
        this.stats.postgresTerminations += 1;
        this.stats.postgresConnectionsCut += cut;
        this.log(`fault: terminated ${cut} PostgreSQL connections`);
        return;
      }
      case 'redis': {
        describe('Redis restart');
        const started = Date.now();
        await this.cluster.restartRedis();
        this.stats.redisRestarts += 1;
        this.log(`fault: Redis restarted (${Date.now() - started} ms)`);
        return;
      }
    }
  }

  private async killAndRestart(nodes: Node[]): Promise<void> {
    for (const node of nodes) {
      await this.cluster.kill(node);
      this.stats.kills += 1;
      this.stats.killsByNode[node.name] = (this.stats.killsByNode[node.name] ?? 0) + 1;
    }
    const killedAt = Date.now();
    await pause(this.random.int(0, 1500));
    for (const node of nodes) await this.restart(node);
    this.log(
      `fault: SIGKILL ${nodes.map((node) => node.name).join(' + ')}, back after ${Date.now() - killedAt} ms`,
    );
  }

  private async restart(node: Node): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.cluster.startNode(node);
        return;
      } catch (error) {
        if (attempt >= 3)
          throw new Error(
            `${node.name} did not come back after ${attempt} starts: ${String(error)}`,
            { cause: error },
          );
        this.stats.restartRetries += 1;
        this.log(`${node.name} did not start (${String(error).slice(0, 300)}); trying again`);
        await pause(1000);
      }
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
