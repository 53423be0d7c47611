/**
 * Lifetimes on the main thread: a network that is training refuses a second training
 * and anything that would change it (BUSY); dispose() during training stops the
 * training at its next slice, the pending call rejects with DISPOSED, no memory that
 * another network owns is ever written, and the network's memory is freed once the
 * training has stopped.
 */
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network } from '../src/index.js';
import { getKernels } from '../src/wasm/kernels.js';
import { dataset, xorInputs, xorTargets } from './fixtures.js';

const long = { epochs: 1_000_000, batchSize: 4, learningRate: 0.5 };

const settle = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ value, error: null as unknown }),
    (error: unknown) => ({ value: null, error }),
  );

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each(['wasm', 'reference'] as const)('one network, one training at a time (%s)', (backend) => {
  it('a second train() while one is in flight is BUSY, and the first trains as if alone', async () => {
    const options = { epochs: 400, batchSize: 2, learningRate: 0.5, optimizer: 'momentum' as const };
    const alone = await Network.create({ layers: [2, 4, 1], seed: 9, backend });
    const expected = await alone.train(xorInputs, xorTargets, options);

    const net = await Network.create({ layers: [2, 4, 1], seed: 9, backend });
    const first = net.train(xorInputs, xorTargets, { ...options, signal: new AbortController().signal });
    const second = await settle(net.train(xorInputs, xorTargets, options));
    expect(second.error).toBeInstanceOf(DeltapropError);
    expect((second.error as DeltapropError).code).toBe('BUSY');
    expect(() => net.setParameters(alone.getParameters())).toThrow(expect.objectContaining({ code: 'BUSY' }));
    const history = await first;
    expect(history.loss).toEqual(expected.loss);
    expect(net.getParameters()).toEqual(alone.getParameters());
    // free again once the training is over
    await net.train(xorInputs, xorTargets, { epochs: 1 });
    net.setParameters(alone.getParameters());
  });

  it('a callback that trains or sets the parameters of its own network gets BUSY', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 2, backend });
    const errors: unknown[] = [];
    await net.train(xorInputs, xorTargets, {
      epochs: 2,
      onEpochEnd: () => {
        errors.push(net.train(xorInputs, xorTargets).catch((e: unknown) => e));
        try {
          net.setParameters(net.getParameters());
        } catch (e) {
          errors.push(e);
        }
      },
    });
    const codes = (await Promise.all(errors)).map((e) => (e as DeltapropError).code);
    expect(codes).toEqual(['BUSY', 'BUSY', 'BUSY', 'BUSY']);
  });

  it('is free again as soon as the training stopped: in the same turn when nothing awaited, and after a refusal', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 2, backend });
    const p = net.getParameters();
    const first = net.train(xorInputs, xorTargets, { epochs: 3 });
    // no signal, no callbacks: the training ran to its end before train() returned
    const second = net.train(xorInputs, xorTargets, { epochs: 3 });
    net.setParameters(p);
    await Promise.all([first, second]);
    const bad = await settle(net.train([[0, NaN]], [[1]], { signal: new AbortController().signal }));
    expect((bad.error as DeltapropError).code).toBe('NON_FINITE');
    net.setParameters(p);
    expect((await net.train(xorInputs, xorTargets, { epochs: 1, signal: new AbortController().signal })).epochs).toBe(1);
  });

  it('the network stays readable while it trains: predict, getParameters, toJSON', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 2, backend });
    const controller = new AbortController();
    const training = net.train(xorInputs, xorTargets, { ...long, signal: controller.signal });
    await nextTask();
    expect(net.predict([1, 0])).toHaveLength(1);
    expect(net.toJSON().layers).toEqual([2, 3, 1]);
    controller.abort();
    expect((await training).aborted).toBe(true);
  });
});

describe.each(['wasm', 'reference'] as const)('dispose() during training (%s)', (backend) => {
  it('stops the training, which rejects with DISPOSED', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 1, backend });
    const training = settle(net.train(xorInputs, xorTargets, { ...long, signal: new AbortController().signal }));
    await nextTask();
    net.dispose();
    expect(net.disposed).toBe(true);
    const { error } = await training;
    expect(error).toBeInstanceOf(DeltapropError);
    expect((error as DeltapropError).code).toBe('DISPOSED');
    expect(() => net.predict([0, 1])).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
  });

  it('from inside a callback stops the training too', async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 1, backend });
    let epochs = 0;
    const { error } = await settle(
      net.train(xorInputs, xorTargets, {
        epochs: 50,
        onEpochEnd: () => {
          epochs += 1;
          if (epochs === 3) net.dispose();
        },
      }),
    );
    expect((error as DeltapropError).code).toBe('DISPOSED');
    expect(epochs).toBe(3);
  });
});

describe('dispose() during training on WebAssembly', () => {
  it('never writes into memory another network owns, and frees the memory once the training stopped', async () => {
    // The 'simd' build's memory is this test's alone in this file (the others take the
    // default build), so no finalizer of another network changes what it measures.
    const kernels = await getKernels('simd');
    const shape = { layers: [8, 32, 4], seed: 4, kernels: 'simd' as const, activation: 'tanh' as const };
    const { x, y } = dataset(64, 8, 4, 'tanh', 3);
    const used = kernels.arena.used;

    const victim = await Network.create(shape);
    const training = settle(victim.train(x, y, { epochs: 1_000_000, batchSize: 8, signal: new AbortController().signal }));
    await nextTask();
    victim.dispose();
    // Created while the disposed network's training has not yet stopped: without a
    // deferred free it would be handed the victim's blocks and trained into.
    const bystander = await Network.create({ ...shape, seed: 5 });
    const twin = await Network.create({ ...shape, seed: 5 });
    const before = bystander.getParameters();
    const { error } = await training;
    expect((error as DeltapropError).code).toBe('DISPOSED');
    await nextTask();
    expect(bystander.getParameters()).toEqual(before);
    expect(bystander.predict(x)).toEqual(twin.predict(x));
    bystander.dispose();
    twin.dispose();
    expect(kernels.arena.used).toBe(used);
  });
});
