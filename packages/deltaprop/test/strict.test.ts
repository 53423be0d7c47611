/**
 * Nothing passes silently: names are looked up as own keys of their tables, every
 * options object is checked for keys it does not know (with a suggestion), explicit
 * nulls are refused rather than defaulted, error messages survive any value, sizes
 * are checked before anything is allocated, and gradients that overflow are reported.
 */
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../src/binary.js';
import { DeltapropError, Network } from '../src/index.js';
import type { ErrorCode, ModelJSON } from '../src/index.js';
import { xorInputs, xorTargets } from './fixtures.js';

async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  return null;
}

async function expectCode(fn: () => unknown, code: ErrorCode, message?: RegExp): Promise<DeltapropError> {
  const e = await caught(fn);
  expect(e, `expected a DeltapropError ${code}, got ${String(e)}`).toBeInstanceOf(DeltapropError);
  expect((e as DeltapropError).code).toBe(code);
  if (message) expect((e as DeltapropError).message).toMatch(message);
  return e as DeltapropError;
}

const inherited = ['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty'];

async function model(): Promise<ModelJSON> {
  const net = await Network.create({ layers: [2, 3, 1], seed: 5, backend: 'reference' });
  return net.toJSON();
}

describe('names inherited from Object.prototype are unknown names', () => {
  it.each(inherited)("activation, loss, optimizer, init, kernels and backend '%s' are refused", async (name) => {
    await expectCode(() => Network.create({ layers: [2, 1], activation: name as never }), 'UNKNOWN_ACTIVATION', new RegExp(`'${name}'`));
    await expectCode(() => Network.create({ layers: [2, 1], activation: ['sigmoid', name] as never, ...{ layers: [2, 2, 1] } }), 'UNKNOWN_ACTIVATION');
    await expectCode(() => Network.create({ layers: [2, 1], loss: name as never }), 'UNKNOWN_LOSS');
    await expectCode(() => Network.create({ layers: [2, 1], init: name as never }), 'INVALID_OPTION');
    await expectCode(() => Network.create({ layers: [2, 1], kernels: name as never }), 'INVALID_OPTION');
    await expectCode(() => Network.create({ layers: [2, 1], backend: name as never }), 'UNKNOWN_BACKEND');
    for (const backend of ['wasm', 'reference'] as const) {
      const net = await Network.create({ layers: [2, 1], backend });
      await expectCode(() => net.train(xorInputs, xorTargets, { optimizer: name as never }), 'UNKNOWN_OPTIMIZER');
      await expectCode(() => net.train(xorInputs, xorTargets, { optimizer: { type: name } as never }), 'UNKNOWN_OPTIMIZER');
      await expectCode(() => net.train(xorInputs, xorTargets, { schedule: { type: name } as never }), 'INVALID_OPTION');
      await expectCode(() => net.train(xorInputs, xorTargets, { earlyStopping: { monitor: name } as never }), 'INVALID_OPTION');
    }
  });

  it.each(inherited)("a model file whose activation or loss is '%s' is corrupt, in JSON and in binary", async (name) => {
    const good = await model();
    for (const bad of [
      { ...good, activation: [name, 'sigmoid'] },
      { ...good, activation: ['sigmoid', name] },
      { ...good, loss: name },
    ] as ModelJSON[]) {
      await expectCode(() => Network.fromJSON(bad), 'CORRUPT_MODEL', new RegExp(`'${name}'`));
      await expectCode(() => Network.fromJSON(JSON.stringify(bad)), 'CORRUPT_MODEL');
      // encodeModel computes a fresh CRC-32: the header itself must be refused
      await expectCode(() => Network.fromBinary(encodeModel(bad)), 'CORRUPT_MODEL', new RegExp(`'${name}'`));
    }
  });
});

describe('unknown option names are mistakes, with a suggestion', () => {
  const trainCases: [string, object, string][] = [
    ['lr', { lr: 0.1 }, 'learningRate'],
    ['learningrate', { learningrate: 0.1 }, 'learningRate'],
    ['epoch', { epoch: 3 }, 'epochs'],
    ['batch_size', { batch_size: 2 }, 'batchSize'],
    ['optimiser', { optimiser: 'adam' }, 'optimizer'],
    ['onEpochend', { onEpochend: () => {} }, 'onEpochEnd'],
  ];
  it.each(trainCases)('train refuses %s', async (key, options, suggestion) => {
    for (const backend of ['wasm', 'reference'] as const) {
      const net = await Network.create({ layers: [2, 3, 1], seed: 2, backend });
      const before = net.getParameters();
      const e = await expectCode(() => net.train(xorInputs, xorTargets, options), 'INVALID_OPTION', new RegExp(`'${key}'.*did you mean '${suggestion}'\\?`));
      expect(e.details.key).toBe(key);
      expect(e.details.suggestion).toBe(suggestion);
      expect(net.getParameters()).toEqual(before);
    }
  });

  it('Network.create refuses misspelt and misplaced options', async () => {
    await expectCode(() => Network.create({ layers: [2, 1], activaton: 'relu' } as never), 'INVALID_OPTION', /'activaton'.*did you mean 'activation'\?/);
    await expectCode(() => Network.create({ layers: [2, 1], layer: [2, 1] } as never), 'INVALID_OPTION', /'layer'.*did you mean 'layers'\?/);
    await expectCode(() => Network.create({ layers: [2, 1], learningRate: 0.1 } as never), 'INVALID_OPTION', /'learningRate' is an option of train/);
    await expectCode(() => Network.create({ layers: [2, 1], ['__proto__']: 1 } as never), 'INVALID_OPTION', /'__proto__'/);
  });

  it('nested options objects are checked too', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 2 });
    const train = (o: object) => () => net.train(xorInputs, xorTargets, o);
    await expectCode(train({ optimizer: { type: 'adam', lr: 0.1 } }), 'INVALID_OPTION', /optimizer.*'lr'.*did you mean 'learningRate'\?/);
    await expectCode(train({ optimizer: { type: 'sgd', momentum: 0.9 } }), 'INVALID_OPTION', /'momentum'/);
    await expectCode(train({ optimizer: { type: 'adam', rho: 0.9 } }), 'INVALID_OPTION', /'rho'/);
    await expectCode(train({ schedule: { type: 'step', every: 2, gama: 0.5 } }), 'INVALID_OPTION', /schedule.*'gama'.*did you mean 'gamma'\?/);
    await expectCode(train({ schedule: { type: 'exponential', gamma: 0.5, every: 2 } }), 'INVALID_OPTION', /'every'/);
    await expectCode(train({ earlyStopping: { patiance: 3 } }), 'INVALID_OPTION', /earlyStopping.*'patiance'.*did you mean 'patience'\?/);
    await expectCode(train({ validationData: { inputs: xorInputs, targets: xorTargets, input: xorInputs } }), 'INVALID_OPTION', /validationData.*'input'/);
    const json = net.toJSON();
    await expectCode(() => Network.fromJSON(json, { backnd: 'reference' } as never), 'INVALID_OPTION', /'backnd'.*did you mean 'backend'\?/);
    // a load option may not override the file's own facts
    await expectCode(() => Network.fromJSON(json, { layers: [2, 1] } as never), 'INVALID_OPTION', /'layers'/);
    await expectCode(() => Network.fromBinary(net.toBinary(), { activation: 'relu' } as never), 'INVALID_OPTION', /'activation'/);
    const p = net.getParameters();
    await expectCode(() => net.setParameters({ ...p, bias: p.biases } as never), 'INVALID_OPTION', /'bias'.*did you mean 'biases'\?/);
  });

  it('an explicit null is refused, not taken for the default', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 2 });
    await expectCode(() => net.train(xorInputs, xorTargets, { batchSize: null } as never), 'INVALID_OPTION', /batchSize.*null/);
    await expectCode(() => net.train(xorInputs, xorTargets, { optimizer: null } as never), 'INVALID_OPTION', /optimizer.*null/);
    await expectCode(() => net.train(xorInputs, xorTargets, { optimizer: { type: 'adam', beta1: null } } as never), 'INVALID_OPTION', /beta1.*null/);
    await expectCode(() => Network.create({ layers: [2, 1], activation: null } as never), 'INVALID_OPTION', /activation.*null/);
    await expectCode(() => Network.create({ layers: [2, 1], seed: null } as never), 'INVALID_OPTION', /seed.*null/);
  });

  it('softmax on a one-unit output layer is refused (it would predict 1 for every input)', async () => {
    await expectCode(() => Network.create({ layers: [2, 1], activation: 'softmax' }), 'INVALID_OPTION', /softmax.*one unit|one output/);
    await expectCode(() => Network.create({ layers: [2, 3, 1], activation: ['relu', 'softmax'], loss: 'cross-entropy' }), 'INVALID_OPTION');
    const file = { ...(await model()), activation: ['sigmoid', 'softmax'] } as ModelJSON;
    await expectCode(() => Network.fromJSON(file), 'CORRUPT_MODEL', /softmax/);
  });
});

describe('error messages survive any value', () => {
  it('a model file holding a BigInt, a Symbol or a throwing getter is CORRUPT_MODEL', async () => {
    const good = await model();
    const bads: unknown[] = [
      { ...good, version: 1n },
      { ...good, format: Symbol('deltaprop') },
      { ...good, layers: [2n, 1n] },
      { ...good, loss: 1n },
      { ...good, activation: [Symbol('x'), 'sigmoid'] },
      {
        ...good,
        weights: [
          [1n, 2n, 3n, 4n, 5n, 6n],
          [1, 2, 3],
        ],
      },
      {
        ...good,
        get weights(): never {
          throw new Error('boom');
        },
      },
      {
        ...good,
        loss: {
          toString: () => {
            throw new Error('boom');
          },
        },
      },
      Object.create(null),
    ];
    for (const bad of bads) await expectCode(() => Network.fromJSON(bad as ModelJSON), 'CORRUPT_MODEL');
  });

  it('options holding BigInts, Symbols, functions and throwing objects are INVALID_OPTION', async () => {
    const hostile = {
      toString: () => {
        throw new Error('boom');
      },
      valueOf: () => {
        throw new Error('boom');
      },
    };
    await expectCode(() => Network.create({ layers: [2, 1], seed: 1n } as never), 'INVALID_OPTION', /seed.*1n/);
    await expectCode(() => Network.create({ layers: [2, 1], seed: Symbol('s') } as never), 'INVALID_OPTION', /seed/);
    await expectCode(() => Network.create({ layers: [2, hostile] } as never), 'INVALID_LAYERS');
    await expectCode(() => Network.create({ layers: [2, 1], threads: hostile } as never), 'INVALID_OPTION');
    await expectCode(
      () =>
        Network.create({
          get layers(): never {
            throw new Error('boom');
          },
        } as never),
      'INVALID_OPTION',
      /layers.*boom/,
    );
    const net = await Network.create({ layers: [2, 1] });
    await expectCode(() => net.train(xorInputs, xorTargets, { epochs: 2n } as never), 'INVALID_OPTION', /epochs.*2n/);
    await expectCode(() => net.train(xorInputs, xorTargets, { epochs: () => 2 } as never), 'INVALID_OPTION', /epochs.*function/);
    await expectCode(() => net.train(xorInputs, xorTargets, { learningRate: hostile } as never), 'INVALID_OPTION', /learningRate/);
    await expectCode(() => net.train(xorInputs, xorTargets, { schedule: { type: Symbol('t') } } as never), 'INVALID_OPTION', /schedule/);
    await expectCode(() => net.train({ data: new Float32Array(8), rows: hostile } as never, xorTargets), 'SHAPE_MISMATCH');
    const trap = new Proxy([], {
      get: () => {
        throw new Error('trap');
      },
    });
    await expectCode(() => Network.create({ layers: trap } as never), 'INVALID_OPTION', /trap/);
    await expectCode(() => Network.create({ layers: [2, 1], activation: trap } as never), 'INVALID_OPTION', /trap/);
    await expectCode(() => net.train(xorInputs, xorTargets, { dropout: trap } as never), 'INVALID_OPTION', /trap/);
    await expectCode(
      () =>
        net.train(xorInputs, xorTargets, {
          optimizer: new Proxy(
            {},
            {
              ownKeys: () => {
                throw new Error('trap');
              },
            },
          ),
        } as never),
      'INVALID_OPTION',
      /trap/,
    );
  });
});

describe('sizes are checked before anything is allocated', () => {
  it.each(['wasm', 'reference'] as const)('a network too large for memory is OUT_OF_MEMORY with its sizes (%s)', async (backend) => {
    const e = await expectCode(() => Network.create({ layers: [2 ** 20, 2 ** 20], backend }), 'OUT_OF_MEMORY', /1,?099,?511,?627,?776 weights|parameters/);
    expect(e.details.parameters).toBe(2 ** 40 + 2 ** 20);
    await expectCode(() => Network.create({ layers: [2 ** 20, 2 ** 12, 2 ** 10], backend }), 'OUT_OF_MEMORY');
  });

  it('a file whose layers are too large for memory is refused before its weights are read', async () => {
    const huge = { format: 'deltaprop', version: 1, layers: [2 ** 20, 2 ** 20], activation: ['sigmoid'], loss: 'mse', weights: [[]], biases: [[]] };
    await expectCode(() => Network.fromJSON(huge as never), 'CORRUPT_MODEL');
  });
});

describe.each(['wasm', 'reference'] as const)('gradients() that overflow are DIVERGED, as in training (%s)', (backend) => {
  it('refuses non-finite loss or gradients and changes nothing', async () => {
    const net = await Network.create({ layers: [2, 3, 1], activation: 'linear', seed: 1, backend });
    const before = net.getParameters();
    const x = [
      [1e30, -1e30],
      [3e30, 1e30],
    ];
    const y = [[0], [1]];
    const e = await expectCode(() => net.gradients(x, y), 'DIVERGED', /not finite/);
    expect(e.details).toHaveProperty('loss');
    expect(net.getParameters()).toEqual(before);
    const train = await caught(() => net.train(x, y, { epochs: 1, batchSize: 2 }));
    expect((train as DeltapropError).code).toBe('DIVERGED');
    // and ordinary rows still give finite gradients
    expect(Number.isFinite(net.gradients(xorInputs, [[0], [1], [1], [0]]).loss)).toBe(true);
  });
});
