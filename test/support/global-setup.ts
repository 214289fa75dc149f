import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Tests that start real processes run the same compiled output `npm start` runs:
 * build it once (SWC, about a second) before any suite starts.
 */
export default function globalSetup(): void {
  const root = resolve(__dirname, '../..');
  execFileSync(process.execPath, [resolve(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}
