/**
 * Every value of every family's enum through every place it is computed: each
 * activation, loss and optimizer trains on the WebAssembly backend along each kernel
 * path — the lane path (layers ≤ 32 wide, batches ≤ 16 rows; activations outside its
 * allow-list fall back to the packed path), the packed path (a layer too wide for
 * lanes) and a team of two threads — and must end where the reference backend ends
 * (float64, the oracle); both networks' standalone exports must compute what their
 * predict does. The walk is generated from the tables, so a new name is walked
 * without editing this file.
 *
 * Tolerance: 2 epochs (18 steps on the lane path) of float32 arithmetic against
 * float64 ended within 2e-5 of each other when this was written; the bound is 5e-5.
 * Computing the leaky slope as 0 (relu's derivative) moves a parameter by 3e-3 here.
 */
import { describe, expect, it } from 'vitest';
import { Network } from 'deltaprop';
import type { ActivationName, LossName, OptimizerName } from 'deltaprop';
import { activationNames, isElementwise, lossNames, optimizerNames } from '../src/families/index.js';
import { dataset } from './fixtures.js';

interface Case {
  activation: [ActivationName, ActivationName];
  loss: LossName;
  optimizer: OptimizerName;
}

const cases: [string, Case][] = [
  ...activationNames.map((a): [string, Case] => [`activation ${a}`, { activation: isElementwise(a) ? [a, a] : ['tanh', a], loss: 'mse', optimizer: 'sgd' }]),
  ...lossNames.map((loss): [string, Case] => [`loss ${loss}`, { activation: ['relu', 'sigmoid'], loss, optimizer: 'sgd' }]),
  ...optimizerNames.map((optimizer): [string, Case] => [`optimizer ${optimizer}`, { activation: ['sigmoid', 'sigmoid'], loss: 'mse', optimizer }]),
];

const paths = {
  lane: { hidden: 6, batchSize: 4, threads: 1 },
  packed: { hidden: 40, batchSize: 12, threads: 1 },
  team: { hidden: 40, batchSize: 12, threads: 2 },
} as const;

const flat = (p: { weights: Float32Array[]; biases: Float32Array[] }) => [...p.weights, ...p.biases].flatMap((a) => Array.from(a));

describe.each(Object.entries(paths))('every code on the %s path', (path, { hidden, batchSize, threads }) => {
  it.each(cases)('%s', async (_, c) => {
    const layers = [3, hidden, 2];
    const { x, y } = dataset(36, 3, 2, c.activation[1], 4);
    const options = { layers, activation: c.activation, loss: c.loss, seed: 6 };
    const wasm = await Network.create({ ...options, kernels: 'simd', threads });
    const ref = await Network.create({ ...options, backend: 'reference' });
    expect(wasm.threads).toBe(threads);
    const train = { epochs: 2, batchSize, optimizer: c.optimizer, learningRate: 0.05 };
    await wasm.train(x, y, train);
    await ref.train(x, y, train);
    const [a, b] = [flat(wasm.getParameters()), flat(ref.getParameters())];
    a.forEach((v, i) => expect(Math.abs(v - b[i]!), `${path}: parameter ${i}, wasm ${v}, reference ${b[i]}`).toBeLessThan(5e-5));
    const want = ref.predict(x) as number[][];
    const got = wasm.predict(x) as number[][];
    got.forEach((row, r) => row.forEach((v, j) => expect(Math.abs(v - want[r]![j]!)).toBeLessThan(5e-5)));
    for (const net of [wasm, ref]) {
      const f = net.toFunction();
      const out = net.predict(x) as number[][];
      x.forEach((row, r) => f(row).forEach((v, j) => expect(Math.abs(v - out[r]![j]!), `standalone ${net.backend}`).toBeLessThan(1e-5)));
      net.dispose();
    }
  });
});
