import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The build copies Papa Parse into dist/vendor as an ES module
  // (scripts/vendor-papaparse.mjs); tests of the sources use the package itself.
  resolve: { alias: [{ find: /^(\.\.?\/)+vendor\/papaparse\.js$/, replacement: 'papaparse' }] },
  test: {
    // Node 20 validates relaxed SIMD only behind this flag; with it the tests can
    // run both kernel builds ('auto' then picks relaxed SIMD, as browsers do).
    execArgv: ['--experimental-wasm-relaxed-simd'],
    testTimeout: 120_000,
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
});
