/**
 * Properties over random networks and data (fast-check, fixed seeds so CI sees the
 * same cases every run): layers of 1–6 units, 2–4 layers, every activation (softmax
 * on outputs of two units or more), both losses, 1–8 rows.
 *
 * 1. WebAssembly equals the reference backend. Float32 against float64 on values of
 *    order one: predictions within 1e-5 · (1 + |t|), gradients within
 *    1e-4 · (1 + |g|), parameters after five epochs of SGD within 1e-4 (as the
 *    hand-picked cases of network.test.ts).
 * 2. On the reference backend, gradients() equals central finite differences
 *    (E(θ + h) − E(θ − h)) / 2h, h = 1e-5: truncation O(h²) ≈ 1e-10, rounding
 *    ≈ 1e-16 / h ≈ 1e-11; the bound 1e-6 · (1 + |g|) is that of gradients.test.ts.
 *    Where the one-sided differences disagree by more than that, a relu kink lies
 *    within h (E has no derivative there; the δ rule takes f'(0) = 0): that
 *    coordinate is skipped, and the test checks that few were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Network } from '../src/index.js';
import type { ActivationName, LossName, NetworkOptions, Parameters } from '../src/index.js';
import { dataset, hidden, outputsFor } from './fixtures.js';

const network = fc
  .record({
    inputs: fc.integer({ min: 1, max: 5 }),
    hiddenLayers: fc.array(fc.record({ units: fc.integer({ min: 1, max: 6 }), activation: fc.constantFrom(...hidden) }), { maxLength: 2 }),
    outputs: fc.integer({ min: 1, max: 4 }),
    loss: fc.constantFrom<LossName>('mse', 'cross-entropy'),
    output: fc.nat(),
    seed: fc.nat({ max: 10_000 }),
    rows: fc.integer({ min: 1, max: 8 }),
    dataSeed: fc.nat({ max: 10_000 }),
  })
  .map(({ inputs, hiddenLayers, outputs, loss, output, seed, rows, dataSeed }) => {
    const out = outputsFor[loss][output % outputsFor[loss].length]!;
    const sOut = out === 'softmax' ? Math.max(2, outputs) : outputs;
    const options: NetworkOptions = {
      layers: [inputs, ...hiddenLayers.map((h) => h.units), sOut],
      activation: [...hiddenLayers.map((h) => h.activation), out] as ActivationName[],
      loss,
      seed,
    };
    return { options, ...dataset(rows, inputs, sOut, out, dataSeed) };
  });

const close = (a: ArrayLike<number>, b: ArrayLike<number>, abs: number, rel: number, what: string) => {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const bound = abs + rel * Math.abs(b[i]!);
    if (!(Math.abs(a[i]! - b[i]!) <= bound)) throw new Error(`${what}[${i}]: ${a[i]} against ${b[i]} (bound ${bound})`);
  }
};

describe('random networks and data', () => {
  it('WebAssembly equals the reference backend: predictions, gradients, and five epochs of training', async () => {
    await fc.assert(
      fc.asyncProperty(network, async ({ options, x, y }) => {
        const [wasm, reference] = await Promise.all([Network.create({ ...options, kernels: 'simd' }), Network.create({ ...options, backend: 'reference' })]);
        try {
          close(wasm.predict(x).flat(), reference.predict(x).flat(), 1e-5, 1e-5, 'prediction');
          const gw = wasm.gradients(x, y);
          const gr = reference.gradients(x, y);
          close([gw.loss], [gr.loss], 1e-5, 1e-5, 'loss');
          gr.weights.forEach((w, l) => close(gw.weights[l]!, w, 1e-4, 1e-4, `∂E/∂W^(${l + 2})`));
          gr.biases.forEach((b, l) => close(gw.biases[l]!, b, 1e-4, 1e-4, `∂E/∂b^(${l + 2})`));
          const train = { epochs: 5, batchSize: Math.max(1, Math.ceil(x.length / 2)), learningRate: 0.1 };
          await wasm.train(x, y, train);
          await reference.train(x, y, train);
          const pw = wasm.getParameters();
          const pr = reference.getParameters();
          pr.weights.forEach((w, l) => close(pw.weights[l]!, w, 1e-4, 0, `W^(${l + 2}) after training`));
          pr.biases.forEach((b, l) => close(pw.biases[l]!, b, 1e-4, 0, `b^(${l + 2}) after training`));
        } finally {
          wasm.dispose();
          reference.dispose();
        }
      }),
      { numRuns: 60, seed: 41 },
    );
  });

  it('gradients() equal central finite differences on the reference backend', async () => {
    let checked = 0;
    let kinks = 0;
    await fc.assert(
      fc.asyncProperty(network, async ({ options, x, y }) => {
        const net = await Network.create({ ...options, backend: 'reference' });
        const g = net.gradients(x, y);
        const base = net.getParameters();
        const E = (p: Parameters) => {
          net.setParameters(p);
          return net.gradients(x, y).loss;
        };
        const h = 1e-5;
        const e0 = E(base);
        for (const key of ['weights', 'biases'] as const) {
          base[key].forEach((values, l) => {
            values.forEach((_, i) => {
              const plus = structuredClone(base);
              const minus = structuredClone(base);
              plus[key][l]![i]! += h;
              minus[key][l]![i]! -= h;
              // the steps as float32 actually stored, for exact quotients
              const up = Math.fround(plus[key][l]![i]!) - values[i]!;
              const down = values[i]! - Math.fround(minus[key][l]![i]!);
              const [ePlus, eMinus] = [E(plus), E(minus)];
              const [right, left] = [(ePlus - e0) / up, (e0 - eMinus) / down];
              checked += 1;
              if (Math.abs(right - left) > 1e-4 * (1 + Math.abs(right))) {
                kinks += 1;
                return;
              }
              close([g[key][l]![i]!], [(ePlus - eMinus) / (up + down)], 1e-6, 1e-6, `∂E/∂${key === 'weights' ? 'W' : 'b'}^(${l + 2})[${i}]`);
            });
          });
        }
        net.dispose();
      }),
      { numRuns: 60, seed: 42 },
    );
    expect(checked).toBeGreaterThan(1000);
    expect(kinks).toBeLessThan(checked / 20);
  });
});
