import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    // Each example is a child process of its own; two at a time fill the two cores.
    // Within `npm test` other workspaces' tests share those cores: an example that takes
    // 2 s alone took 36 s there, hence the generous limits.
    maxConcurrency: 2,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
