/**
 * ONNX, judged by the other side: onnxruntime-web (wasm, one thread) runs what
 * toONNX writes and must predict what the network predicts; files that PyTorch
 * wrote (fixtures/, made by fixtures/make.py) load into networks that predict what
 * onnxruntime predicts from the same file; everything else is refused by name.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeltapropError, Network } from '../../src/index.js';
import { fromONNX, load, onnxModel, save, tfjsModel, toONNX, toTFJS } from '../../src/interop/node.js';
import { activationCodes, lossCodes } from '../../src/spec.js';
import type { ActivationName, LossName, ModelJSON } from '../../src/types.js';
import { dataset } from '../fixtures.js';
import { Random } from '../../src/random.js';
import { expectClose } from '../expectations.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(here, 'fixtures', `${name}.onnx`)));
const expected = JSON.parse(readFileSync(path.join(here, 'fixtures', 'expected.json'), 'utf8')) as Record<
  string,
  { opset: number; inputs: number[][]; outputs: number[][] }
>;
const proto = protobuf.loadSync(path.join(here, 'fixtures', 'onnx-subset.proto'));
const ModelProto = proto.lookupType('onnx.ModelProto');

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

/** onnxruntime's outputs for `rows` (one float32 tensor in, one out). */
async function runORT(bytes: Uint8Array, rows: number[][]): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const width = rows[0]!.length;
  const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]) };
  const result = await session.run(feeds);
  const out = result[session.outputNames[0]!]!;
  const cols = out.dims[1]!;
  const data = out.data as Float32Array;
  await session.release();
  return rows.map((_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
}

async function refusal(bytes: Uint8Array): Promise<DeltapropError> {
  const e = await fromONNX(bytes, { backend: 'reference' }).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(DeltapropError);
  return e as DeltapropError;
}

/** A fixture decoded by protobufjs, changed by `edit`, and encoded again: models no exporter here writes. */
function edited(bytes: Uint8Array, edit: (m: any) => void): Uint8Array {
  const m = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number });
  edit(m);
  return ModelProto.encode(ModelProto.fromObject(m)).finish();
}

const activations = Object.keys(activationCodes) as ActivationName[];
const losses = Object.keys(lossCodes) as LossName[];
/** The activations toONNX writes (an activation the core gains later may be refused until it has a line in the table). */
const withONNXForms: string[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax', 'elu', 'softplus', 'gelu'];

describe('toONNX runs in onnxruntime-web', () => {
  it('for every activation and loss, and awkward shapes, within 1e-5 of predict', async () => {
    const random = new Random(5);
    const size = () => [1, 3, 17, 100][Math.floor(random.uniform() * 4)]!;
    let checked = 0;
    for (const loss of losses) {
      for (const out of activations) {
        if (loss === 'cross-entropy' && out !== 'softmax' && out !== 'sigmoid') continue;
        const hidden = activations.filter((a) => a !== 'softmax');
        const h = hidden[checked % hidden.length]!;
        const layers = [size(), size(), out === 'softmax' ? Math.max(2, size()) : size()];
        const net = await Network.create({ layers, activation: [h, out], loss, seed: 11 + checked });
        const rows = [1, 3, 17][checked % 3]!;
        const { x } = dataset(rows, layers[0]!, 1, 'linear', checked);
        const bytes = (() => {
          try {
            return toONNX(net);
          } catch (e) {
            // An activation without an ONNX form is refused with a typed error, never written wrong.
            expect((e as DeltapropError).code).toBe('UNSUPPORTED_MODEL');
            // …only for an activation without an ONNX form.
            expect([h, out].some((a) => !withONNXForms.includes(a))).toBe(true);
            return null;
          }
        })();
        if (bytes) {
          expectClose(await runORT(bytes, x), net.predict(x) as number[][], 1e-5);
          checked++;
        }
        net.dispose();
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('every hidden activation, in deep networks with shapes 1, 3, 17 and 100', async () => {
    for (const [i, h] of activations.filter((a) => a !== 'softmax').entries()) {
      const layers = [17, 100, 3, 1, 17];
      const net = await Network.create({ layers, activation: [h, h, h, 'linear'], seed: 40 + i, backend: 'reference' });
      let bytes: Uint8Array;
      try {
        bytes = toONNX(net);
      } catch (e) {
        expect((e as DeltapropError).code).toBe('UNSUPPORTED_MODEL');
        expect(withONNXForms).not.toContain(h);
        continue;
      }
      const { x } = dataset(100, 17, 1, 'linear', i);
      expectClose(await runORT(bytes, x), net.predict(x) as number[][], 1e-5);
    }
  });

  it('writes opset 13, IR 7, a dynamic batch, named float32 input and output, producer and metadata', async () => {
    const net = await Network.create({ layers: [4, 6, 3], activation: ['leaky-relu', 'softmax'], loss: 'cross-entropy', seed: 2 });
    const m = ModelProto.toObject(ModelProto.decode(toONNX(net)), { longs: Number }) as any;
    expect(m.irVersion).toBe(7);
    expect(m.opsetImport).toEqual([{ domain: '', version: 13 }]);
    expect(m.producerName).toBe('deltaprop');
    const pkg = JSON.parse(readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8'));
    expect(m.producerVersion, 'src/interop/version.ts (scripts/version.mjs writes it at build) follows package.json').toBe(pkg.version);
    expect(m.metadataProps).toEqual([{ key: 'deltaprop.loss', value: 'cross-entropy' }]);
    const io = (v: any) => ({ name: v.name, elem: v.type.tensorType.elemType, dims: v.type.tensorType.shape.dim });
    expect(m.graph.input.map(io)).toEqual([{ name: 'input', elem: 1, dims: [{ dimParam: 'batch' }, { dimValue: 4 }] }]);
    expect(m.graph.output.map(io)).toEqual([{ name: 'output', elem: 1, dims: [{ dimParam: 'batch' }, { dimValue: 3 }] }]);
    expect(m.graph.node.map((n: any) => n.opType)).toEqual(['Gemm', 'LeakyRelu', 'Gemm', 'Softmax']);
    const leaky = m.graph.node[1].attribute[0];
    expect([leaky.name, leaky.f]).toEqual(['alpha', Math.fround(0.01)]);
    expect(m.graph.node[3].attribute[0]).toMatchObject({ name: 'axis', i: -1 });
    // gelu's op came in opset 20 (IR 9): only a network that has one declares it.
    if (activations.includes('gelu' as ActivationName)) {
      const gelu = await Network.create({ layers: [4, 6, 3], activation: ['gelu' as ActivationName, 'linear'], seed: 2 });
      const g = ModelProto.toObject(ModelProto.decode(toONNX(gelu)), { longs: Number }) as any;
      expect([g.irVersion, g.opsetImport]).toEqual([9, [{ domain: '', version: 20 }]]);
      expect(g.graph.node[1]).toMatchObject({ opType: 'Gelu', attribute: [{ name: 'approximate', s: new TextEncoder().encode('tanh') }] });
    }
  });

  it('carries the preprocessing in metadata, and every format brings it back', async () => {
    const { model, networksCarryIt } = await withPreprocessing();
    const bytes = toONNX(model);
    const m = ModelProto.toObject(ModelProto.decode(bytes)) as any;
    expect(m.metadataProps).toContainEqual({ key: 'deltaprop.preprocessing', value: JSON.stringify(model.preprocessing) });
    expect((onnxModel(bytes) as typeof model).preprocessing).toEqual(model.preprocessing);
    const t = toTFJS(model);
    expect(t.userDefinedMetadata).toEqual({ deltaprop: { loss: model.loss, preprocessing: model.preprocessing } });
    expect(
      (tfjsModel({ modelTopology: t.modelTopology, weightSpecs: t.weightSpecs, userDefinedMetadata: t.userDefinedMetadata }, t.weightData) as typeof model)
        .preprocessing,
    ).toEqual(model.preprocessing);
    // Networks hold it where the core has the data helpers: then it survives a save and a load in every format.
    if (!networksCarryIt) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'deltaprop-preprocessing-'));
    for (const [file, format] of [
      ['m.onnx', 'onnx'],
      ['m.json', 'tfjs'],
      ['m.bin', 'binary'],
      ['d.json', 'json'],
    ] as const) {
      await save(model, path.join(dir, file), { format });
      expect((await load(path.join(dir, file), { backend: 'reference' })).toJSON(), format).toEqual(model);
    }
  });
});

/**
 * A model file with preprocessing: a fitted Encoder's, where the core has the data
 * helpers (`deltaprop/data`), which check what a model file carries; else a stand-in
 * object, which a core without them carries unchecked.
 */
async function withPreprocessing(): Promise<{ model: ModelJSON & { preprocessing: unknown }; networksCarryIt: boolean }> {
  const core = (await import('../../src/index.js')) as Record<string, any>;
  if (typeof core.Encoder !== 'function') {
    const net = await Network.create({ layers: [2, 3, 2], activation: ['tanh', 'softmax'], loss: 'cross-entropy', seed: 1, backend: 'reference' });
    return { model: { ...net.toJSON(), preprocessing: { inputs: { kind: 'standardize', mean: [1, 2], std: [3, 4] } } }, networksCarryIt: false };
  }
  const entry = 'deltaprop/data';
  const { fromRows } = await import(/* @vite-ignore */ entry);
  const encoder = core.Encoder.fit(
    fromRows(
      [
        [1, 'red', 'a'],
        [3, 'blue', 'b'],
        [5, 'red', 'a'],
        [7, 'green', 'b'],
      ],
      { columns: ['x', 'c', 'y'], target: 'y' },
    ),
  );
  const net = await Network.create({
    layers: [encoder.inputs, 3, encoder.outputs],
    activation: ['tanh', 'softmax'],
    loss: 'cross-entropy',
    seed: 1,
    backend: 'reference',
    preprocessing: encoder,
  } as never);
  const model = net.toJSON() as ModelJSON & { preprocessing: unknown };
  expect(model.preprocessing).toBeDefined();
  return { model, networksCarryIt: true };
}

describe('fromONNX', () => {
  for (const name of ['sequential_relu_softmax_op13', 'sequential_tanh_sigmoid_op17', 'matmul_add_tanh_op13']) {
    it(`loads ${name} and predicts what onnxruntime predicts (≤ 1e-5)`, async () => {
      const bytes = fixture(name);
      const { inputs, outputs } = expected[name]!;
      const net = await fromONNX(bytes);
      const predicted = net.predict(inputs) as number[][];
      expectClose(predicted, outputs, 1e-5);
      expectClose(predicted, await runORT(bytes, inputs), 1e-5);
      const ref = await fromONNX(bytes, { backend: 'reference' });
      expectClose(ref.predict(inputs) as number[][], outputs, 1e-5);
    });
  }

  it('reads PyTorch [out, in] weights as deltaprop [in, out] and keeps the activations', async () => {
    const net = await fromONNX(fixture('sequential_tanh_sigmoid_op17'));
    expect(net.layers).toEqual([2, 5, 5, 1]);
    expect(net.activation).toEqual(['tanh', 'sigmoid', 'sigmoid']);
    expect(net.loss).toBe('mse');
    const softmax = await fromONNX(fixture('sequential_relu_softmax_op13'), { loss: 'cross-entropy' });
    expect([softmax.layers, softmax.activation, softmax.loss]).toEqual([[8, 16, 3], ['relu', 'softmax'], 'cross-entropy']);
  });

  it('trains a loaded network further', async () => {
    const net = await fromONNX(fixture('sequential_relu_softmax_op13'), { loss: 'cross-entropy' });
    const { x, y } = dataset(64, 8, 3, 'softmax', 3);
    const before = net.predict(x);
    const history = await net.train(x, y, { epochs: 30, batchSize: 16, optimizer: 'adam', learningRate: 0.01 });
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]! * 0.9);
    expect(net.predict(x)).not.toEqual(before);
  });

  it('takes the same PyTorch files at every opset from 9 to 21', async () => {
    const { inputs, outputs } = expected.sequential_tanh_sigmoid_op17!;
    for (const opset of [9, 11, 12, 13, 15, 18, 21]) {
      const bytes = edited(fixture('sequential_tanh_sigmoid_op17'), (m) => (m.opsetImport = [{ domain: '', version: opset }]));
      const net = await fromONNX(bytes, { backend: 'reference' });
      expectClose(net.predict(inputs) as number[][], outputs, 1e-5);
      expectClose(await runORT(bytes, inputs), outputs, 1e-5);
    }
    // Softmax before opset 13 defaults to axis 1 (the same axis on rows).
    const { inputs: xs, outputs: ys } = expected.sequential_relu_softmax_op13!;
    const old = edited(fixture('sequential_relu_softmax_op13'), (m) => {
      m.opsetImport = [{ domain: '', version: 11 }];
      m.graph.node[3].attribute = [];
    });
    expectClose((await fromONNX(old, { backend: 'reference' })).predict(xs) as number[][], ys, 1e-5);
    expectClose(await runORT(old, xs), ys, 1e-5);
  });

  it('passes a leading Flatten and eval-mode Dropout (Identity) through, as PyTorch writes them', async () => {
    const { inputs, outputs } = expected.sequential_relu_softmax_op13!;
    const bytes = edited(fixture('sequential_relu_softmax_op13'), (m) => {
      const g = m.graph;
      g.node[0].input[0] = 'flat';
      g.node[1].output[0] = 'relu_out';
      g.node[2].input[0] = 'dropped';
      g.node.unshift({ opType: 'Flatten', name: '/flatten/Flatten', input: ['input'], output: ['flat'], attribute: [{ name: 'axis', type: 2, i: 1 }] });
      g.node.splice(3, 0, { opType: 'Identity', name: '/drop/Identity', input: ['relu_out'], output: ['dropped'] });
      g.input[0].type.tensorType.shape.dim = [{ dimParam: 'batch' }, { dimValue: 2 }, { dimValue: 4 }];
    });
    const net = await fromONNX(bytes, { backend: 'reference' });
    expect(net.layers).toEqual([8, 16, 3]);
    expectClose(net.predict(inputs) as number[][], outputs, 1e-5);
  });

  it('takes Gemm with alpha, beta, transB = 0 and a [1, out] bias, and MatMul without a bias', async () => {
    const net = await Network.create({ layers: [3, 4, 2], activation: ['tanh', 'linear'], seed: 9 });
    const { x } = dataset(5, 3, 1, 'linear', 9);
    const bytes = edited(toONNX(net), (m) => {
      const gemm = m.graph.node[0];
      gemm.attribute = [
        { name: 'alpha', type: 1, f: 0.5 },
        { name: 'beta', type: 1, f: 2 },
      ];
      const W = m.graph.initializer[0];
      const b = m.graph.initializer[1];
      const scale = (t: any, k: number) => {
        const v = new Float32Array(new Uint8Array(t.rawData).slice().buffer).map((e) => e * k);
        t.rawData = new Uint8Array(v.buffer);
      };
      scale(W, 2);
      scale(b, 0.5);
      b.dims = [1, 4];
    });
    const loaded = await fromONNX(bytes, { backend: 'reference' });
    const ort1 = await runORT(bytes, x);
    expectClose(loaded.predict(x) as number[][], ort1, 1e-5);
    expectClose(ort1, net.predict(x) as number[][], 1e-5);

    const noBias = edited(fixture('matmul_add_tanh_op13'), (m) => {
      m.graph.node.splice(4, 1);
      m.graph.node[3].output = ['y'];
    });
    const a = await fromONNX(noBias, { backend: 'reference' });
    expectClose(a.predict(expected.matmul_add_tanh_op13!.inputs) as number[][], await runORT(noBias, expected.matmul_add_tanh_op13!.inputs), 1e-5);
    expect(Array.from(a.getParameters().biases[1]!)).toEqual([0, 0]);
  });

  it('takes weights from Constant nodes, transposed in the graph', async () => {
    const { inputs, outputs } = expected.matmul_add_tanh_op13!;
    const bytes = edited(fixture('matmul_add_tanh_op13'), (m) => {
      const W1 = m.graph.initializer.shift();
      // W1 [3, 4] as a Constant holding its transpose [4, 3], transposed back by a node.
      const v = new Float32Array(new Uint8Array(W1.rawData).slice().buffer);
      const vt = new Float32Array(12);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) vt[j * 3 + i] = v[i * 4 + j]!;
      m.graph.node.unshift(
        {
          opType: 'Constant',
          name: 'c',
          output: ['W1t'],
          attribute: [{ name: 'value', type: 4, t: { dims: [4, 3], dataType: 1, rawData: new Uint8Array(vt.buffer) } }],
        },
        { opType: 'Transpose', name: 't', input: ['W1t'], output: ['W1'], attribute: [{ name: 'perm', type: 7, ints: [1, 0] }] },
      );
    });
    const net = await fromONNX(bytes, { backend: 'reference' });
    expectClose(net.predict(inputs) as number[][], outputs, 1e-5);
    expectClose(await runORT(bytes, inputs), outputs, 1e-5);
  });

  it('round-trips what toONNX writes: same parameters, activations and loss', async () => {
    const pairs: [ActivationName[], LossName][] = [
      [['relu', 'softmax'], 'cross-entropy'],
      [['leaky-relu', 'sigmoid'], 'cross-entropy'],
      [['sigmoid', 'linear'], 'mse'],
    ];
    // …and every hidden activation the core has, with whichever ops it is written.
    for (const h of activations) if (h !== 'softmax') pairs.push([[h, h], 'mse']);
    for (const [activation, loss] of pairs) {
      const net = await Network.create({ layers: [5, 7, 3], activation: [...activation], loss, seed: 4 });
      const back = await fromONNX(toONNX(net));
      expect(back.toJSON()).toEqual(net.toJSON());
    }
  });

  it('refuses BatchNormalization, naming the node', async () => {
    const e = await refusal(fixture('unsupported_dropout_batchnorm_op13'));
    expect(e.code).toBe('UNSUPPORTED_MODEL');
    expect(e.message).toContain("BatchNormalization '/1/BatchNormalization'");
    expect(e.details).toMatchObject({ op: 'BatchNormalization', node: '/1/BatchNormalization' });
  });

  it("refuses a LeakyRelu whose alpha is not deltaprop's 0.01, and other ops and shapes it cannot take", async () => {
    const net = await Network.create({ layers: [3, 4, 2], activation: ['leaky-relu', 'linear'], seed: 9 });
    const cases: [string, (m: any) => void, RegExp][] = [
      ['alpha 0.2', (m) => (m.graph.node[1].attribute[0].f = 0.2), /LeakyRelu 'layer1\/LeakyRelu'.*alpha 0\.2/],
      ['an unknown op', (m) => (m.graph.node[1].opType = 'Selu'), /Selu 'layer1\/LeakyRelu'/],
      ['an Elu of another alpha', (m) => (m.graph.node[1].opType = 'Elu'), /Elu 'layer1\/LeakyRelu'.*alpha 0\.0099.*deltaprop's elu has 1/],
      ['the exact (erf) Gelu', (m) => ((m.graph.node[1].opType = 'Gelu'), (m.graph.node[1].attribute = [])), /Gelu 'layer1\/LeakyRelu'.*approximate 'none'/],
      ['a custom domain', (m) => (m.graph.node[0].domain = 'com.example'), /Gemm 'layer1\/Gemm'.*domain/],
      ['transA', (m) => (m.graph.node[0].attribute = [{ name: 'transA', type: 2, i: 1 }]), /Gemm 'layer1\/Gemm'.*transA/],
      [
        'two activations in a row',
        (m) =>
          m.graph.node.splice(2, 0, { opType: 'Relu', name: 'extra', input: ['layer1/t'], output: ['layer1/t2'] }) && (m.graph.node[3].input[0] = 'layer1/t2'),
        /Relu 'extra'/,
      ],
      [
        'a weight that is not a constant',
        (m) => m.graph.input.push({ name: 'layer2.weight', type: m.graph.input[0].type }) && m.graph.initializer.splice(2, 1),
        /graph has 2 inputs/,
      ],
      ['a softmax on a hidden layer', (m) => ((m.graph.node[1].opType = 'Softmax'), (m.graph.node[1].attribute = [])), /Softmax on hidden layer 1/],
      ['float64 weights', (m) => (m.graph.initializer[0].dataType = 11), /data type 11/],
    ];
    for (const [what, edit, message] of cases) {
      const e = await refusal(edited(toONNX(net), edit));
      expect(e.code, what).toBe('UNSUPPORTED_MODEL');
      expect(e.message, what).toMatch(message);
    }
  });

  it('refuses damaged files with CORRUPT_MODEL and unknown options with INVALID_OPTION', async () => {
    const bytes = fixture('sequential_relu_softmax_op13');
    const cut = await refusal(bytes.subarray(0, bytes.length - 100));
    expect(cut.code).toBe('CORRUPT_MODEL');
    const wrongSize = await refusal(edited(bytes, (m) => (m.graph.initializer[0].dims = [16, 7])));
    expect([wrongSize.code, wrongSize.message]).toEqual(['CORRUPT_MODEL', expect.stringMatching(/needs 448 bytes, raw_data has 512/)]);
    const nan = await refusal(edited(bytes, (m) => (m.graph.initializer[1].rawData = new Uint8Array(new Float32Array(16).fill(NaN).buffer))));
    expect(nan.code).toBe('CORRUPT_MODEL');
    const opt = await fromONNX(bytes, { lossFunction: 'mse' } as never).catch((e: unknown) => e as DeltapropError);
    expect([opt.code, opt.message]).toEqual([
      'INVALID_OPTION',
      "fromONNX options: unknown option 'lossFunction'; the options are 'backend', 'seed', 'kernels', 'threads', 'loss'",
    ]);
    const nullLoss = await fromONNX(bytes, { loss: null } as never).catch((e: unknown) => e as DeltapropError);
    expect([nullLoss.code, nullLoss.message]).toEqual(['INVALID_OPTION', expect.stringMatching(/loss is null/)]);
  });
});
