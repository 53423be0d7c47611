import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One fresh project is installed and checked step by step; the steps share it.
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
