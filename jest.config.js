/**
 * One jest run covers the three tiers (../shared/STYLE.md): unit `*.spec.ts`,
 * integration `*.int-spec.ts` (real PostgreSQL and Redis) and end-to-end `*.e2e-spec.ts`.
 * NestJS 12 ships ES modules only; Node runs them through require(esm), but jest's own
 * module loader cannot on Node 20, so SWC turns them into CommonJS for the test run.
 */
const swc = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test,bench,scripts,tools}/**/*.{spec,int-spec,e2e-spec}.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs)/)'],
  moduleNameMapper: {
    '^@app/(contracts|messaging|platform)$': '<rootDir>/libs/$1/src',
    '^@app/(contracts|messaging|platform)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
