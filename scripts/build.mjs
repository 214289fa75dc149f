#!/usr/bin/env node
// Compile apps, libs and test fixtures with SWC into dist/ (type checking is `npm run typecheck`),
// and build the web app (apps/web, Vite) into dist/web, which the gateway serves at /app/.
// `node scripts/build.mjs <dir>` builds into <dir> instead: `npm run bench` uses its own, so a
// test run rebuilding dist/ meanwhile cannot delete the code its processes are running.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebApp } from './build-web.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const swcCli = require.resolve('@swc/cli/bin/swc.js');
const outDir = process.argv[2] ?? 'dist';
rmSync(resolve(root, outDir), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [swcCli, 'apps', 'libs', 'test', 'bench', 'tools', '-d', outDir, '--config-file', '.swcrc', '--quiet',
   '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,apps/web/**'],
  { cwd: root, stdio: 'inherit' },
);
buildWebApp(resolve(root, outDir, 'web'));
