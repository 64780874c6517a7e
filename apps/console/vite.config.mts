import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

// Built into <repo>/dist/console, which issuer-api serves at /console (standalone and Kubernetes alike).
// `npx vite --config apps/console/vite.config.ts` serves it with hot reload, proxying the API to a running platform.
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  // The platform's shared names and types (plain TypeScript and zod, nothing of Node's), as tsconfig.json maps them.
  resolve: {
    alias: { '@issuer/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // No inline module-preload helper or data: URL assets: the page runs under script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // libs/contracts' modules only declare names, types and zod schemas: what the console does not import (most of
    // it, and zod with it) is left out of the bundle.
    rolldownOptions: { treeshake: { moduleSideEffects: (id: string) => !id.includes('/libs/contracts/src/') } },
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/issuers', '/.well-known', '/status-lists', '/console/config.json'].map((path) => [
        path,
        process.env.CONSOLE_API_URL ?? 'http://127.0.0.1:3000',
      ]),
    ),
  },
  test: {
    environment: 'happy-dom',
    setupFiles: ['src/testing/setup.ts'],
    include: ['src/**/*.spec.tsx', 'src/**/*.spec.ts'],
    css: false,
    // One module registry for all files: the imports (React, Mantine, CodeMirror) are loaded once instead of per file
    // (95 -> 46 s); setup.ts clears what a test leaves in shared state.
    isolate: false,
    // A hang guard, not a speed bar: the tests run beside the Node unit tests (tools/run-tests.mjs) on a busy machine.
    testTimeout: 15_000,
    // Shipped as ESM that only a bundler resolves; inlined, it loads in the tests as in the browser.
    server: { deps: { inline: ['codemirror-json-schema'] } },
  },
});
