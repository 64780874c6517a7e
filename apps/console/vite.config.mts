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
    // Shipped as ESM that only a bundler resolves; inlined, it loads in the tests as in the browser.
    server: { deps: { inline: ['codemirror-json-schema'] } },
  },
});
