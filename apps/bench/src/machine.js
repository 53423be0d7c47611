/**
 * A description of the machine the figures were measured on: the WebAssembly feature
 * probes (run in Node and in the page of the browser run) and the header line.
 * src/host.js fills in the host from Node's `os`.
 */

// Hand-made WebAssembly modules, each one function `() -> v128`:
//   header, type section (one type: no params, one v128 result), function section
//   (one function of type 0), code section with the body below.
const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const typeAndFunc = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00];
/** i32.const 0; i8x16.splat */
const splat = [0x41, 0x00, 0xfd, 0x0f];
/** @param {number[]} instrs the body's instructions, without locals and `end` */
function module(instrs) {
  const body = [0x00, ...instrs, 0x0b]; // no locals, …, end
  const code = [0x01, body.length, ...body]; // one body
  return new Uint8Array([...header, ...typeAndFunc, 0x0a, code.length, ...code]);
}
/** SIMD: `i8x16.splat(0)`. */
export const SIMD_PROBE = module(splat);
/** Relaxed SIMD: `f32x4.relaxed_madd(splat 0, splat 0, splat 0)` (opcode 0xfd 0x105). */
export const RELAXED_SIMD_PROBE = module([...splat, ...splat, ...splat, 0xfd, 0x85, 0x02]);

/**
 * @typedef {object} Machine
 * @property {string} cpu
 * @property {number} cores
 * @property {number} memoryGiB
 * @property {string} platform
 * @property {string} node
 * @property {string} v8
 * @property {boolean} wasmSimd
 * @property {boolean} wasmRelaxedSimd
 * @property {string} [deltapropKernels]  what deltaprop's loader picked
 * @property {string} [tfjsWasm]          what the tfjs wasm backend picked
 * @property {Browser} [browser]          the browser run: where the page ran (the SIMD probes then ran in the page)
 * @property {string} [threads]           the browser run: the threads each contender that has them really ran on
 *
 * @typedef {object} Browser
 * @property {string} name      e.g. `Chromium 143.0.7499.169`, as the browser reports itself
 * @property {boolean} crossOriginIsolated   whether the page may share memory between threads
 * @property {number} hardwareConcurrency
 */

/** @param {Machine} m */
export function machineLine(m) {
  const yes = (/** @type {boolean} */ b) => (b ? 'yes' : 'no');
  const b = m.browser;
  return [
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB`,
    `${m.platform}`,
    ...(b
      ? [
          `${b.name}, headless (driven from Node ${m.node})`,
          `cross-origin isolated: ${yes(b.crossOriginIsolated)}`,
          `hardwareConcurrency: ${b.hardwareConcurrency}`,
        ]
      : [`Node ${m.node} (V8 ${m.v8})`]),
    `WebAssembly SIMD: ${yes(m.wasmSimd)}, relaxed SIMD: ${yes(m.wasmRelaxedSimd)}`,
    ...(m.deltapropKernels ? [`deltaprop kernels: ${m.deltapropKernels}`] : []),
    ...(m.tfjsWasm ? [`tfjs wasm: ${m.tfjsWasm}`] : []),
    ...(m.threads ? [`threads: ${m.threads}`] : []),
  ].join(' · ');
}

/** Whether this runtime validates WebAssembly SIMD and relaxed SIMD. */
export const wasmFeatures = () => ({ wasmSimd: WebAssembly.validate(SIMD_PROBE), wasmRelaxedSimd: WebAssembly.validate(RELAXED_SIMD_PROBE) });
