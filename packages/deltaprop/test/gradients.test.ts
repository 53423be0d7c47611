/**
 * gradients() against central finite differences, for every activation × loss on
 * both backends: ∂E/∂θ ≈ (E(θ + h) − E(θ − h)) / 2h for every weight and bias.
 *
 * Reference (float64): h = 1e-5, error O(h²) ≈ 1e-10 plus rounding ≈ 1e-11/h; the
 * bound 1e-6 · (1 + |g|) leaves room.
 * WebAssembly (float32 outputs, float64 loss sums): h = 1e-3 keeps the rounding
 * error of E (≈ 1e-7 · E / h ≈ 1e-4) below the bound, and is small enough that no
 * relu kink lies within ±h of these samples' u; the O(h²) error is ≈ 1e-6 · |f'''|.
 * The bound 2e-3 + 2e-2 · |g| is 2 % of the gradient; a missing factor (f', 1/rows,
 * a transposed product) is off by far more.
 */
import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';
import type { BackendName, Parameters } from '../src/index.js';
import { dataset, hidden, outputsFor } from './fixtures.js';

const layers = [3, 5, 4];
const rows = 6;

function finiteDifferences(net: Network, x: number[][], y: number[][], h: number): Parameters {
  const base = net.getParameters();
  const E = (p: Parameters) => {
    net.setParameters(p);
    return net.gradients(x, y).loss;
  };
  const numeric = (key: 'weights' | 'biases') =>
    base[key].map((values, l) =>
      values.map((_, i) => {
        const plus = structuredClone(base);
        const minus = structuredClone(base);
        plus[key][l]![i]! += h;
        minus[key][l]![i]! -= h;
        // the perturbed value as float32 actually stored, for an exact step
        const step = Math.fround(plus[key][l]![i]!) - Math.fround(minus[key][l]![i]!);
        return (E(plus) - E(minus)) / step;
      }),
    );
  const result = { weights: numeric('weights'), biases: numeric('biases') };
  net.setParameters(base);
  return result;
}

const cases: [BackendName, string, string, string][] = [];
for (const backend of ['reference', 'wasm'] as const)
  for (const loss of ['mse', 'cross-entropy'] as const) for (const out of outputsFor[loss]) for (const hid of hidden) cases.push([backend, loss, hid, out]);

describe('gradients() by the δ rule equal finite differences', () => {
  it.each(cases)('%s: %s loss, %s hidden, %s output', async (backend, loss, hid, out) => {
    const net = await Network.create({ layers, activation: [hid, out] as never, loss: loss as never, backend, seed: 3, kernels: 'simd' });
    const { x, y } = dataset(rows, layers[0]!, layers[2]!, out as never, 11);
    const h = backend === 'reference' ? 1e-5 : 1e-3;
    const [abs, rel] = backend === 'reference' ? [1e-6, 1e-6] : [2e-3, 2e-2];
    const g = net.gradients(x, y);
    const fd = finiteDifferences(net, x, y, h);
    for (const key of ['weights', 'biases'] as const) {
      g[key].forEach((values, l) =>
        values.forEach((v, i) => {
          const want = fd[key][l]![i]!;
          expect(Math.abs(v - want), `${key}[${l}][${i}]: δ rule ${v}, finite difference ${want}`).toBeLessThanOrEqual(abs + rel * Math.abs(want));
        }),
      );
    }
    net.dispose();
  });

  it('the WebAssembly gradients equal the reference ones to float32 rounding', async () => {
    for (const loss of ['mse', 'cross-entropy'] as const) {
      const out = loss === 'mse' ? 'tanh' : 'softmax';
      const opts = { layers: [17, 33, 5, 3], activation: ['relu', 'sigmoid', out] as never, loss, seed: 5 };
      const wasm = await Network.create({ ...opts, kernels: 'simd' });
      const ref = await Network.create({ ...opts, backend: 'reference' });
      const { x, y } = dataset(100, 17, 3, out, 2);
      const a = wasm.gradients(x, y);
      const b = ref.gradients(x, y);
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-6 * (1 + b.loss));
      for (const key of ['weights', 'biases'] as const)
        a[key].forEach((values, l) => values.forEach((v, i) => expect(Math.abs(v - b[key][l]![i]!)).toBeLessThan(1e-5)));
    }
  });
});
