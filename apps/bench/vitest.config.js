import { defineConfig } from 'vitest/config';

// Each smoke test runs a whole quick bench in a child process (one in Node, one in
// Chromium): on a slow 2-core CI machine each takes a minute or more, and run side by
// side they would only slow each other down, so the files run one after the other.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 420_000,
  },
});
