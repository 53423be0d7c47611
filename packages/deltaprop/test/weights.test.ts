/**
 * Class and sample weights: each batch minimises E = Σ wᵢEᵢ / Σ wᵢ. The gradient a
 * training step uses is checked against finite differences of that E on the
 * reference backend, and the kernels' training against the reference.
 */
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network } from '../src/index.js';
import type { ActivationName, LossName, Parameters } from '../src/types.js';
import { dataset } from './fixtures.js';

const ROWS = 10;
const flat = (p: Parameters) => [...p.weights, ...p.biases].flatMap((a) => Array.from(a));

/** Σ wᵢEᵢ / Σ wᵢ at parameters p, from each row's loss. */
async function weightedLoss(
  spec: { layers: number[]; activation: ActivationName[]; loss: LossName },
  p: Parameters,
  x: number[][],
  y: number[][],
  w: number[],
) {
  const net = await Network.create({ ...spec, backend: 'reference' });
  net.setParameters(p);
  let num = 0;
  let den = 0;
  x.forEach((row, i) => {
    num += w[i]! * net.gradients([row], [y[i]!]).loss;
    den += w[i]!;
  });
  return num / den;
}

/** θ with entry k replaced by v (float32, as the network stores it). */
function withEntry(p: Parameters, k: number, v: number): Parameters {
  const arrays = [...p.weights, ...p.biases].map((a) => a.slice());
  let at = k;
  for (const a of arrays) {
    if (at < a.length) {
      a[at] = v;
      break;
    }
    at -= a.length;
  }
  return { weights: arrays.slice(0, p.weights.length), biases: arrays.slice(p.weights.length) };
}

const cases: [string, ActivationName[], LossName, number][] = [
  ['softmax + cross-entropy', ['tanh', 'softmax'], 'cross-entropy', 3],
  ['sigmoid + mse', ['relu', 'sigmoid'], 'mse', 2],
];

describe.each(cases)('weighted loss, reference backend (%s)', (_, activation, loss, outputs) => {
  const spec = { layers: [3, 4, outputs], activation, loss };
  const { x, y } = dataset(ROWS, 3, outputs, activation[1]!, 21);
  const sampleWeight = [0.5, 2, 1, 0, 3, 1, 1.5, 0.25, 1, 2];

  it('a training step follows the finite-difference gradient of Σ wᵢEᵢ / Σ wᵢ', async () => {
    const net = await Network.create({ ...spec, seed: 4, backend: 'reference' });
    const theta = net.getParameters();
    const classWeight = { '0': 3, '1': 0.5 };
    // One SGD step with η = 1 over one batch of every row: θ' = θ − g.
    const history = await net.train(x, y, { epochs: 1, batchSize: ROWS, shuffle: false, learningRate: 1, sampleWeight, classWeight });
    const g = flat(theta).map((v, k) => v - flat(net.getParameters())[k]!);
    const labels = y.map((row) => (row.length === 1 ? (row[0]! >= 0.5 ? 1 : 0) : row.indexOf(Math.max(...row))));
    const w = sampleWeight.map((s, i) => s * (labels[i] === 0 ? 3 : labels[i] === 1 ? 0.5 : 1));
    expect(history.loss[0]).toBeCloseTo(await weightedLoss(spec, theta, x, y, w), 10);
    const values = flat(theta);
    for (let k = 0; k < values.length; k++) {
      // Central differences at the float32 neighbours of θ_k ± h (the network stores float32).
      const plus = Math.fround(values[k]! + 1e-3);
      const minus = Math.fround(values[k]! - 1e-3);
      const fd =
        ((await weightedLoss(spec, withEntry(theta, k, plus), x, y, w)) - (await weightedLoss(spec, withEntry(theta, k, minus), x, y, w))) / (plus - minus);
      expect(Math.abs(g[k]! - fd)).toBeLessThan(2e-4 + 1e-3 * Math.abs(fd));
    }
  });

  it('unit weights train exactly as no weights; class weights as the same sample weights', async () => {
    const options = { epochs: 3, batchSize: 4, learningRate: 0.3 };
    const plain = await Network.create({ ...spec, seed: 4, backend: 'reference' });
    await plain.train(x, y, options);
    const ones = await Network.create({ ...spec, seed: 4, backend: 'reference' });
    await ones.train(x, y, { ...options, sampleWeight: new Array(ROWS).fill(1) });
    expect(ones.getParameters()).toEqual(plain.getParameters());
    const labels = y.map((row) => (row.length === 1 ? (row[0]! >= 0.5 ? 1 : 0) : row.indexOf(Math.max(...row))));
    const byClass = await Network.create({ ...spec, seed: 4, backend: 'reference' });
    await byClass.train(x, y, { ...options, classWeight: { '1': 4 } });
    const bySample = await Network.create({ ...spec, seed: 4, backend: 'reference' });
    await bySample.train(x, y, { ...options, sampleWeight: labels.map((c) => (c === 1 ? 4 : 1)) });
    expect(byClass.getParameters()).toEqual(bySample.getParameters());
  });
});

describe('weights: balanced, names and refusals', () => {
  it("'balanced' weighs class c by N / (k · N_c)", async () => {
    // Classes 0, 0, 0, 0, 0, 1, 1, 1, 2, 2: N = 10, k = 3 → 10/15, 10/9, 10/6.
    const labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
    const y = labels.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0)));
    const { x } = dataset(10, 3, 3, 'softmax', 5);
    const spec = { layers: [3, 3], activation: 'softmax', loss: 'cross-entropy', seed: 2, backend: 'reference' } as const;
    const balanced = await Network.create(spec);
    await balanced.train(x, y, { epochs: 2, batchSize: 10, classWeight: 'balanced', learningRate: 0.5 });
    const byHand = await Network.create(spec);
    await byHand.train(x, y, { epochs: 2, batchSize: 10, sampleWeight: labels.map((c) => [10 / 15, 10 / 9, 10 / 6][c]!), learningRate: 0.5 });
    const a = flat(balanced.getParameters());
    flat(byHand.getParameters()).forEach((v, k) => expect(a[k]).toBeCloseTo(v, 6));
  });

  it('refuses bad weights by name and leaves the network as it was', async () => {
    const net = await Network.create({ layers: [3, 3], activation: 'softmax', loss: 'cross-entropy' });
    const { x, y } = dataset(6, 3, 3, 'softmax', 5);
    const before = net.getParameters();
    const refused = async (options: object, message: RegExp) => {
      const e = await net.train(x, y, options).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(DeltapropError);
      expect((e as Error).message).toMatch(message);
      expect(net.getParameters()).toEqual(before);
    };
    await refused({ sampleWeight: [1, 2] }, /sampleWeight has 2 weights, the training data has 6 rows/);
    await refused({ sampleWeight: [1, 1, 1, -1, 1, 1] }, /sampleWeight\[3\] must be a finite number ≥ 0/);
    await refused({ classWeight: { cat: 2 } }, /classWeight names class 'cat'/);
    await refused({ classWeight: { '0': NaN } }, /classWeight.0 must be a finite number/);
    await refused({ sampleWeight: new Array(6).fill(0) }, /every row has weight 0/);
    const regression = await Network.create({ layers: [3, 1], activation: 'linear' });
    await expect(
      regression.train(
        x,
        x.map((r) => [r[0]!]),
        { classWeight: 'balanced' },
      ),
    ).rejects.toThrow(/classWeight needs a classification network/);
  });
});

describe('weighted training in the kernels, against the reference', () => {
  const sampleWeight = Array.from({ length: 40 }, (_, i) => [0.5, 2, 1, 0, 3][i % 5]!);
  const paths: [string, number[], ActivationName[], object][] = [
    // Plain SGD steps θ in place (δ scaled by −η/rows); Adam takes the gradient pass.
    ['plain SGD, in place', [6, 40, 3], ['tanh', 'softmax'], { optimizer: 'sgd', learningRate: 0.2 }],
    ['Adam with weight decay', [6, 40, 3], ['relu', 'softmax'], { optimizer: 'adam', learningRate: 0.01, weightDecay: 1e-3 }],
    // Narrow enough for the lane path, which weighted batches leave for the matrix path.
    ['a small network', [6, 5, 3], ['sigmoid', 'softmax'], { optimizer: 'momentum', learningRate: 0.1 }],
  ];
  it.each(paths)('%s: the same parameters as the reference within float32 rounding', async (_, layers, activation, options) => {
    const { x, y } = dataset(40, 6, 3, 'softmax', 8);
    const spec = { layers, activation, loss: 'cross-entropy', seed: 3 } as const;
    const train = { epochs: 4, batchSize: 7, sampleWeight, classWeight: { '2': 2.5 }, ...options };
    const wasm = await Network.create({ ...spec, backend: 'wasm', threads: 1 });
    const hw = await wasm.train(x, y, train);
    const ref = await Network.create({ ...spec, backend: 'reference' });
    const hr = await ref.train(x, y, train);
    const a = flat(wasm.getParameters());
    flat(ref.getParameters()).forEach((v, k) => expect(Math.abs(a[k]! - v)).toBeLessThan(2e-5 + 1e-4 * Math.abs(v)));
    hw.loss.forEach((l, e) => expect(l).toBeCloseTo(hr.loss[e]!, 5));
    // And the weights change the training: unweighted parameters differ.
    const plain = await Network.create({ ...spec, backend: 'wasm', threads: 1 });
    await plain.train(x, y, { ...train, sampleWeight: undefined, classWeight: undefined });
    expect(flat(plain.getParameters())).not.toEqual(a);
  });

  it('a network of two threads trains weighted rows as one thread does', async () => {
    const { x, y } = dataset(64, 300, 3, 'softmax', 8);
    const spec = { layers: [300, 400, 3], activation: ['relu', 'softmax'], loss: 'cross-entropy', seed: 3 } as const;
    const train = { epochs: 2, batchSize: 32, classWeight: 'balanced', optimizer: 'adam', learningRate: 0.001 } as const;
    const two = await Network.create({ ...spec, threads: 2 });
    await two.train(x, y, train);
    const one = await Network.create({ ...spec, threads: 1 });
    await one.train(x, y, train);
    expect(two.getParameters()).toEqual(one.getParameters());
  });

  it('trainInWorker takes class weights by the preprocessing class names', async () => {
    // The built package: its node entry starts workers (worker_threads run dist/ files).
    const { Encoder, Network } = await import('deltaprop');
    const { fromRows } = await import('deltaprop/data');
    const rows = Array.from({ length: 60 }, (_, i) => [Math.sin(i), Math.cos(i), ['a', 'b', 'c'][i % 3]!]);
    const data = fromRows(rows, { columns: ['u', 'v', 'k'], target: 'k' });
    const encoder = Encoder.fit(data);
    const { inputs, targets } = encoder.transform(data);
    const spec = { layers: [2, 6, 3], activation: ['tanh', 'softmax'], loss: 'cross-entropy', seed: 2, preprocessing: encoder } as const;
    const train = { epochs: 3, batchSize: 10, classWeight: { c: 3 }, learningRate: 0.1 } as const;
    const here = await Network.create(spec);
    await here.train(inputs, targets, train);
    const there = await Network.create(spec);
    await there.trainInWorker(inputs, targets, train);
    expect(there.getParameters()).toEqual(here.getParameters());
    expect(there.preprocessing).toBe(encoder);
  });
});
