/** Entry for Node: reads the .wasm beside this file. */
import { readFile } from 'node:fs/promises';
import { kernelUrl } from './urls.js';
import { chooseVariant, type LoadedKernels, type Variant } from './variant.js';

export * from './codes.js';
export * from './variant.js';
export { detectFeatures, type Features } from './features.js';
export { standaloneWasm } from './standalone.js';

/**
 * Compiles the kernels: relaxed SIMD where available (or the `prefer`red build);
 * with `threads`, the build for a shared memory that a team of workers trains in.
 */
export async function loadKernels(prefer?: Variant, threads = false): Promise<LoadedKernels> {
  const { variant, features } = chooseVariant(prefer);
  const url = kernelUrl(variant, threads);
  const bytes = new Uint8Array(await readFile(url));
  return { module: await WebAssembly.compile(bytes), variant, features };
}
