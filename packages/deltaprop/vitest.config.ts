import { defineConfig } from 'vitest/config';
import { relaxedSimdFlags } from '../../scripts/v8-flags.mjs';

export default defineConfig({
  test: {
    // Node 20 validates relaxed SIMD only behind a flag that Node 24 refuses: pass it
    // only where this Node accepts it, so the tests run both kernel builds everywhere.
    execArgv: relaxedSimdFlags(),
    testTimeout: 120_000,
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
});
