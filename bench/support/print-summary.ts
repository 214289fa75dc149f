/**
 * Prints the table of bench/results/<date>.json (arguments: the date, default today, and the
 * time the run started, to mark figures left from earlier runs): one row
 * per P1–P6 figure with its target, what was measured, the baseline and whether it holds.
 * Run by bench/run.mjs after the benchmarks.
 */
import { readFileSync } from 'node:fs';
import { resultsFile } from './results';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results are JSON written by the benchmarks
type Json = any;

interface Row {
  figure: string;
  target: string;
  measured: string;
  baseline: string;
  holds: string;
  when: string;
}

const ms = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? '–' : `${value} ms`;
const yes = (ok: boolean | undefined) => (ok === undefined ? '?' : ok ? 'yes' : 'NO');

function rows(results: Record<string, Json>, since: string | undefined): Row[] {
  const out: Row[] = [];
  // A figure from before this run (its benchmark failed or was not asked for) says so.
  const when = (name: string) => {
    const at = String(results[name]?.measuredAt ?? '');
    return `${at.slice(0, 16).replace('T', ' ')}${since !== undefined && at < since ? ' (earlier run)' : ''}`;
  };
  const p1 = results.bookings;
  if (p1) {
    out.push({
      figure: 'P1 bookings via gateway (50 conn.)',
      target: '≥ 0.3 × baseline req/s; CPU/booking ≥ 3 × lower than before',
      measured:
        `${p1.system.throughputPerSecond} req/s, p50 ${ms(p1.system.latencyMs.p50)}, p99 ${ms(p1.system.latencyMs.p99)} (ratio ${p1.throughputRatio})` +
        (p1.cpuMsPerBookingTotal === undefined ? '' : `; CPU ${p1.cpuMsPerBookingTotal} ms/booking`) +
        (p1.before ? ` vs ${p1.before.cpuMsPerBookingTotal} before (${p1.cpuReduction} ×)` : ''),
      baseline: `${p1.baseline.throughputPerSecond} req/s, p50 ${ms(p1.baseline.latencyMs.p50)}, p99 ${ms(p1.baseline.latencyMs.p99)}`,
      holds: yes(p1.meetsTarget),
      when: when('bookings'),
    });
  }
  const p2 = results['live-latency'];
  if (p2) {
    const { p50, p99 } = p2.webhookAnsweredToSseMs;
    out.push({
      figure: `P2 webhook → SSE paid (${p2.ratePerSecond}/s)`,
      target: 'p99 ≤ 100 ms; CPU/payment ≥ 3 × lower than before',
      measured:
        `p50 ${ms(p50)}, p99 ${ms(p99)}` +
        (p2.cpuMsPerPaymentTotal === undefined ? '' : `; CPU ${p2.cpuMsPerPaymentTotal} ms/payment`) +
        (p2.before ? ` vs ${p2.before.cpuMsPerPaymentTotal} before (${p2.cpuReduction} ×)` : ''),
      baseline: `Redis→SSE p50 ${ms(p2.baselineRedisToSseMs?.p50)}, p99 ${ms(p2.baselineRedisToSseMs?.p99)}`,
      holds: yes(p2.meetsTarget ?? (p50 <= 20 && p99 <= 100)),
      when: when('live-latency'),
    });
  }
  const p3 = results.contention;
  if (p3) {
    out.push({
      figure: `P3 ${p3.concurrent} bookings of one slot (${p3.cold ? 'cold, then ' : ''}×${p3.rounds.length})`,
      target: '1 × 201, 999 × 409, no 5xx, p99 ≤ 1 s',
      measured: [...(p3.cold ? [p3.cold] : []), ...p3.rounds]
        .map(
          (round: Json) =>
            `${round.statuses['201'] ?? 0}/${round.statuses['409'] ?? 0}/${round.fivexx} p99 ${ms(round.latencyMs.p99)}`,
        )
        .join('; '),
      baseline: '–',
      holds: yes(p3.meetsTarget),
      when: when('contention'),
    });
  }
  const p4 = results['lost-webhook'];
  if (p4) {
    out.push({
      figure: 'P4 lost webhook → confirmed',
      target: '≤ 60 s',
      measured: p4.cases.map((c: Json) => `${c.name}: ${c.seconds} s`).join('; '),
      baseline:
        typeof p4.boundSeconds === 'number'
          ? `bound ${p4.boundSeconds} s`
          : `bound ${p4.boundSeconds.paidAtOnce} s / ${p4.boundSeconds.paidLate} s`,
      holds: yes(p4.meetsTarget),
      when: when('lost-webhook'),
    });
  }
  const p5 = results['relay-lag'];
  if (p5) {
    out.push({
      figure: `P5 outbox relay lag (${p5.ratePerSecond}/s)`,
      target: 'p99 ≤ 10 ms',
      measured: `p50 ${ms(p5.outboxCommitToEnqueuedMs.p50)}, p99 ${ms(p5.outboxCommitToEnqueuedMs.p99)}`,
      baseline: `direct add p50 ${ms(p5.baselineDirectEnqueueMs.p50)}, p99 ${ms(p5.baselineDirectEnqueueMs.p99)}`,
      holds: yes(p5.meetsTarget ?? p5.outboxCommitToEnqueuedMs.p99 <= 10),
      when: when('relay-lag'),
    });
  }
  const p6 = results.footprint;
  if (p6) {
    out.push({
      figure: 'P6 RSS under P1 load (max)',
      target: '≤ 200 MB each',
      measured: Object.entries(p6.rssUnderLoadMB as Record<string, Json>)
        .map(([service, figures]) => `${service} ${figures.max}`)
        .join(', '),
      baseline:
        p6.baselineRssUnderLoadMB === undefined ? '–' : `baseline ${p6.baselineRssUnderLoadMB.max}`,
      holds: yes(p6.meetsMemoryTarget),
      when: when('footprint'),
    });
    out.push({
      figure: 'P6 start → gateway /health 200',
      target: '≤ 10 s',
      measured: `cold ${(p6.startupMs.cold / 1000).toFixed(2)} s, warm ${(p6.startupMs.warm / 1000).toFixed(2)} s`,
      baseline: '–',
      holds: yes(p6.meetsStartupTarget),
      when: when('footprint'),
    });
  }
  return out;
}

const file = resultsFile(process.argv[2]);
let results: Record<string, Json>;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log(`No results in ${file}`);
  process.exit(0);
}
console.log(`\nResults in ${file} (machine: ${JSON.stringify(results.machine)})`);
console.table(rows(results, process.argv[3]));
