import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * No import cycles in the code that ships (apps/*\/src, libs/*\/src), at two scales, as
 * dependency-cruiser finds them with the rules in ./dependency-cruiser.cjs:
 * - between files (`no-circular`): none, ever;
 * - between folders (`no-circular-folders`): a context that imports another and is imported back
 *   (payments' payment ↔ refunds was one) has no direction, and the next change makes it a file
 *   cycle. The cycles that existed when this check came are listed below with why they are left;
 *   a new one fails, and so does a listed one that is gone (take it off the list).
 * Type-only imports count: a cycle in the types is a cycle in the design.
 */
const root = resolve(__dirname, '..', '..');
const cruiser = resolve(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  type: string;
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

/** Folder cycles known when this check was added, each a set of folders the cycle stays within. */
const KNOWN_FOLDER_CYCLES: { folders: string[]; why: string }[] = [
  {
    folders: ['admin', 'auth', 'auth/dto', 'calendar', 'http', 'rate-limit', 'users'].map(
      (folder) => `apps/gateway/src/${folder}`,
    ),
    why:
      "the gateway's HTTP edge: every controller folder uses auth's decorators and http's error " +
      "decorators, while auth reads users' repository, links calendar keys and is rate-limited, " +
      'and http mounts the admin queue board. Untangling it means a shared edge folder for the ' +
      'decorators; no behaviour depends on it.',
  },
  {
    folders: ['apps/web/src/api', 'apps/web/src/lib'],
    why:
      "the web app's lib/errors turns the API client's errors into sentences, and api/slots uses " +
      "lib/format's localDate to place a live slot on its day; no file cycle.",
  },
];

function shippedSourceFolders(): string[] {
  return ['apps', 'libs'].flatMap((parent) =>
    readdirSync(resolve(root, parent))
      .map((name) => `${parent}/${name}/src`)
      .filter((folder) => existsSync(resolve(root, folder))),
  );
}

function cruise(): Violation[] {
  const output = execFileSync(
    process.execPath,
    [
      cruiser,
      '--config',
      'test/architecture/dependency-cruiser.cjs',
      '--output-type',
      'json',
      ...shippedSourceFolders(),
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
}

const foldersOf = (violation: Violation): string[] => [
  violation.from,
  ...(violation.cycle ?? []).map((step) => step.name),
];

describe('import cycles', () => {
  let violations: Violation[];

  beforeAll(() => {
    violations = cruise();
  });

  it('finds no file that imports itself through others', () => {
    const fileCycles = violations
      .filter((violation) => violation.rule.name === 'no-circular')
      .map((violation) => foldersOf(violation).join(' → '));
    expect(fileCycles).toEqual([]);
  });

  it('finds no folder cycle beyond the known ones, and every known one still there', () => {
    const folderCycles = violations.filter((violation) => violation.rule.name === 'no-circular-folders');
    const knownOf = (violation: Violation) =>
      KNOWN_FOLDER_CYCLES.find((known) => foldersOf(violation).every((folder) => known.folders.includes(folder)));

    const unknown = folderCycles
      .filter((violation) => knownOf(violation) === undefined)
      .map((violation) => foldersOf(violation).join(' → '));
    expect(unknown).toEqual([]);

    const gone = KNOWN_FOLDER_CYCLES.filter(
      (known) => !folderCycles.some((violation) => knownOf(violation) === known),
    ).map((known) => known.folders.join(', '));
    expect(gone).toEqual([]);
  });
});
