/**
 * Matrix-product rows: deltaprop's kernels (one product per call into
 * WebAssembly, operands already in its memory) against `tf.matMul` on the tfjs wasm
 * backend (operands already tensors on that backend).
 */
import { loadDeltaprop } from './contenders/deltaprop.js';
import { useBackend, getTf } from './contenders/tfjs.js';
import { now } from './stats.js';

/** @typedef {'nn' | 'tn' | 'nt'} Variant */
export const VARIANTS = /** @type {const} */ ({ nn: 'A·B', tn: 'Aᵀ·B', nt: 'A·Bᵀ' });

/**
 * Calls `fn` until at least `minMs` have passed (at least once); returns GFLOP/s.
 * @param {() => void} fn @param {number} flops per call @param {number} minMs
 */
function rate(fn, flops, minMs) {
  let calls = 0;
  const t0 = now();
  let dt = 0;
  do {
    fn();
    calls++;
    dt = now() - t0;
  } while (dt < minMs);
  return (calls * flops) / (dt * 1e6);
}

/**
 * @typedef {object} MatmulSubject
 * @property {string} name
 * @property {() => Promise<void>} select
 * @property {(v: Variant, size: number) => Promise<{ run: () => void, dispose: () => void }>} prepare
 */

/** @type {MatmulSubject} */
export const deltapropMatmul = {
  name: 'deltaprop',
  async select() {},
  async prepare(variant, size) {
    const dp = await loadDeltaprop();
    const probe = await dp.createMatmulProbe(variant, size, size, size);
    return { run: () => probe.run(), dispose: () => probe.dispose() };
  },
};

/** @type {MatmulSubject} */
export const tfjsWasmMatmul = {
  name: 'tfjs-wasm',
  async select() {
    await useBackend('wasm');
  },
  async prepare(variant, size) {
    await useBackend('wasm');
    const tf = getTf();
    const a = tf.randomUniform([size, size]);
    const b = tf.randomUniform([size, size]);
    const ta = variant === 'tn';
    const tb = variant === 'nt';
    return {
      run: () => tf.matMul(a, b, ta, tb).dispose(),
      dispose: () => tf.dispose([a, b]),
    };
  },
};

/**
 * One measurement: prepare, then the timed loop. The harness's warm-up round has
 * already run every product once (at 256²), so no untimed call is made here: the
 * slowest product (tfjs's Aᵀ·B at 1024²) takes seconds.
 * @param {MatmulSubject} subject @param {Variant} variant @param {number} size @param {number} minMs
 */
export async function measureMatmul(subject, variant, size, minMs) {
  await subject.select();
  const p = await subject.prepare(variant, size);
  try {
    return rate(p.run, 2 * size * size * size, minMs);
  } finally {
    p.dispose();
  }
}
