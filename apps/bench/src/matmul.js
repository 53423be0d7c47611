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

/** m × k × n: C (m×n) = op(A) (m×k) · op(B) (k×n). @typedef {[number, number, number]} Shape */

/**
 * The products of W2's training, 784-128-64-10 at batch 32, first layer: the forward
 * T·W, the weight gradient Tᵀ·Δ and the δ rule's Δ·Wᵀ (which W2 itself skips for
 * the first layer, but a deeper network's second layer has this shape).
 * @type {Record<Variant, Shape>}
 */
export const W2_SHAPES = { nn: [32, 784, 128], tn: [784, 32, 128], nt: [32, 128, 784] };

/**
 * @typedef {object} MatmulSubject
 * @property {string} name
 * @property {() => Promise<void>} select
 * @property {(v: Variant, shape: Shape) => Promise<{ run: () => void, dispose: () => void }>} prepare
 */

/** @type {MatmulSubject} */
export const deltapropMatmul = {
  name: 'deltaprop',
  async select() {},
  async prepare(variant, [m, k, n]) {
    const dp = await loadDeltaprop();
    const probe = await dp.createMatmulProbe(variant, m, k, n);
    return { run: () => probe.run(), dispose: () => probe.dispose() };
  },
};

/** @type {MatmulSubject} */
export const tfjsWasmMatmul = {
  name: 'tfjs-wasm',
  async select() {
    await useBackend('wasm');
  },
  async prepare(variant, [m, k, n]) {
    await useBackend('wasm');
    const tf = getTf();
    const ta = variant === 'tn';
    const tb = variant === 'nt';
    const a = tf.randomUniform(ta ? [k, m] : [m, k]);
    const b = tf.randomUniform(tb ? [n, k] : [k, n]);
    return {
      run: () => tf.matMul(a, b, ta, tb).dispose(),
      dispose: () => tf.dispose([a, b]),
    };
  },
};

/**
 * One measurement: prepare, then the timed loop. The harness's warm-up round has
 * already run every product once (at 256² at most), so no untimed call is made here:
 * the slowest product (tfjs's Aᵀ·B at 1024²) takes seconds.
 * @param {MatmulSubject} subject @param {Variant} variant @param {Shape} shape @param {number} minMs
 */
export async function measureMatmul(subject, variant, shape, minMs) {
  await subject.select();
  const p = await subject.prepare(variant, shape);
  try {
    return rate(p.run, 2 * shape[0] * shape[1] * shape[2], minMs);
  } finally {
    p.dispose();
  }
}
