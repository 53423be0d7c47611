import { defineConfig } from 'vitest/config';

// Starting Chromium takes several seconds on a busy two-core machine.
export default defineConfig({ test: { include: ['test/**/*.test.mjs'], testTimeout: 60_000 } });
