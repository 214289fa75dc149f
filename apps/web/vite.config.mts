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
    rollupOptions: {
      // React Query marks its modules "use client" (for server components); nothing to do here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        // Libraries in chunks of their own: they change less often than the app, so a deploy
        // leaves them cached; and split this way the bundle is markedly smaller than one chunk.
        manualChunks(id: string) {
          const library = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];
          if (!library) return undefined;
          if (['react', 'react-dom', 'scheduler'].includes(library)) return 'react';
          if (library === 'react-router' || library === 'cookie' || library === 'set-cookie-parser') return 'router';
          if (library.startsWith('@tanstack/')) return 'query';
          return 'vendor';
        },
      },
    },
  },
  server: { proxy: { '^/(?!app/).*': 'http://127.0.0.1:3000' } },
  test: {
    root: import.meta.dirname,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // jsdom renders are slow on a busy 2-core machine (CI runs this beside nothing, but a developer
    // may run it beside the services): a deadline for a hung test, not a speed target.
    testTimeout: 20_000,
  },
});
