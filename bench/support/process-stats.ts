import { readdirSync, readFileSync } from 'node:fs';
import { withClient } from './postgres';

/** Resident set size of a process in MB (VmRSS from /proc), or NaN once it is gone. */
export function rssMB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time a process has used so far (user + system, ms, from /proc; 10 ms resolution), or NaN. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the full line: 11 and 12 here, in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU used by each group of processes (and this process) between now and `done()`, divided by
 * `units` (requests, payments): where the CPU of a benchmark went, per unit of work. A process
 * that exits meanwhile is counted up to its last reading before.
 */
export function cpuMeter(groups: Array<{ name: string; pids: number[] }>): {
  done(units: number): Record<string, number>;
} {
  const before = groups.map(({ pids }) => pids.map(cpuMs));
  const self = process.cpuUsage();
  return {
    done(units: number) {
      const used = process.cpuUsage(self);
      const perUnit = (ms: number) => Math.round((ms / units) * 100) / 100;
      const spent = (pids: number[], start: number[]) =>
        pids.reduce((sum, pid, index) => {
          const delta = cpuMs(pid) - start[index];
          return Number.isNaN(delta) ? sum : sum + delta;
        }, 0);
      return {
        ...Object.fromEntries(
          groups.map(({ name, pids }, index) => [name, perUnit(spent(pids, before[index]))]),
        ),
        'benchmark process': perUnit((used.user + used.system) / 1000),
      };
    },
  };
}

/** The local redis-server process serving `port`, if any (its CPU is shared with whoever else uses it). */
export function localRedisPid(port: number): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.startsWith('redis-server') && cmdline.includes(`:${port}`)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** The PostgreSQL backends connected to these databases now (the system's pools). */
export async function postgresBackendPids(databaseUrls: string[]): Promise<number[]> {
  return withClient(databaseUrls[0], async (client) => {
    const names = databaseUrls.map((url) => new URL(url).pathname.slice(1));
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()',
      [names],
    );
    return rows.map((row) => row.pid);
  });
}

/**
 * SYNs the kernel dropped because a listening socket's accept queue was full (TcpExt ListenDrops
 * in /proc/net/netstat, the whole machine), or NaN where it cannot be read. Each such client
 * retries its SYN a second later: a latency the application never sees.
 */
export function listenDrops(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    for (let index = 0; index + 1 < lines.length; index += 2) {
      if (!lines[index].startsWith('TcpExt:')) continue;
      const names = lines[index].split(' ');
      const values = lines[index + 1].split(' ');
      const at = names.indexOf('ListenDrops');
      return at < 0 ? Number.NaN : Number(values[at]);
    }
  } catch {
    // not Linux, or no /proc
  }
  return Number.NaN;
}
