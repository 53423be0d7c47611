/** train on an async iterable of row chunks: the same kernels, callbacks, validation and abort, one chunk in memory. */
import { describe, expect, it } from 'vitest';
import { type DeltapropError, Network } from '../src/index.js';
import { dataset } from './fixtures.js';

const { x, y } = dataset(64, 5, 3, 'softmax', 9);

/** The rows in chunks of `size`, afresh each time the iterable is iterated. */
function chunks(size: number, rows = x.length) {
  return {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < rows; i += size) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        yield { inputs: x.slice(i, i + size), targets: y.slice(i, i + size) };
      }
    },
  };
}

const create = (backend: 'wasm' | 'reference') =>
  Network.create({ layers: [5, 7, 3], activation: ['tanh', 'softmax'], loss: 'cross-entropy', seed: 5, backend });

describe.each(['wasm', 'reference'] as const)('train on a stream of chunks (%s)', (backend) => {
  it('trains to the same parameters as the rows in memory when chunks hold whole batches', async () => {
    const options = { epochs: 3, batchSize: 8, shuffle: false, optimizer: 'adam', learningRate: 0.01 } as const;
    const inMemory = await create(backend);
    const h1 = await inMemory.train(x, y, options);
    const streamed = await create(backend);
    const h2 = await streamed.train(chunks(16), options);
    expect(streamed.getParameters()).toEqual(inMemory.getParameters());
    expect(h2.epochs).toBe(3);
    h2.loss.forEach((l, e) => expect(l).toBeCloseTo(h1.loss[e]!, 5));
    h2.accuracy!.forEach((a, e) => expect(a).toBeCloseTo(h1.accuracy![e]!, 12));
  });

  it('calls onBatchEnd per chunk and onEpochEnd per pass, with validation and early stopping', async () => {
    const net = await create(backend);
    const batches: number[] = [];
    const epochs: number[] = [];
    const history = await net.train(chunks(20), {
      epochs: 4,
      batchSize: 10,
      validationData: { inputs: x.slice(0, 10), targets: y.slice(0, 10) },
      onBatchEnd: (info) => batches.push(info.batches),
      onEpochEnd: (info) => epochs.push(info.valLoss!),
    });
    // 64 rows in chunks of 20, 20, 20, 4: batches of 10 → 2 + 2 + 2 + 1 per epoch.
    expect(batches.slice(0, 4)).toEqual([2, 4, 6, 7]);
    expect(batches).toHaveLength(16);
    expect(epochs).toEqual(history.valLoss);
    expect(history.valLoss).toHaveLength(4);
    const stopped = await net.train(chunks(32), { epochs: 50, learningRate: 1e-9, earlyStopping: { patience: 2, minDelta: 1 } });
    expect(stopped.stoppedEarly).toBe(true);
    expect(stopped.epochs).toBe(3);
  });

  it('stops between chunks when aborted, keeping what was trained', async () => {
    const net = await create(backend);
    const controller = new AbortController();
    let seen = 0;
    const history = await net.train(chunks(8), { epochs: 5, onBatchEnd: () => ++seen === 3 && controller.abort(), signal: controller.signal });
    expect(history.aborted).toBe(true);
    expect(history.epochs).toBe(0);
    expect(seen).toBe(3);
  });

  it('refuses a stream that cannot start afresh, a bad chunk and a divergence, leaving the network as it was', async () => {
    const net = await create(backend);
    const before = net.getParameters();
    async function* once() {
      yield { inputs: x, targets: y };
    }
    const again = await net.train(once(), { epochs: 2 }).catch((e: unknown) => e);
    expect((again as DeltapropError).code).toBe('INVALID_OPTION');
    expect((again as DeltapropError).message).toMatch(/no rows in epoch 2/);
    expect(net.getParameters()).toEqual(before);
    async function* bad() {
      yield { inputs: x.slice(0, 8), targets: y.slice(0, 8) };
      yield { inputs: x.slice(0, 8), targets: y.slice(0, 7) };
    }
    const shape = await net.train(bad()).catch((e: unknown) => e);
    expect((shape as DeltapropError).message).toMatch(/chunk 2 inputs have 8 rows but chunk 2 targets have 7/);
    expect(net.getParameters()).toEqual(before);
    // Targets near the float32 limit: δ = t − y ≈ −3e38, a step of η δ overflows θ.
    const huge = { data: new Float32Array(64 * 3).fill(3e38), rows: 64 };
    async function* explode() {
      yield { inputs: x, targets: y };
      yield { inputs: x, targets: huge };
    }
    const diverged = await net.train(explode(), { learningRate: 1e30 }).catch((e: unknown) => e);
    expect((diverged as DeltapropError).code).toBe('DIVERGED');
    expect(net.getParameters()).toEqual(before);
    await expect(net.train(chunks(8), { validationSplit: 0.2 })).rejects.toThrow(/validationData/);
  });
});

it('keeps the WebAssembly memory bounded by the chunk, not by the data', async () => {
  const net = await create('wasm');
  const rows = 2000;
  const inputs = { data: new Float32Array(rows * 5).map((_, i) => Math.sin(i)), rows };
  const targets = { data: new Float32Array(rows * 3).map((_, i) => (i % 3 === 0 ? 1 : 0)), rows };
  const sizes: number[] = [];
  async function* many() {
    // 400 chunks of 2,000 rows: 800,000 rows, 16 MB of inputs in all.
    for (let i = 0; i < 400; i++) yield { inputs, targets };
  }
  await net.train(many(), { batchSize: 50, onBatchEnd: () => sizes.push(net.memory().linear) });
  expect(sizes).toHaveLength(400);
  expect(sizes.at(-1)).toBe(sizes[0]);
  expect(sizes.at(-1)!).toBeLessThan(16e6);
});
