import { resolve } from 'node:path';

import { defineConfig } from 'vite';

/**
 * The agents' UI, built into dist/web, which the api serves at `/` (same origin: the session
 * cookie and the CSRF token work without CORS). `npm run dev:web` proxies /api to a local api.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // React Query's "use client" markers mean nothing outside server components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.API_URL ?? 'http://localhost:3000',
      '/status': process.env.API_URL ?? 'http://localhost:3000',
      '/privacy': process.env.API_URL ?? 'http://localhost:3000',
    },
  },
});
