import { defineConfig } from 'vite';

export default defineConfig({
  // relative asset URLs: dist/ works from any path and any static server
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  server: { port: 5173 },
  preview: { port: 5173, strictPort: true },
});
