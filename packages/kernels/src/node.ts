/** Entry for Node: reads the .wasm beside this file. */
import { readFile } from 'node:fs/promises';
import { chooseVariant, type LoadedKernels, type Variant } from './variant.js';

export * from './codes.js';
export * from './variant.js';
export { detectFeatures, type Features } from './features.js';

export async function loadKernels(prefer?: Variant): Promise<LoadedKernels> {
  const { variant, features } = chooseVariant(prefer);
  const url =
    variant === 'relaxed-simd'
      ? new URL('./deltaprop-relaxed.wasm', import.meta.url)
      : new URL('./deltaprop-simd.wasm', import.meta.url);
  const bytes = new Uint8Array(await readFile(url));
  return { module: await WebAssembly.compile(bytes), variant, features };
}
