/**
 * Training in a worker_threads worker, through the package's own Node entry (the
 * built dist/, as a user gets it).
 */
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network } from 'deltaprop';
import { dataset, xorInputs, xorTargets } from './fixtures.js';

describe('trainInWorker', () => {
  it('trains exactly as the main thread would, streams progress, and keeps this thread responsive', async () => {
    const options = { epochs: 3000, batchSize: 4, learningRate: 0.5 };
    const here = await Network.create({ layers: [2, 4, 1], seed: 3, kernels: 'simd' });
    const there = await Network.create({ layers: [2, 4, 1], seed: 3, kernels: 'simd' });
    const expected = await here.train(xorInputs, xorTargets, options);

    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const epochs: number[] = [];
    const started = performance.now();
    const history = await there.trainInWorker(xorInputs, xorTargets, { ...options, onEpochEnd: (e) => epochs.push(e.epoch) });
    const ms = performance.now() - started;
    clearInterval(timer);

    expect(history.loss).toEqual(expected.loss);
    expect(there.getParameters()).toEqual(here.getParameters());
    expect(epochs).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    // the timer kept firing while the worker trained: at least a tick per 10 ms of training
    expect(ticks).toBeGreaterThan(Math.floor(ms / 10));
  });

  it("leaves the caller's flat arrays whole (the worker gets copies)", async () => {
    const x = { data: Float32Array.from(xorInputs.flat()), rows: 4 };
    const y = { data: Float32Array.from(xorTargets.flat()), rows: 4 };
    const net = await Network.create({ layers: [2, 4, 1], seed: 3 });
    await net.trainInWorker(x, y, { epochs: 10, batchSize: 4 });
    await net.train(x, y, { epochs: 10, batchSize: 4, signal: new AbortController().signal });
    expect(Array.from(x.data)).toEqual(xorInputs.flat());
    expect(Array.from(y.data)).toEqual(xorTargets.flat());
  });

  it('honours abort and leaves a usable network', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 3 });
    const controller = new AbortController();
    const history = await net.trainInWorker(xorInputs, xorTargets, {
      epochs: 100_000_000,
      batchSize: 4,
      learningRate: 0.5,
      signal: controller.signal,
      onBatchEnd: (b) => {
        if (b.epoch > 100) controller.abort();
      },
    });
    expect(history.aborted).toBe(true);
    expect(history.epochs).toBeGreaterThan(100);
    expect(history.epochs).toBeLessThan(100_000_000);
    expect(net.predict([1, 0])).toHaveLength(1);
  });

  it('reports errors from the worker as DeltapropErrors, and refuses schedule functions', async () => {
    const net = await Network.create({ layers: [2, 3, 1], activation: 'linear', seed: 1 });
    const before = net.getParameters();
    const e = await net
      .trainInWorker(
        [
          [1e18, -1e18],
          [3e18, 1e18],
        ],
        [[0], [1]],
        { epochs: 50, batchSize: 1, learningRate: 1e10 },
      )
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DeltapropError);
    expect((e as DeltapropError).code).toBe('DIVERGED');
    expect(net.getParameters()).toEqual(before);
    await expect(net.trainInWorker(xorInputs, xorTargets, { schedule: () => 0.1 })).rejects.toThrow(/schedule function cannot be sent/);
    await expect(net.trainInWorker(xorInputs, [[1]], {})).rejects.toThrow(/4 rows but targets have 1/);
  });

  it("trains on the network's threads, as train() does on this thread", async () => {
    // With dropout each thread of a team draws the masks of its rows from its own
    // stream: the two-thread parameters differ from one thread's, and equal train()'s
    // own two-thread result bit for bit (plain SIMD: the same bits whatever V8's tier).
    const layers = [20, 33, 17, 5];
    const { x, y } = dataset(203, 20, 5, 'softmax', 12);
    const spec = { layers, activation: ['tanh', 'relu', 'softmax'] as const, loss: 'cross-entropy' as const, seed: 5, kernels: 'simd' as const };
    const options = { epochs: 3, batchSize: 16, optimizer: 'adam' as const, dropout: 0.2 };
    const trained = async (threads: number, inWorker: boolean) => {
      const net = await Network.create({ ...spec, activation: [...spec.activation], threads });
      expect(net.threads).toBe(threads);
      const history = await (inWorker ? net.trainInWorker(x, y, options) : net.train(x, y, options));
      return { loss: history.loss, parameters: net.getParameters() };
    };
    const here = await trained(2, false);
    const there = await trained(2, true);
    const alone = await trained(1, true);
    expect(there.parameters).toEqual(here.parameters);
    expect(alone.parameters).not.toEqual(here.parameters);
  });
});
