/**
 * Data-parallel training on two threads sharing one WebAssembly memory, through the
 * package's Node entry (the built dist/). Every row's pass and every parameter's
 * sum are one thread's, in the same order, so without dropout a team trains to one
 * thread's parameters bit for bit; only the epoch loss, summed over the threads' rows
 * in float64, may differ in its last digits. (It has also been seen to differ between
 * a process's first threaded run and later ones while V8 tiers up the kernels; the
 * parameters did not.)
 */
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network } from 'deltaprop';
import type { OptimizerName } from 'deltaprop';
import { dataset } from './fixtures.js';

const layers = [20, 33, 17, 5];
const activation = ['tanh', 'relu', 'softmax'] as ('tanh' | 'relu' | 'softmax')[];
const { x, y } = dataset(203, 20, 5, 'softmax', 12); // 203 rows: batches of 16 leave 11, odd halves

describe('threads', () => {
  it("a team of two trains to one thread's parameters bit for bit, for every optimizer", async () => {
    // Plain SGD (no weight decay) steps θ in place; the other optimizers go through the
    // gradient. Batches of 16 make two pieces of rows, one per thread; batches of 64 make
    // eight, which the threads take as they come free.
    for (const [optimizer, weightDecay, batchSize] of [
      ['sgd', 0, 16],
      ['sgd', 0, 64],
      ['sgd', 1e-3, 16],
      ['momentum', 1e-3, 16],
      ['nesterov', 1e-3, 16],
      ['adam', 1e-3, 16],
      ['adam', 1e-3, 64],
      ['rmsprop', 1e-3, 16],
    ] as [OptimizerName, number, number][]) {
      const one = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 5, threads: 1, kernels: 'simd' });
      const two = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 5, threads: 2, kernels: 'simd' });
      expect(one.threads).toBe(1);
      expect(two.threads).toBe(2);
      const options = { epochs: 4, batchSize, optimizer, learningRate: 0.01, weightDecay };
      const h1 = await one.train(x, y, options);
      const h2 = await two.train(x, y, options);
      const what = `${optimizer}, batches of ${batchSize}`;
      h1.loss.forEach((l, i) => expect(Math.abs(l - h2.loss[i]!), `${what}, epoch ${i + 1}`).toBeLessThan(1e-5));
      expect(h2.accuracy).toEqual(h1.accuracy);
      expect(two.getParameters(), what).toEqual(one.getParameters());
      // and prediction after threaded training is ordinary prediction
      expect(two.predict(x.slice(0, 3))).toHaveLength(3);
    }
  });

  it("trains a network with a layer wider than 512 (a piece of rows per thread) to one thread's parameters", async () => {
    const wide = {
      layers: [20, 520, 5],
      activation: ['relu', 'softmax'] as ('relu' | 'softmax')[],
      loss: 'cross-entropy' as const,
      seed: 3,
      kernels: 'simd' as const,
    };
    for (const optimizer of ['sgd', 'adam'] as OptimizerName[]) {
      const one = await Network.create({ ...wide, threads: 1 });
      const two = await Network.create({ ...wide, threads: 2 });
      const options = { epochs: 2, batchSize: 48, optimizer, learningRate: 0.01 };
      await one.train(x, y, options);
      await two.train(x, y, options);
      expect(two.getParameters(), optimizer).toEqual(one.getParameters());
    }
  });

  it.each([0, 0.3])('gives bit-identical parameters run after run (dropout %s)', async (dropout) => {
    const run = async () => {
      const net = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 9, threads: 2 });
      const h = await net.train(x, y, { epochs: 3, batchSize: 32, optimizer: 'adam', dropout });
      return { loss: h.loss, parameters: net.getParameters() };
    };
    const a = await run();
    const b = await run();
    expect(b.parameters).toEqual(a.parameters);
    b.loss.forEach((l, i) => expect(Math.abs(l - a.loss[i]!)).toBeLessThan(1e-5 * a.loss[i]!));
  });

  it('divergence on a team is caught, reported and rolled back', async () => {
    const net = await Network.create({ layers: [2, 8, 1], activation: 'linear', seed: 1, threads: 2 });
    const big = Array.from({ length: 64 }, (_, i) => [1e18 * (i % 3), -1e18 * (i % 5)]);
    const before = net.getParameters();
    const e = await net
      .train(
        big,
        big.map(() => [1]),
        { epochs: 20, batchSize: 32, learningRate: 1e10 },
      )
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DeltapropError);
    expect((e as DeltapropError).code).toBe('DIVERGED');
    expect(net.getParameters()).toEqual(before);
  });

  it('predicts on a team, bit for bit as one thread does', async () => {
    const one = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 5, threads: 1, kernels: 'simd' });
    const two = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 5, threads: 2, kernels: 'simd' });
    const many = { data: Float32Array.from({ length: 1001 * 20 }, (_, i) => Math.sin(i)), rows: 1001 };
    expect(two.predict(many)).toEqual(one.predict(many));
    expect(two.predict(x)).toEqual(one.predict(x));
  });

  it('refuses a value that is not finite in any chunk of a team prediction, as one thread does', async () => {
    const one = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 5, threads: 1, kernels: 'simd' });
    const two = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 5, threads: 2, kernels: 'simd' });
    const rows = 1001;
    for (const at of [3, 20 * 640 + 7, 20 * 1000 + 19]) {
      const data = Float32Array.from({ length: rows * 20 }, (_, i) => Math.cos(i));
      data[at] = Number.NaN;
      const errors = [one, two].map((net) => {
        try {
          net.predict({ data, rows });
        } catch (e) {
          return e as DeltapropError;
        }
        throw new Error('predict took a NaN');
      });
      expect(errors[1]).toBeInstanceOf(DeltapropError);
      expect(errors[1]!.code).toBe('NON_FINITE');
      expect(errors[1]!.message).toBe(errors[0]!.message);
      expect(errors[1]!.details).toEqual(errors[0]!.details);
    }
    // and the team predicts after it as before
    const many = { data: Float32Array.from({ length: rows * 20 }, (_, i) => Math.sin(i)), rows };
    expect(two.predict(many)).toEqual(one.predict(many));
  });

  it('falls back to one thread for batches too small to share', async () => {
    const net = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 5, threads: 2, kernels: 'simd' });
    const one = await Network.create({ layers, activation, loss: 'cross-entropy', seed: 5, threads: 1, kernels: 'simd' });
    const options = { epochs: 2, batchSize: 3, learningRate: 0.05 };
    expect((await net.train(x, y, options)).loss).toEqual((await one.train(x, y, options)).loss);
  });
});
