import type { Variant } from './variant.js';

/**
 * Where each build lies: beside this file. Four literal `new URL('./x.wasm',
 * import.meta.url)` expressions, the form bundlers look for to emit each file.
 */
export function kernelUrl(variant: Variant, threads: boolean): URL {
  if (threads) {
    return variant === 'relaxed-simd'
      ? new URL('./deltaprop-relaxed-threads.wasm', import.meta.url)
      : new URL('./deltaprop-simd-threads.wasm', import.meta.url);
  }
  return variant === 'relaxed-simd' ? new URL('./deltaprop-relaxed.wasm', import.meta.url) : new URL('./deltaprop-simd.wasm', import.meta.url);
}
