import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The tests spawn the built command (bin/deltaprop.js → dist/), so `npm test`
    // builds first (turbo's test task depends on build).
    include: ['test/**/*.test.ts'],
    // Each test spawns the command (a Node start-up, the kernels compiled) a few times;
    // on a machine busy with the whole suite one spawn has been seen to take 20 s.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Each test file spawns a few node processes; one file at a time keeps the
    // two shared cores from thrashing.
    fileParallelism: false,
  },
});
