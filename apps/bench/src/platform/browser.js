/**
 * What the contenders need from the place they run, in the page of the browser run
 * (src/browser/): package versions (read in Node when the page is bundled) and the
 * URLs where the driver serves the WebAssembly binaries of tfjs and onnxruntime-web.
 * Its twin for Node is ./node.js.
 */
import { ASSETS } from '../browser/routes.js';

/** @type {'node' | 'browser'} */
export const where = 'browser';

/** @type {Record<string, string>} */
// @ts-expect-error: a constant that vite's `define` writes in when it bundles the page (src/browser/bundle.js)
const VERSIONS = __BENCH_VERSIONS__;

/** @param {string} name */
export const packageVersion = (name) => VERSIONS[name] ?? '?';

/** A URL prefix: the backend picks its binary (threaded SIMD on a cross-origin isolated page) and fetches it from there. */
export const tfjsWasmPaths = () => ASSETS.tfjsWasm;

/** Threads per core in a page that may share memory, as every contender with threads gets here; else one. */
const perCore = () => (globalThis.crossOriginIsolated ? navigator.hardwareConcurrency : 1);

/**
 * XNNPACK's threads for the tfjs wasm backend's threaded build: one per core asked.
 * The backend caps its pool at half of `hardwareConcurrency` (it assumes two hardware
 * threads per core), so a 2-core machine gets one thread whatever is asked.
 * @returns {number | undefined}
 */
export const tfjsWasmThreads = () => perCore();

/**
 * onnxruntime-web's `env.wasm` settings: its .mjs and .wasm files from the driver's
 * server, and a thread per core when the page may share memory (its own default is
 * half the cores, one on a 2-core machine).
 * @returns {{ numThreads: number, wasmPaths?: string }}
 */
export const onnxruntimeWasm = () => ({ numThreads: perCore(), wasmPaths: ASSETS.onnxruntimeWasm });
