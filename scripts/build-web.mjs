// The web app's Vite build (apps/web → <out>), done once per content of its sources: the result
// is kept in node_modules/.cache/web-build/<hash> and copied, so the test suite's rebuild of
// dist/ before every run costs a copy, not a bundle, when apps/web did not change.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = resolve(root, 'apps/web');
const cacheRoot = resolve(root, 'node_modules/.cache/web-build');

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'test-output') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** What the bundle depends on: the web sources, their config and the locked dependency versions. */
export function webSourceHash() {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(web), resolve(root, 'package-lock.json')].sort()) {
    if (/\.test\.tsx?$/.test(file)) continue;
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export function buildWebApp(outDir) {
  const cached = resolve(cacheRoot, webSourceHash());
  if (!existsSync(resolve(cached, 'index.html'))) {
    const building = `${cached}.${process.pid}.tmp`;
    rmSync(building, { recursive: true, force: true });
    const vite = resolve(root, 'node_modules/vite/bin/vite.js');
    execFileSync(process.execPath, [vite, 'build', '--config', resolve(web, 'vite.config.mts'), '--logLevel', 'warn'], {
      cwd: web,
      // Always the production bundle: jest sets NODE_ENV=test, and Vite would otherwise build React's
      // development code (404 KB instead of 180 KB raw) into the cache that npm start then serves.
      env: { ...process.env, NODE_ENV: 'production', WEB_OUT_DIR: building },
      stdio: 'inherit',
    });
    rmSync(cached, { recursive: true, force: true });
    renameSync(building, cached);
  }
  rmSync(outDir, { recursive: true, force: true });
  cpSync(cached, outDir, { recursive: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildWebApp(resolve(root, process.argv[2] ?? 'dist/web'));
