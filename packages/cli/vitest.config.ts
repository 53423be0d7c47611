import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The tests spawn the built command (bin/deltaprop.js → dist/), so `npm test`
    // builds first (turbo's test task depends on build).
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Each test file spawns a few node processes; one file at a time keeps the
    // two shared cores from thrashing.
    fileParallelism: false,
  },
});
