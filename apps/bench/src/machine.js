/**
 * A description of the machine the figures were measured on.
 */
import os from 'node:os';

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
 */

/** @returns {Machine} */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: (cpus[0]?.model ?? 'unknown').trim(),
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    wasmSimd: WebAssembly.validate(SIMD_PROBE),
    wasmRelaxedSimd: WebAssembly.validate(RELAXED_SIMD_PROBE),
  };
}

/** @param {Machine} m */
export function machineLine(m) {
  const yes = (/** @type {boolean} */ b) => (b ? 'yes' : 'no');
  return [
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB`,
    `${m.platform}`,
    `Node ${m.node} (V8 ${m.v8})`,
    `WebAssembly SIMD: ${yes(m.wasmSimd)}, relaxed SIMD: ${yes(m.wasmRelaxedSimd)}`,
    ...(m.deltapropKernels ? [`deltaprop kernels: ${m.deltapropKernels}`] : []),
    ...(m.tfjsWasm ? [`tfjs wasm: ${m.tfjsWasm}`] : []),
  ].join(' · ');
}
