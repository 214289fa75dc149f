#!/usr/bin/env node
// Compile apps, libs and test fixtures with SWC into dist/ (type checking is `npm run typecheck`).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const swcCli = require.resolve('@swc/cli/bin/swc.js');
rmSync(resolve(root, 'dist'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [swcCli, 'apps', 'libs', 'test', 'bench', 'tools', '-d', 'dist', '--config-file', '.swcrc', '--quiet',
   '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts'],
  { cwd: root, stdio: 'inherit' },
);
