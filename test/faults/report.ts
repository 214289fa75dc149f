import type { FaultRunReport } from './run';

/** The run as a plain-text table: operations by kind, faults, convergence, each promise. */
export function formatReport(report: FaultRunReport): string {
  const lines: string[] = [];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  lines.push(
    `Fault-injection suite — seed ${report.seed} (replay: FAULTS_SEED=${report.seed} FAULTS_MINUTES=${report.minutes}), ` +
      `${report.minutes} min of load with ${report.workers} workers, started ${report.startedAt}`,
  );
  lines.push('');
  lines.push(`Operations: ${report.operations.total}`);
  const kinds = Object.entries(report.operations.byKind);
  const kindWidth = Math.max(4, ...kinds.map(([kind]) => kind.length));
  lines.push(`  ${'kind'.padEnd(kindWidth)}  ${'count'.padStart(6)}  outcomes`);
  for (const [kind, { count, outcomes }] of kinds) {
    const detail = Object.entries(outcomes)
      .map(([outcome, n]) => `${outcome}:${n}`)
      .join(' ');
    lines.push(`  ${kind.padEnd(kindWidth)}  ${String(count).padStart(6)}  ${detail}`);
  }
  for (const anomaly of report.operations.anomalies.slice(0, 20))
    lines.push(`  ANOMALY: ${anomaly}`);
  if (report.operations.anomalies.length > 20)
    lines.push(`  … and ${report.operations.anomalies.length - 20} more anomalies`);
  lines.push('');
  const { faults } = report;
  const byNode = Object.entries(faults.killsByNode)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([node, n]) => `${node}:${n}`)
    .join(' ');
  lines.push('Faults');
  lines.push(`  process kills (SIGKILL, restarted)  ${faults.kills}  (${byNode || 'none'})`);
  lines.push(`  Redis restarts                      ${faults.redisRestarts}`);
  lines.push(
    `  PostgreSQL terminations             ${faults.postgresTerminations}  (${faults.postgresConnectionsCut} connections cut)`,
  );
  if (faults.restartRetries > 0)
    lines.push(`  restarts tried again                ${faults.restartRetries}`);
  lines.push('');
  lines.push(
    `Load ran ${seconds(report.timings.loadMs)} after ${seconds(report.timings.setupMs)} of setup; ` +
      (report.converged
        ? `converged ${seconds(report.timings.convergeMs ?? 0)} after the faults stopped (bound ${seconds(report.timings.convergeBoundMs)})`
        : `DID NOT CONVERGE within ${seconds(report.timings.convergeBoundMs)}: ${report.notConverged.join('; ')}`),
  );
  lines.push('');
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([key, n]) => `${key}:${n}`)
      .join(' ') || 'none';
  const { state } = report;
  lines.push('State after convergence');
  lines.push(
    `  bookings      ${counts(state.bookings)}  (payments refused by booking: ${state.rejectedPayments})`,
  );
  lines.push(`  payments      ${counts(state.payments)}`);
  lines.push(`  appointments  ${counts(state.appointments)}`);
  lines.push(
    `  Stripe        ${state.stripe.sessions} sessions, ${state.stripe.succeededPayments} payments taken, ${state.stripe.refundedInFull} refunded in full`,
  );
  lines.push('');
  lines.push('Promises');
  const width = Math.max(...report.promises.map((row) => row.promise.length), 7);
  lines.push(`  ${'promise'.padEnd(width)}  violations`);
  for (const row of report.promises) {
    lines.push(`  ${row.promise.padEnd(width)}  ${String(row.violations).padStart(10)}`);
    for (const example of row.examples) lines.push(`      e.g. ${example}`);
  }
  lines.push(
    `  ${'answers_during_load'.padEnd(width)}  ${String(report.operations.anomalies.length).padStart(10)}   (no 500, no second booking for one Idempotency-Key)`,
  );
  lines.push(
    `  ${'processes_stay_up'.padEnd(width)}  ${String(report.crashes.length).padStart(10)}   (no process dies unless killed)`,
  );
  for (const crash of report.crashes.slice(0, 5)) lines.push(`      e.g. ${crash}`);
  lines.push(
    `  ${'no_message_left_for_a_human'.padEnd(width)}  ${String(report.unexpectedDeadLetters.length).padStart(10)}   (no message dead-lettered by the faults; refused payments' flags are dead letters by design)`,
  );
  lines.push('');
  lines.push(
    `Dead letters (GET /admin/dlq): ${report.deadLetters.map((row) => `${row.queue}:${row.count}`).join(' ')}`,
  );
  for (const letter of report.unexpectedDeadLetters.slice(0, 10)) {
    lines.push(
      `  ${letter.queue} ${letter.type} ${letter.jobId} after ${letter.attemptsMade} attempt(s), ${letter.failedAt}: ${letter.error}`,
    );
    for (const entry of letter.history) lines.push(`      ${entry}`);
  }
  if (report.files) lines.push(`Written to ${report.files.text} and ${report.files.json}`);
  lines.push(`Result: ${report.passed ? 'PASS' : 'FAIL'} (${report.violations} violation(s))`);
  return lines.join('\n');
}
