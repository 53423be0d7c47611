/**
 * Entry for browsers and bundlers: fetches the .wasm beside this file. Bundlers
 * recognise `new URL('./x.wasm', import.meta.url)` and emit the asset.
 */
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
  return { module: await compileFrom(url), variant, features };
}

async function compileFrom(url: URL): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`deltaprop could not fetch its kernels from ${url}: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  // A server that sends the wrong MIME type: compile from the bytes instead.
  return WebAssembly.compile(await response.arrayBuffer());
}
