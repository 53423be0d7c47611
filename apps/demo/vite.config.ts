import { defineConfig } from 'vite';

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // relative asset URLs: dist/ works from any path and any static server
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  // cross-origin isolation (as scripts/serve.mjs sends it): training may use every core
  server: { port: 5173, headers: ISOLATION },
  preview: { port: 5173, strictPort: true, headers: ISOLATION },
});
