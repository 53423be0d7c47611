import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Node 20 validates relaxed SIMD only behind this flag; the tests run both builds.
    execArgv: ['--experimental-wasm-relaxed-simd'],
    testTimeout: 60_000,
  },
});
