import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The customer's web app (DESIGN §12): static files under /app/, hashed names in assets/ (the
 * gateway caches those for a year). WEB_OUT_DIR: where scripts/build.mjs wants them.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    // Everything inline stays same-origin anyway; keep small files as files so CSP stays simple.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { proxy: { '^/(?!app/).*': 'http://127.0.0.1:3000' } },
  test: {
    root: import.meta.dirname,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
