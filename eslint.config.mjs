// Type-aware lint plus the architecture boundaries of DESIGN §2 / STYLE.md "Tooling guards the
// boundaries": no app imports another app, libs never import apps, libs/contracts imports nothing
// from the repo (nor Nest), libs/platform does not import libs/messaging.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import calendarDates from './tools/eslint/no-calendar-date-literals.cjs';

const root = dirname(fileURLToPath(import.meta.url));

/** Where a repo file lives: { kind: 'app' | 'lib', name } or undefined for anything else. */
function zoneOfPath(absolutePath) {
  const parts = relative(root, absolutePath).split(sep);
  if (parts[0] === '..' || parts.length < 2) return undefined;
  if (parts[0] === 'apps') return { kind: 'app', name: parts[1] };
  if (parts[0] === 'libs') return { kind: 'lib', name: parts[1] };
  return undefined;
}

/** Where an import specifier points, seen from `filename`; `external` for packages. */
function zoneOfSpecifier(specifier, filename) {
  if (specifier.startsWith('.'))
    return zoneOfPath(resolve(dirname(filename), specifier)) ?? { kind: 'repo' };
  const alias = /^@app\/([^/]+)/.exec(specifier);
  if (alias) return { kind: 'lib', name: alias[1], viaAlias: true };
  // baseUrl-style or absolute paths into the repo ("apps/booking/...", "libs/contracts/src").
  const direct = /(?:^|\/)(apps|libs)\/([^/]+)/.exec(specifier);
  if (direct && !specifier.startsWith('@'))
    return { kind: direct[1] === 'apps' ? 'app' : 'lib', name: direct[2] };
  return { kind: 'external' };
}

function boundaryProblem(from, target, specifier) {
  if (from.kind === 'app') {
    if (target.kind === 'app' && target.name !== from.name) {
      return `apps/${from.name} must not import from apps/${target.name} ("${specifier}"): talk to it over RPC or events, share code through libs`;
    }
    if (target.kind === 'lib' && !target.viaAlias) {
      return `import libs through their alias (@app/${target.name}), not a path ("${specifier}")`;
    }
    return undefined;
  }
  // from a lib
  if (target.kind === 'app')
    return `libs/${from.name} must not import from an app ("${specifier}")`;
  if (from.name === 'contracts') {
    if (target.kind === 'lib' && target.name !== 'contracts') {
      return `libs/contracts imports nothing from the repo ("${specifier}")`;
    }
    if (target.kind === 'repo')
      return `libs/contracts imports nothing from the repo ("${specifier}")`;
    if (target.kind === 'external' && /^@nestjs\//.test(specifier)) {
      return `libs/contracts is plain TypeScript: no Nest imports ("${specifier}")`;
    }
  }
  if (from.name === 'platform' && target.kind === 'lib' && target.name === 'messaging') {
    return `libs/platform must not import libs/messaging ("${specifier}"): messaging builds on platform, not the reverse`;
  }
  if (target.kind === 'lib' && target.name !== from.name && !target.viaAlias) {
    return `import other libs through their alias (@app/${target.name}), not a path ("${specifier}")`;
  }
  return undefined;
}

const boundaries = {
  meta: { name: 'local-boundaries' },
  rules: {
    'no-cross-boundary-imports': {
      meta: {
        type: 'problem',
        docs: { description: 'Enforce the app/lib import boundaries of DESIGN §2' },
        schema: [],
      },
      create(context) {
        const from = zoneOfPath(context.filename);
        if (!from) return {};
        const check = (node, source) => {
          if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
          const message = boundaryProblem(
            from,
            zoneOfSpecifier(source.value, context.filename),
            source.value,
          );
          if (message) context.report({ node: source, message });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source),
          ExportNamedDeclaration: (node) => check(node, node.source),
          ExportAllDeclaration: (node) => check(node, node.source),
          ImportExpression: (node) => check(node, node.source),
          TSImportEqualsDeclaration: (node) => check(node, node.moduleReference?.expression),
          TSImportType: (node) => check(node, node.argument?.literal ?? node.source),
          CallExpression: (node) => {
            if (node.callee.type === 'Identifier' && node.callee.name === 'require')
              check(node, node.arguments[0]);
          },
        };
      },
    },
  },
};

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'fetch',
    'AbortController',
    'AbortSignal',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'structuredClone',
    'TextEncoder',
    'TextDecoder',
    'queueMicrotask',
    'performance',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { boundaries },
    rules: {
      'boundaries/no-cross-boundary-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: 'error',
      // NestJS style: module classes are empty containers, decorators pass methods by reference.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // TypeORM's own option types (entities, migrations) are `MixedList<Function>`.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests poke at untyped JSON responses and mocks; unsafe-any there is noise, not risk.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'test/**/*.ts',
      '**/test/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests, benchmarks, scripts and the stand-in run on the real clock: a literal calendar date
    // there passes until that day comes (issue 13). Days are derived from now instead.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'test/**/*.{ts,mjs}',
      '**/test/**/*.ts',
      'bench/**/*.{ts,mjs}',
      'scripts/**/*.{ts,mjs}',
      'tools/**/*.ts',
      'apps/web/src/**/*.test.{ts,tsx}',
    ],
    plugins: { tests: { meta: { name: 'local-tests' }, rules: { 'no-calendar-date-literals': calendarDates.noCalendarDateLiterals } } },
    rules: { 'tests/no-calendar-date-literals': 'error' },
  },
  {
    // Clock-injected tests: each runs on a clock the test sets (TestClock through the CLOCK
    // provider, or a `now` argument to pure domain code), never on the machine's, so a fixed
    // instant means the same thing in any year.
    files: [
      'apps/booking/test/**/*.ts', // BookingTestWorld.create(name, now): a TestClock for every process
      'apps/appointments/test/**/*.ts', // AppointmentsTestWorld.start(name, now): likewise
      'apps/*/src/**/domain/**/*.spec.ts', // pure domain functions, `now` passed in
      'apps/gateway/src/http/validation.spec.ts', // format checks: dates are strings to parse, no clock reads them
      'tools/eslint/no-calendar-date-literals.spec.ts', // the guard's own test: it plants dates on purpose
      'test/support/calendar.spec.ts', // ShopCalendar on an injected `now`
    ],
    rules: { 'tests/no-calendar-date-literals': 'off' },
  },
  {
    // Plain JavaScript (scripts/*.mjs, config files) is outside tsconfig: lint without types.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.cjs', 'jest.config.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...nodeGlobals, module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  prettier,
);
