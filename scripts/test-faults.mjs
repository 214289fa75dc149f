#!/usr/bin/env node
// npm run test:faults: the fault-injection suite (test/faults, issue 7). FAULTS_MINUTES (default
// 1.5; 10 for the long profile), FAULTS_SEED to replay a run, FAULTS_WORKERS.
//
// The build goes to .faults/dist, not dist/: a test run rebuilding dist/ meanwhile would delete
// the code the suite's services are running. SIGINT/SIGTERM are passed on, so the suite stops
// its processes and drops its databases.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = '.faults/dist';
execFileSync(process.execPath, [resolve(root, 'scripts/ensure-infra.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs'), OUT], { stdio: 'inherit', cwd: root });
const child = spawn(process.execPath, [resolve(root, OUT, 'test/faults/main.js')], { stdio: 'inherit', cwd: root });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
