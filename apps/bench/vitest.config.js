import { defineConfig } from 'vitest/config';

// The smoke test runs the whole quick bench in a child process: on a slow 2-core CI
// machine that takes a minute or more.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
