/**
 * What the contenders need from the place they run, in Node: package versions and
 * where the WebAssembly binaries are. Its twin for the page is ./browser.js; the
 * package's `imports` map (`#platform`) picks one by the `browser` condition.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** @type {'node' | 'browser'} */
export const where = 'node';

/**
 * The installed version of a package: the nearest package.json of that name above its
 * entry (not `require('x/package.json')`: onnxruntime-web's exports leave it out).
 * @param {string} name
 */
export function packageVersion(name) {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === name) return String(pkg.version);
    } catch {}
  }
  return '?';
}

/** The tfjs wasm backend's binaries, found inside node_modules (no user step needed). */
export function tfjsWasmPaths() {
  const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return {
    'tfjs-backend-wasm.wasm': path.join(dir, 'tfjs-backend-wasm.wasm'),
    'tfjs-backend-wasm-simd.wasm': path.join(dir, 'tfjs-backend-wasm-simd.wasm'),
    'tfjs-backend-wasm-threaded-simd.wasm': path.join(dir, 'tfjs-backend-wasm-threaded-simd.wasm'),
  };
}

/**
 * XNNPACK's threads for the tfjs wasm backend: none to set (in Node it gets its single-threaded build).
 * @returns {number | undefined}
 */
export const tfjsWasmThreads = () => undefined;

/**
 * onnxruntime-web's `env.wasm` settings: its Node build finds its own files; one
 * thread (its Node build has no worker threads for WebAssembly).
 * @returns {{ numThreads: number, wasmPaths?: string }}
 */
export const onnxruntimeWasm = () => ({ numThreads: 1 });
