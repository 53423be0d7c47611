/** Feature probes and the choice of build. */
import { afterEach, expect, it, vi } from 'vitest';
import { detectFeatures } from '../src/features.js';
import { chooseVariant, KernelLoadError } from '../src/variant.js';
import { loadKernels } from '@deltaprop/kernels'; // the built package, .wasm beside it

afterEach(() => vi.restoreAllMocks());

it('detects SIMD, and relaxed SIMD behind Node 20’s flag (the tests run with it)', () => {
  expect(detectFeatures()).toEqual({ simd: true, relaxedSimd: true, threads: true });
  expect(chooseVariant().variant).toBe('relaxed-simd');
  expect(chooseVariant('simd').variant).toBe('simd');
});

it('refuses clearly where WebAssembly SIMD is missing', () => {
  vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
  expect(() => chooseVariant()).toThrow(KernelLoadError);
  expect(() => chooseVariant()).toThrow(/needs WebAssembly SIMD.*backend: "reference"/);
});

it('falls back to the plain build where relaxed SIMD is missing', async () => {
  const real = WebAssembly.validate.bind(WebAssembly);
  // the relaxed probe is the longer module
  vi.spyOn(WebAssembly, 'validate').mockImplementation((bytes) => ((bytes as Uint8Array).length > 50 ? false : real(bytes)));
  expect(chooseVariant().variant).toBe('simd');
  expect(() => chooseVariant('relaxed-simd')).toThrow(/does not validate relaxed SIMD/);
  const { variant, module } = await loadKernels();
  expect(variant).toBe('simd');
  expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('train_epochs');
});
