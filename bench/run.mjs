#!/usr/bin/env node
// npm run bench [name ...]: build, then run each benchmark under bench/<name>/main.ts (default: all).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const available = readdirSync(resolve(root, 'bench'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(resolve(root, 'bench', entry.name, 'main.ts')))
  .map((entry) => entry.name);
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}
execFileSync(process.execPath, [resolve(root, 'scripts/ensure-infra.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs')], { stdio: 'inherit' });
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n=== bench/${name}`);
  execFileSync(process.execPath, [resolve(root, 'dist/bench', name, 'main.js')], { stdio: 'inherit', cwd: root });
}
