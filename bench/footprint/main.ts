/**
 * bench/footprint (P6) — how long the whole system takes to answer GET /health 200 on the
 * gateway (which checks its database, Redis and every service over RPC) after its four
 * processes are spawned at once, and the resident memory (VmRSS) of each service process
 * idle and under P1's load. Targets: healthy ≤ 10 s after start, each process ≤ 200 MB.
 *
 * Start-up is timed twice: `cold`, on an empty PostgreSQL (every service creates its database
 * and runs its migrations, as a first deployment does), then `warm`, the same four processes
 * stopped and spawned again on the existing databases (a restart or a deploy). The load is
 * bench/bookings' (POST /bookings over distinct slots at 50 connections) for BENCH_SECONDS
 * (15); RSS is read from /proc/<pid>/status every 250 ms.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { ApiClient } from '../../test/support/http-client';
import { ServiceName } from '../../test/support/system';
import {
  ALL_SERVICES,
  analyzeDatabases,
  availableSlotIds,
  setUpShop,
  startBenchSystem,
} from '../support/bench-system';
import { benchmark } from '../support/benchmark';
import { runBookingLoad } from '../support/booking-load';
import { rssMB } from '../support/process-stats';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = 50;
const LIMIT_MB = 200;
const STARTUP_LIMIT_MS = 10_000;

benchmark('footprint', async ({ record }) => {
  // `benchmark` stops it when this ends, however it ends.
  const bench = await startBenchSystem({}, { parallel: true });
  const { system } = bench;
  const cold = bench.startupMs;
  console.log(`cold start (databases created and migrated): healthy after ${Math.round(cold)} ms`);

  // Warm: the same processes stopped and spawned again, at once, on the existing databases.
  await Promise.all([...system.processes].map((running) => system.stopProcess(running)));
  const respawnedAt = performance.now();
  await Promise.all(ALL_SERVICES.map((service) => system.startProcess(service)));
  const warm = performance.now() - respawnedAt;
  console.log(`warm start: healthy after ${Math.round(warm)} ms`);
  const pids = new Map<ServiceName, number>(
    system.processes.map((running) => [running.service, running.child.pid!]),
  );
  const idle = Object.fromEntries([...pids].map(([service, pid]) => [service, rssMB(pid)]));

  // The gateway listens on a new port after the restart.
  const gatewayUrl = system.gatewayUrl;
  const guest = new ApiClient(gatewayUrl);
  const admin = guest.as(
    (
      await guest.post('/auth/login', {
        email: system.env.ADMIN_EMAIL,
        password: system.env.ADMIN_PASSWORD,
      })
    ).body.accessToken,
  );
  const { service, tokens } = await setUpShop(
    { admin, api: guest },
    { barbers: 16, customers: 10, label: 'p6' },
  );
  const bodies = (await availableSlotIds(system.databaseUrl('booking'), 100_000)).map((slotId) =>
    JSON.stringify({ slotId, serviceId: service.id }),
  );
  await analyzeDatabases(system);

  const samples = new Map<ServiceName, number[]>([...pids.keys()].map((service) => [service, []]));
  const sampler = setInterval(() => {
    for (const [service, pid] of pids) samples.get(service)!.push(rssMB(pid));
  }, 250);
  let load;
  try {
    load = await runBookingLoad({
      url: gatewayUrl,
      path: '/bookings',
      connections: CONNECTIONS,
      seconds: SECONDS,
      bodies,
      headersFor: (connection) => ({
        authorization: `Bearer ${tokens[connection % tokens.length]}`,
      }),
    });
  } finally {
    clearInterval(sampler);
  }
  const underLoad = Object.fromEntries(
    [...samples].map(([service, values]) => {
      const seen = values.filter((value) => !Number.isNaN(value));
      return [
        service,
        { idle: idle[service], max: Math.max(...seen), last: seen[seen.length - 1] },
      ];
    }),
  );
  const result = {
    startupMs: { cold: Math.round(cold), warm: Math.round(warm) },
    rssIdleMB: idle,
    rssUnderLoadMB: underLoad,
    load: {
      seconds: load.seconds,
      requests: load.requests,
      throughputPerSecond: load.throughputPerSecond,
      statuses: load.statuses,
    },
    target: `each process <= ${LIMIT_MB} MB under P1 load; healthy <= ${STARTUP_LIMIT_MS / 1000} s after start`,
    meetsMemoryTarget: Object.values(underLoad).every((figures) => figures.max <= LIMIT_MB),
    meetsStartupTarget: cold <= STARTUP_LIMIT_MS && warm <= STARTUP_LIMIT_MS,
  };
  console.table(underLoad);
  console.log(
    `start → healthy: cold ${result.startupMs.cold} ms, warm ${result.startupMs.warm} ms; results written to ${record(result)}`,
  );
});
