import { defineConfig } from 'vitest/config';
import { relaxedSimdFlags } from '../../scripts/v8-flags.mjs';

export default defineConfig({
  // The build copies Papa Parse into dist/vendor as an ES module
  // (scripts/vendor-papaparse.mjs); tests of the sources use the package itself.
  resolve: { alias: [{ find: /^(\.\.?\/)+vendor\/papaparse\.js$/, replacement: 'papaparse' }] },
  test: {
    // Node 20 validates relaxed SIMD only behind a flag that Node 24 refuses: pass it
    // only where this Node accepts it, so the tests run both kernel builds everywhere.
    execArgv: relaxedSimdFlags(),
    testTimeout: 120_000,
    include: ['test/**/*.test.ts'],
  },
});
