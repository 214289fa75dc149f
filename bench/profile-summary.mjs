#!/usr/bin/env node
/**
 * Where a service's CPU went, from a V8 CPU profile (`BENCH_CPU_PROFILE_DIR=<dir> npm run bench …`
 * writes one per service): self time by package and by function, and the native calls that wrote
 * to sockets, attributed to the package that asked for the write.
 *
 *   node bench/profile-summary.mjs <file.cpuprofile>              busy milliseconds per second of the run
 *   node bench/profile-summary.mjs <file.cpuprofile> <from> <to>  the summary of that window (seconds)
 *
 * The profiles cover a benchmark's whole life (start, setup, measurement, stop): print the
 * timeline first and pick the measured window from it.
 */
import { readFileSync } from 'node:fs';

const [file, from, to] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [<from s> <to s>]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

/** Sample i: [node id, microseconds it stands for, seconds since the profile started]. */
let elapsed = 0;
const samples = profile.samples.map((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  elapsed += delta;
  return [id, delta, elapsed / 1e6];
});
const isIdle = (id) => nodes.get(id).callFrame.functionName === '(idle)';

if (from === undefined) {
  const perSecond = new Map();
  for (const [id, delta, at] of samples) {
    if (isIdle(id)) continue;
    const second = Math.floor(at);
    perSecond.set(second, (perSecond.get(second) ?? 0) + delta);
  }
  console.log('busy ms in each second of the run (second:ms):');
  console.log([...perSecond].map(([second, us]) => `${second}:${Math.round(us / 1000)}`).join(' '));
  process.exit(0);
}

const packageOf = (url) => {
  if (!url) return null;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  return url.startsWith('node:') ? 'node (internal)' : 'our code';
};
const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeString']);

/** The first package above a native frame: who asked for the write. */
function askedBy(id) {
  for (let current = parents.get(id); current !== undefined; current = parents.get(current)) {
    const owner = packageOf(nodes.get(current).callFrame.url);
    if (owner && owner !== 'node (internal)') return owner;
  }
  return 'unknown';
}

const byPackage = new Map();
const byFunction = new Map();
const writesBy = new Map();
let busy = 0;
let writes = 0;
const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
for (const [id, delta, at] of samples) {
  if (at < Number(from) || at >= Number(to) || isIdle(id)) continue;
  const frame = nodes.get(id).callFrame;
  busy += delta;
  add(byPackage, packageOf(frame.url) ?? frame.functionName, delta);
  add(byFunction, `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`, delta);
  if (SOCKET_WRITES.has(frame.functionName)) {
    writes += delta;
    add(writesBy, askedBy(id), delta);
  }
}

const percent = (part) => `${((100 * part) / busy).toFixed(1).padStart(5)}%`;
const top = (map, count) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, us]) => `  ${percent(us)}  ${key}`)
    .join('\n');
console.log(`${file}, ${from}–${to} s: busy ${Math.round(busy / 1000)} ms`);
console.log(`socket writes (native): ${percent(writes)} of busy time, asked for by:`);
console.log(top(writesBy, 6));
console.log('self time by package:');
console.log(top(byPackage, 12));
console.log('self time by function:');
console.log(top(byFunction, 20));
