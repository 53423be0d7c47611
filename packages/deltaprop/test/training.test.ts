/**
 * The training options of users' expectations, each on both backends where it
 * matters, and the two backends against each other.
 */
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network } from '../src/index.js';
import { dataset, xorInputs, xorTargets } from './fixtures.js';

describe('dropout', () => {
  const { x, y } = dataset(40, 6, 3, 'softmax', 3);
  const options = {
    layers: [6, 16, 12, 3],
    activation: ['tanh', 'relu', 'softmax'] as ('tanh' | 'relu' | 'softmax')[],
    loss: 'cross-entropy' as const,
    seed: 4,
  };
  const train = { epochs: 4, batchSize: 8, optimizer: 'adam' as const, learningRate: 0.01, dropout: [0.5, 0.25] };

  it('draws the same masks on both backends, so they train alike', async () => {
    const wasm = await Network.create({ ...options, kernels: 'simd' });
    const ref = await Network.create({ ...options, backend: 'reference' });
    const hw = await wasm.train(x, y, train);
    const hr = await ref.train(x, y, train);
    hw.loss.forEach((l, i) => expect(Math.abs(l - hr.loss[i]!)).toBeLessThan(1e-4));
    expect(hw.accuracy).toEqual(hr.accuracy);
    const a = wasm.getParameters().weights.flatMap((w) => Array.from(w));
    const b = ref.getParameters().weights.flatMap((w) => Array.from(w));
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-4));
  });

  it('changes training, stays bit-reproducible, and is off at prediction', async () => {
    const run = async (dropout: number[]) => {
      const net = await Network.create(options);
      const h = await net.train(x, y, { ...train, dropout });
      return { net, loss: h.loss };
    };
    const a = await run([0.5, 0.25]);
    const b = await run([0.5, 0.25]);
    const none = await run([0, 0]);
    expect(b.loss).toEqual(a.loss);
    expect(none.loss).not.toEqual(a.loss);
    // predict is deterministic: no masks outside training
    expect(a.net.predict(x)).toEqual(a.net.predict(x));
    expect(a.net.predict(x)).toEqual(b.net.predict(x));
  });

  it('its gradient is the δ rule through the mask: with p → 0 training equals no dropout', async () => {
    const tiny = await Network.create(options);
    const none = await Network.create(options);
    const h1 = await tiny.train(x, y, { ...train, dropout: 1e-12 });
    const h2 = await none.train(x, y, { ...train, dropout: 0 });
    h1.loss.forEach((l, i) => expect(l).toBeCloseTo(h2.loss[i]!, 6));
  });
});

describe('validation, metrics and early stopping', () => {
  it.each(['wasm', 'reference'] as const)('validationSplit holds out the last rows and reports valLoss and accuracies (%s)', async (backend) => {
    const { x, y } = dataset(50, 4, 3, 'softmax', 8);
    const net = await Network.create({ layers: [4, 8, 3], activation: ['relu', 'softmax'], loss: 'cross-entropy', seed: 2, backend });
    const h = await net.train(x, y, { epochs: 3, batchSize: 10, optimizer: 'adam', validationSplit: 0.2 });
    expect(h.valLoss).toHaveLength(3);
    expect(h.accuracy).toHaveLength(3);
    expect(h.valAccuracy).toHaveLength(3);
    // the held-out rows are the last 10: valLoss equals the loss computed on them directly
    const held = { x: x.slice(40), y: y.slice(40) };
    expect(h.valLoss!.at(-1)!).toBeCloseTo(net.gradients(held.x, held.y).loss, 6);
    const predicted = net.predict(held.x);
    const right = predicted.filter((row, i) => row.indexOf(Math.max(...row)) === held.y[i]!.indexOf(1)).length;
    expect(h.valAccuracy!.at(-1)).toBe(right / 10);
  });

  it('validationData is used as given', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 3 });
    const h = await net.train(xorInputs, xorTargets, {
      epochs: 2,
      batchSize: 4,
      learningRate: 0.5,
      validationData: { inputs: xorInputs, targets: xorTargets },
    });
    expect(h.valLoss!.at(-1)!).toBeCloseTo(net.gradients(xorInputs, xorTargets).loss, 6);
    expect(h.valAccuracy).toHaveLength(2);
  });

  it('early stopping waits `patience` epochs and restores the best weights', async () => {
    const { x, y } = dataset(60, 5, 1, 'linear', 1);
    const net = await Network.create({ layers: [5, 32, 1], activation: ['tanh', 'linear'], seed: 1 });
    const seen: { epoch: number; valLoss: number; params: number[] }[] = [];
    const h = await net.train(x.slice(0, 20), y.slice(0, 20), {
      epochs: 500,
      batchSize: 20,
      optimizer: 'adam',
      learningRate: 0.05,
      validationData: { inputs: x.slice(20), targets: y.slice(20) },
      earlyStopping: { patience: 3, restoreBestWeights: true },
      onEpochEnd: (e) => seen.push({ epoch: e.epoch, valLoss: e.valLoss!, params: net.getParameters().weights.flatMap((w) => Array.from(w)) }),
    });
    // random targets: the network overfits its 20 rows and the validation loss turns up
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs).toBeLessThan(500);
    const best = seen.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    expect(h.bestEpoch).toBe(best.epoch);
    expect(h.epochs).toBe(best.epoch + 3);
    expect(net.getParameters().weights.flatMap((w) => Array.from(w))).toEqual(best.params);
  });

  it('refuses early stopping on valLoss without validation rows', async () => {
    const net = await Network.create({ layers: [2, 1] });
    await expect(net.train(xorInputs, xorTargets, { earlyStopping: { monitor: 'valLoss' } })).rejects.toThrow(/no validation rows/);
  });
});

describe('learning-rate schedules', () => {
  const run = async (schedule: never) => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 1 });
    return (await net.train(xorInputs, xorTargets, { epochs: 6, batchSize: 2, learningRate: 0.8, schedule })).learningRate;
  };
  it('step, exponential, cosine and a function give the rate of each epoch', async () => {
    expect(await run({ type: 'step', every: 2, gamma: 0.5 } as never)).toEqual([0.8, 0.8, 0.4, 0.4, 0.2, 0.2]);
    const exp = await run({ type: 'exponential', gamma: 0.5 } as never);
    exp.forEach((r, i) => expect(r).toBeCloseTo(0.8 * 0.5 ** i, 12));
    const cos = await run({ type: 'cosine', epochs: 4 } as never);
    [0.8, 0.4 * (1 + Math.cos(Math.PI / 4)), 0.4, 0.4 * (1 + Math.cos((3 * Math.PI) / 4))].forEach((r, i) => expect(cos[i]).toBeCloseTo(r, 12));
    expect(cos[4]).toBeCloseTo(0.8e-6, 12); // past its span: the floor, never 0
    expect(await run(((epoch: number, initial: number) => initial / epoch) as never)).toEqual([0.8, 0.4, 0.8 / 3, 0.2, 0.16, 0.8 / 6]);
  });

  it('a schedule that changes the rate changes training: the rate reaches the kernels', async () => {
    const a = await Network.create({ layers: [2, 3, 1], seed: 1 });
    const b = await Network.create({ layers: [2, 3, 1], seed: 1 });
    const ha = await a.train(xorInputs, xorTargets, { epochs: 4, learningRate: 0.8, schedule: { type: 'step', every: 2 } });
    const hb = await b.train(xorInputs, xorTargets, { epochs: 4, learningRate: 0.8 });
    expect(ha.loss.slice(0, 2)).toEqual(hb.loss.slice(0, 2));
    expect(ha.loss[3]).not.toBe(hb.loss[3]);
  });

  it('a schedule function that returns a bad rate fails and leaves the network as it was', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 1 });
    const before = net.getParameters();
    const e = await net.train(xorInputs, xorTargets, { epochs: 5, schedule: (epoch) => (epoch < 3 ? 0.1 : -1) }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DeltapropError);
    expect((e as DeltapropError).message).toMatch(/schedule function gave -1 for epoch 3/);
    expect(net.getParameters()).toEqual(before);
  });
});

describe('callbacks', () => {
  it('onBatchEnd reports after each call into the kernels', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 1 });
    const calls: { epoch: number; batches: number }[] = [];
    await net.train(xorInputs, xorTargets, {
      epochs: 3,
      batchSize: 1,
      onEpochEnd: () => {},
      onBatchEnd: (b) => calls.push({ epoch: b.epoch, batches: b.batches }),
    });
    expect(calls).toEqual([
      { epoch: 1, batches: 4 },
      { epoch: 2, batches: 8 },
      { epoch: 3, batches: 12 },
    ]);
  });

  it('a callback that throws leaves the network as it was', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 1 });
    const before = net.getParameters();
    await expect(
      net.train(xorInputs, xorTargets, {
        epochs: 5,
        onEpochEnd: (e) => {
          if (e.epoch === 2) throw new Error('stop');
        },
      }),
    ).rejects.toThrow('stop');
    expect(net.getParameters()).toEqual(before);
  });
});

describe('the training history', () => {
  // Without callbacks the kernels report all epochs at once and the history's arrays
  // are built when first read; with onEpochEnd they are filled epoch by epoch.
  const train = { epochs: 7, batchSize: 2, learningRate: 0.5, optimizer: 'sgd' as const };
  const both = async (backend: 'wasm' | 'reference') => {
    const make = () => Network.create({ layers: [2, 3, 1], seed: 6, backend });
    const bulk = await (await make()).train(xorInputs, xorTargets, train);
    const seen: number[] = [];
    const stepwise = await (await make()).train(xorInputs, xorTargets, { ...train, onEpochEnd: (e) => seen.push(e.loss) });
    return { bulk, stepwise, seen };
  };

  for (const backend of ['wasm', 'reference'] as const) {
    it(`holds the same figures in bulk as epoch by epoch (${backend})`, async () => {
      const { bulk, stepwise, seen } = await both(backend);
      expect(bulk.loss).toEqual(seen);
      expect(bulk).toEqual(stepwise);
      expect(bulk.loss).toHaveLength(7);
      expect(bulk.learningRate).toEqual(new Array(7).fill(0.5));
      expect(bulk.accuracy!.every((a) => a >= 0 && a <= 1)).toBe(true);
    });
  }

  it('reads, prints, serializes, clones and is written as a plain object', async () => {
    const { bulk, stepwise } = await both('wasm');
    expect(JSON.parse(JSON.stringify(bulk))).toEqual(JSON.parse(JSON.stringify(stepwise)));
    expect(structuredClone(bulk)).toEqual(stepwise);
    expect(Object.keys(bulk)).toEqual(Object.keys(stepwise));
    const { inspect } = await import('node:util');
    const { bulk: fresh } = await both('wasm');
    const shown = inspect(fresh);
    expect(shown).not.toContain('Getter');
    expect(shown).toContain('loss: [');
    expect(Object.getOwnPropertyDescriptor(fresh, 'loss')!.value).toEqual(stepwise.loss);
    fresh.loss = [1];
    expect(fresh.loss).toEqual([1]);
    const { bulk: other } = await both('wasm');
    other.accuracy = [];
    expect(other.accuracy).toEqual([]);
    expect(other.loss).toEqual(stepwise.loss);
  });
});
