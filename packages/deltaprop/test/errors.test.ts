/**
 * Bad input is answered with a DeltapropError whose code and message say what was
 * wrong, and the network is exactly as it was: same parameters, same predictions,
 * and it still trains.
 */
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network } from '../src/index.js';
import type { ErrorCode, NetworkOptions } from '../src/index.js';
import { expectError, expectRejection } from './expectations.js';
import { xorInputs, xorTargets } from './fixtures.js';

describe('Network.create refuses bad options', () => {
  const cases: [string, unknown, ErrorCode, RegExp][] = [
    ['no layers', {}, 'INVALID_LAYERS', /layers must be an array/],
    ['one layer', { layers: [3] }, 'INVALID_LAYERS', /at least two/],
    ['a zero-size layer', { layers: [2, 0, 1] }, 'INVALID_LAYERS', /layers\[1\] must be an integer ≥ 1, got 0/],
    ['a fractional layer', { layers: [2, 2.5, 1] }, 'INVALID_LAYERS', /layers\[1\].*2\.5/],
    ['a negative layer', { layers: [-2, 1] }, 'INVALID_LAYERS', /layers\[0\]/],
    ['unknown activation', { layers: [2, 1], activation: 'swish' }, 'UNKNOWN_ACTIVATION', /'swish'.*layer 1/],
    ['activation list of the wrong length', { layers: [2, 3, 1], activation: ['relu'] }, 'INVALID_OPTION', /1 entries.*2 weight layers/],
    ['softmax on a hidden layer', { layers: [2, 3, 1], activation: ['softmax', 'sigmoid'] }, 'INVALID_OPTION', /softmax.*hidden layer 1/],
    ['unknown loss', { layers: [2, 1], loss: 'hinge' }, 'UNKNOWN_LOSS', /'hinge'/],
    ['cross-entropy on a tanh output', { layers: [2, 1], activation: 'tanh', loss: 'cross-entropy' }, 'INVALID_OPTION', /softmax or sigmoid output/],
    ['a bad seed', { layers: [2, 1], seed: -1 }, 'INVALID_OPTION', /seed/],
    ['an unknown backend', { layers: [2, 1], backend: 'gpu' }, 'UNKNOWN_BACKEND', /'gpu'/],
    ['an unknown initialiser', { layers: [2, 1], init: 'zeros' }, 'INVALID_OPTION', /init 'zeros'/],
  ];
  it.each(cases)('%s', async (_, options, code, message) => {
    await expectRejection(Network.create(options as NetworkOptions), code, message);
  });
});

describe.each(['wasm', 'reference'] as const)('a failed call leaves the network as it was (%s)', (backend) => {
  const setup = async () => {
    const net = await Network.create({ layers: [2, 4, 1], seed: 3, backend });
    await net.train(xorInputs, xorTargets, { epochs: 50, batchSize: 4, learningRate: 0.5, optimizer: 'momentum' });
    const parameters = net.getParameters();
    const predictions = net.predict(xorInputs);
    const unchanged = async () => {
      expect(net.getParameters()).toEqual(parameters);
      expect(net.predict(xorInputs)).toEqual(predictions);
      // and training goes on exactly as it would have: compare with a twin that never saw the bad call
      const twin = await Network.create({ layers: [2, 4, 1], seed: 3, backend });
      await twin.train(xorInputs, xorTargets, { epochs: 50, batchSize: 4, learningRate: 0.5, optimizer: 'momentum' });
      const h1 = await net.train(xorInputs, xorTargets, { epochs: 5, batchSize: 4, learningRate: 0.5, optimizer: 'momentum' });
      const h2 = await twin.train(xorInputs, xorTargets, { epochs: 5, batchSize: 4, learningRate: 0.5, optimizer: 'momentum' });
      expect(h1.loss).toEqual(h2.loss);
    };
    return { net, unchanged };
  };

  const trainCases: [string, unknown, unknown, object, ErrorCode, RegExp][] = [
    ['a short input row', [[0, 0], [0], [1, 0], [1, 1]], xorTargets, {}, 'SHAPE_MISMATCH', /inputs\[1\] has 1 values, the network expects 2/],
    ['a wide target row', xorInputs, [[0], [1, 1], [1], [0]], {}, 'SHAPE_MISMATCH', /targets\[1\] has 2 values/],
    ['more inputs than targets', xorInputs, xorTargets.slice(0, 3), {}, 'SHAPE_MISMATCH', /inputs have 4 rows but targets have 3/],
    [
      'NaN in the inputs',
      [
        [0, 0],
        [0, NaN],
        [1, 0],
        [1, 1],
      ],
      xorTargets,
      {},
      'NON_FINITE',
      /inputs\[1\]\[1\] is NaN/,
    ],
    ['Infinity in the targets', xorInputs, [[0], [1], [Infinity], [0]], {}, 'NON_FINITE', /targets\[2\]\[0\] is Infinity/],
    ['a value beyond float32', xorInputs, [[0], [1], [1e39], [0]], {}, 'NON_FINITE', /targets\[2\]\[0\]/],
    [
      'a string in the inputs',
      [
        [0, 0],
        [0, '1'],
        [1, 0],
        [1, 1],
      ],
      xorTargets,
      {},
      'NON_FINITE',
      /inputs\[1\]\[1\] is string/,
    ],
    ['a flat array of the wrong length', { data: new Float32Array(7), rows: 4 }, xorTargets, {}, 'SHAPE_MISMATCH', /need 8 numbers, data has 7/],
    ['NaN in flat inputs', { data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, NaN), rows: 4 }, xorTargets, {}, 'NON_FINITE', /inputs\[3\]\[1\] is NaN/],
    ['−Infinity in flat targets', xorInputs, { data: Float32Array.of(0, -Infinity, 1, 0), rows: 4 }, {}, 'NON_FINITE', /targets\[1\]\[0\] is -Infinity/],
    ['no rows', [], [], {}, 'SHAPE_MISMATCH', /no rows/],
    ['a learning rate of 0', xorInputs, xorTargets, { learningRate: 0 }, 'INVALID_OPTION', /learningRate must be a positive finite number, got 0/],
    ['a negative learning rate', xorInputs, xorTargets, { learningRate: -0.1 }, 'INVALID_OPTION', /learningRate.*-0\.1/],
    ['a NaN learning rate', xorInputs, xorTargets, { learningRate: NaN }, 'INVALID_OPTION', /learningRate.*NaN/],
    ['an infinite learning rate', xorInputs, xorTargets, { learningRate: Infinity }, 'INVALID_OPTION', /learningRate.*Infinity/],
    ['a learning rate given as text', xorInputs, xorTargets, { learningRate: '0.1' }, 'INVALID_OPTION', /learningRate.*'0\.1'/],
    ['zero epochs', xorInputs, xorTargets, { epochs: 0 }, 'INVALID_OPTION', /epochs must be an integer ≥ 1/],
    ['a fractional batch size', xorInputs, xorTargets, { batchSize: 1.5 }, 'INVALID_OPTION', /batchSize/],
    ['an unknown optimizer', xorInputs, xorTargets, { optimizer: 'adagrad' }, 'UNKNOWN_OPTIMIZER', /'adagrad'/],
    ['adam with β1 = 1', xorInputs, xorTargets, { optimizer: { type: 'adam', beta1: 1 } }, 'INVALID_OPTION', /adam beta1/],
    ['negative weight decay', xorInputs, xorTargets, { weightDecay: -1 }, 'INVALID_OPTION', /weightDecay/],
  ];
  it.each(trainCases)('train with %s', async (_, x, y, options, code, message) => {
    const { net, unchanged } = await setup();
    await expectRejection(net.train(x as never, y as never, options), code, message);
    await unchanged();
  });

  it('predict and gradients with bad rows', async () => {
    const { net, unchanged } = await setup();
    expectError(() => net.predict([1, 2, 3]), 'SHAPE_MISMATCH', /the row has 3 values, the network expects 2/);
    expectError(() => net.predict([[1, NaN]]), 'NON_FINITE', /inputs\[0\]\[1\] is NaN/);
    // flat rows are checked where the engine copies them (the kernels' memory for wasm)
    expectError(() => net.predict({ data: Float32Array.of(0, 1, 2, 3, Infinity, 5), rows: 3 }), 'NON_FINITE', /inputs\[2\]\[0\] is Infinity/);
    const flatX = { data: Float32Array.from(xorInputs.flat()), rows: 4 };
    expectError(() => net.gradients(flatX, { data: Float32Array.of(0, 1, NaN, 0), rows: 4 }), 'NON_FINITE', /targets\[2\]\[0\] is NaN/);
    expectError(
      () => net.gradients({ data: Float32Array.of(0, 0, 0, 1, 1, -Infinity, 1, 1), rows: 4 }, { data: Float32Array.of(0, 1, 1, 0), rows: 4 }),
      'NON_FINITE',
      /inputs\[2\]\[1\] is -Infinity/,
    );
    expectError(() => net.gradients(xorInputs, [[1], [1]]), 'SHAPE_MISMATCH', /4 rows but targets have 2/);
    expectError(() => net.setParameters({ weights: [new Float32Array(8)], biases: [] } as never), 'CORRUPT_MODEL', /weights must be an array of 2 arrays/);
    await unchanged();
  });

  it('divergence stops training with DIVERGED, names where, and restores the network', async () => {
    const lin = await Network.create({ layers: [2, 3, 1], activation: 'linear', seed: 1, backend });
    const big = [
      [1e18, -1e18],
      [3e18, 1e18],
    ];
    await lin.train(
      big.map((r) => r.map((v) => v / 1e18)),
      [[0], [1]],
      { epochs: 3, batchSize: 1, learningRate: 0.01, optimizer: 'adam' },
    );
    const before = lin.getParameters();
    const e = await lin.train(big, [[0], [1]], { epochs: 100, batchSize: 1, learningRate: 1e10, optimizer: 'sgd' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DeltapropError);
    const error = e as DeltapropError;
    expect(error.code).toBe('DIVERGED');
    expect(error.message).toMatch(/diverged in epoch \d+, batch \d+, first in layer \d.*restored.*learning rate \(it was 10000000000\)/);
    expect(error.details).toMatchObject({ epoch: expect.any(Number), batch: expect.any(Number), layer: expect.any(Number) });
    expect(lin.getParameters()).toEqual(before);
    // the optimizer state and the shuffle were restored too: training continues as if the call never happened
    const twin = await Network.create({ layers: [2, 3, 1], activation: 'linear', seed: 1, backend });
    await twin.train(
      big.map((r) => r.map((v) => v / 1e18)),
      [[0], [1]],
      { epochs: 3, batchSize: 1, learningRate: 0.01, optimizer: 'adam' },
    );
    const small = { epochs: 2, batchSize: 1, learningRate: 0.01, optimizer: 'adam' as const };
    expect(
      (
        await lin.train(
          [
            [1, 2],
            [3, 4],
          ],
          [[0], [1]],
          small,
        )
      ).loss,
    ).toEqual(
      (
        await twin.train(
          [
            [1, 2],
            [3, 4],
          ],
          [[0], [1]],
          small,
        )
      ).loss,
    );
  });

  it('every call on a disposed network throws DISPOSED', async () => {
    const { net } = await setup();
    net.dispose();
    expect(net.disposed).toBe(true);
    expectError(() => net.predict([0, 1]), 'DISPOSED', /disposed/);
    expectError(() => net.gradients(xorInputs, xorTargets), 'DISPOSED', /disposed/);
    expectError(() => net.toJSON(), 'DISPOSED', /disposed/);
    expectError(() => net.getParameters(), 'DISPOSED', /disposed/);
    expectError(() => net.engine, 'DISPOSED', /disposed/);
    await expectRejection(net.train(xorInputs, xorTargets), 'DISPOSED', /disposed/);
    net.dispose(); // a second dispose is harmless
  });
});

describe('Network.fromJSON refuses corrupt model files', () => {
  const good = async () => (await Network.create({ layers: [2, 3, 1], activation: ['relu', 'sigmoid'], seed: 1 })).toJSON();
  const edits: [string, (m: any) => unknown, RegExp][] = [
    ['wrong format', (m) => ({ ...m, format: 'keras' }), /format must be 'deltaprop'/],
    ['a future version', (m) => ({ ...m, version: 2 }), /version 2 is not supported/],
    ['missing weights', (m) => ({ ...m, weights: undefined }), /weights must be an array of 2 arrays/],
    [
      'a weight matrix of the wrong size',
      (m) => ({ ...m, weights: [m.weights[0].slice(1), m.weights[1]] }),
      /weights\[0\] has 5 values; layers \[2,3,1\] need 6/,
    ],
    ['a layer size edited by hand', (m) => ({ ...m, layers: [2, 4, 1] }), /weights\[0\] has 6 values.*need 8/],
    ['a NaN weight (null in JSON)', (m) => JSON.parse(JSON.stringify({ ...m, biases: [[NaN, 0, 0], m.biases[1]] })), /biases\[0\]\[0\] is null/],
    [
      'a weight as text',
      (m) => ({ ...m, weights: [m.weights[0].map((v: number, i: number) => (i === 2 ? String(v) : v)), m.weights[1]] }),
      /weights\[0\]\[2\] is "/,
    ],
    ['an unknown activation', (m) => ({ ...m, activation: ['relu', 'swish'] }), /unknown activation 'swish'/],
    ['not an object', () => 42, /must be an object/],
    ['truncated JSON text', (m) => JSON.stringify(m).slice(0, 40), /not valid JSON/],
  ];
  it.each(edits)('%s', async (_, edit, message) => {
    await expectRejection(Network.fromJSON(edit(await good()) as never), 'CORRUPT_MODEL', message);
  });
});
