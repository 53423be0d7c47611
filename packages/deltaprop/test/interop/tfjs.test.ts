/**
 * TF.js layers models, judged by TF.js: `tf.loadLayersModel(tf.io.fromMemory(…))`
 * loads what toTFJS writes and predicts what the network predicts; models built and
 * saved by TF.js itself load into networks that predict what TF.js predicts.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DeltapropError, Network } from '../../src/index.js';
import { fromTFJS, tfjsModel, toTFJS } from '../../src/interop/node.js';
import { activationCodes, lossCodes } from '../../src/spec.js';
import type { ActivationName, LossName } from '../../src/types.js';
import { dataset } from '../fixtures.js';
import { expectClose } from '../expectations.js';

await tf.setBackend('cpu');

function tfPredict(model: tf.LayersModel, rows: number[][]): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][]);
}

/** What `model.save` hands to a save handler. */
async function saved(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}

const weightsOf = (a: tf.io.ModelArtifacts) => (Array.isArray(a.weightData) ? a.weightData : [a.weightData!]) as ArrayBuffer[];

const activations = Object.keys(activationCodes) as ActivationName[];
const losses = Object.keys(lossCodes) as LossName[];
/** What toTFJS writes; gelu is refused (see tfjs.ts), and so may be activations the core gains later. */
const withTFJSForms: string[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax', 'elu', 'softplus'];

describe('toTFJS loads in TF.js', () => {
  it('for every activation and loss, predictions within 1e-5', async () => {
    let checked = 0;
    let tried = 0;
    for (const loss of losses) {
      for (const out of activations) {
        if (loss === 'cross-entropy' && out !== 'softmax' && out !== 'sigmoid') continue;
        const hidden = activations.filter((a) => a !== 'softmax');
        const h = hidden[tried++ % hidden.length]!;
        const layers = [
          ...[
            [1, 3, 2],
            [17, 3, 4],
            [3, 17, 1],
            [100, 3, 3],
          ][checked % 4]!,
        ];
        if (out === 'softmax') layers[2] = Math.max(2, layers[2]!); // softmax of one output is refused
        const net = await Network.create({ layers, activation: [h, h, out].slice(-2) as ActivationName[], loss, seed: 3 + checked });
        let artifacts;
        try {
          artifacts = toTFJS(net);
        } catch (e) {
          expect((e as DeltapropError).code).toBe('UNSUPPORTED_MODEL');
          // …only for an activation without a TF.js form.
          expect([h, out].some((a) => !withTFJSForms.includes(a))).toBe(true);
          continue;
        }
        const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
        const { x } = dataset(17, layers[0]!, 1, 'linear', checked);
        expectClose(tfPredict(model, x), net.predict(x) as number[][], 1e-5);
        model.dispose();
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('writes Dense layers, a LeakyReLU layer with alpha 0.01, and the loss in userDefinedMetadata', async () => {
    const net = await Network.create({ layers: [4, 5, 2], activation: ['leaky-relu', 'softmax'], loss: 'cross-entropy', seed: 1 });
    const a = toTFJS(net);
    expect(a.modelTopology.config.layers.map((l) => [l.class_name, l.config.activation ?? l.config.alpha])).toEqual([
      ['Dense', 'linear'],
      ['LeakyReLU', 0.01],
      ['Dense', 'softmax'],
    ]);
    expect(a.weightSpecs.map((s) => [s.name, s.shape])).toEqual([
      ['dense_1/kernel', [4, 5]],
      ['dense_1/bias', [5]],
      ['dense_2/kernel', [5, 2]],
      ['dense_2/bias', [2]],
    ]);
    expect(a.weightData.byteLength).toBe(4 * (20 + 5 + 10 + 2));
    expect(a.userDefinedMetadata).toEqual({ deltaprop: { loss: 'cross-entropy' } });
    const back = await fromTFJS({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, userDefinedMetadata: a.userDefinedMetadata }, a.weightData);
    expect(back.toJSON()).toEqual(net.toJSON());
  });
});

describe('fromTFJS', () => {
  it('loads Sequential dense models that TF.js saved, predicting what TF.js predicts', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [6], units: 17, activation: 'relu' }),
        tf.layers.dropout({ rate: 0.3 }),
        tf.layers.dense({ units: 3 }),
        tf.layers.leakyReLU({ alpha: 0.01 }),
        tf.layers.dense({ units: 5, activation: 'tanh' }),
        tf.layers.dense({ units: 4, useBias: false }),
        tf.layers.activation({ activation: 'softmax' }),
      ],
    });
    const artifacts = await saved(model);
    // As model.json carries it: a weights manifest instead of weight specs.
    const modelJSON = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs! }],
    };
    const net = await fromTFJS(JSON.stringify(modelJSON), weightsOf(artifacts), { loss: 'cross-entropy' });
    expect([net.layers, net.activation, net.loss]).toEqual([[6, 17, 3, 5, 4], ['relu', 'leaky-relu', 'tanh', 'softmax'], 'cross-entropy']);
    const { x, y } = dataset(33, 6, 4, 'softmax', 8);
    expectClose(net.predict(x) as number[][], tfPredict(model, x), 1e-5);
    const history = await net.train(x, y, { epochs: 20, optimizer: 'adam', learningRate: 0.01 });
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]!);
  });

  it('loads a model.json as the converter writes Keras models (model_config, InputLayer, group shards)', async () => {
    const made = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    const a = await saved(made);
    const weights = new Uint8Array(weightsOf(a)[0]!);
    const dense = (name: string, units: number, activation: string) => ({
      class_name: 'Dense',
      config: {
        name,
        trainable: true,
        dtype: 'float32',
        units,
        activation,
        use_bias: true,
        kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
        bias_initializer: { class_name: 'Zeros', config: {} },
      },
    });
    const modelJSON = {
      format: 'layers-model',
      generatedBy: 'keras v2.15.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: {
        keras_version: '2.15.0',
        backend: 'tensorflow',
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'sequential',
            layers: [
              { class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' } },
              dense('dense', 8, 'relu'),
              dense('dense_1', 3, 'softmax'),
            ],
          },
        },
        training_config: { loss: 'categorical_crossentropy', optimizer_config: { class_name: 'Adam', config: {} } },
      },
      // Two shards, as the converter splits large weights.
      weightsManifest: [
        {
          paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
          weights: a.weightSpecs!.map((w, i) => ({ ...w, name: ['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias'][i]! })),
        },
      ],
    };
    const shards = [weights.slice(0, 50), weights.slice(50)];
    // TF.js itself takes this file…
    const theirs = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJSON.modelTopology, weightSpecs: modelJSON.weightsManifest[0]!.weights, weightData: weights.slice().buffer }),
    );
    // …and so does deltaprop, shard by shard.
    const net = await fromTFJS(modelJSON, shards);
    expect([net.layers, net.activation]).toEqual([
      [4, 8, 3],
      ['relu', 'softmax'],
    ]);
    const { x } = dataset(9, 4, 1, 'linear', 4);
    expectClose(net.predict(x) as number[][], tfPredict(theirs, x), 1e-5);
  });

  it('takes elu and softplus, by name or as an ELU layer', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [5], units: 6, activation: 'elu' }),
        tf.layers.dense({ units: 4 }),
        tf.layers.elu({ alpha: 1 }),
        tf.layers.dense({ units: 2, activation: 'softplus' }),
      ],
    });
    const a = await saved(model);
    const net = await fromTFJS({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs }, weightsOf(a));
    expect(net.activation).toEqual(['elu', 'elu', 'softplus']);
    const { x } = dataset(11, 5, 1, 'linear', 2);
    expectClose(net.predict(x) as number[][], tfPredict(model, x), 1e-5);
  });

  it('takes a Flatten of a shaped input and an InputLayer', async () => {
    const model = tf.sequential({
      layers: [tf.layers.inputLayer({ inputShape: [2, 3] }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'sigmoid' })],
    });
    const a = await saved(model);
    const net = await fromTFJS({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs }, weightsOf(a));
    const { x } = dataset(4, 6, 1, 'linear', 1);
    const theirs = tf.tidy(() => (model.predict(tf.tensor3d(x.map((r) => [r.slice(0, 3), r.slice(3)]))) as tf.Tensor).arraySync() as number[][]);
    expectClose(net.predict(x) as number[][], theirs, 1e-5);
  });

  it('refuses other layers and a LeakyReLU whose alpha is not 0.01, naming the layer', async () => {
    const cases: [tf.Sequential, RegExp][] = [
      [
        tf.sequential({
          layers: [tf.layers.dense({ inputShape: [3], units: 4 }), tf.layers.batchNormalization({ name: 'bn' }), tf.layers.dense({ units: 1 })],
        }),
        /BatchNormalization 'bn'/,
      ],
      [tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4 }), tf.layers.leakyReLU({ name: 'leaky' })] }), /LeakyReLU 'leaky'.*alpha 0\.3/],
      [tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'selu', name: 'd' })] }), /Dense 'd'.*activation "selu"/],
      [tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'gelu', name: 'g' })] }), /Dense 'g'.*activation "gelu"/],
      [tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [2, 3] }), tf.layers.dense({ units: 2, name: 'd3' })] }), /Dense 'd3'.*no Flatten/],
    ];
    for (const [model, message] of cases) {
      const a = await saved(model);
      const e = await fromTFJS({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs }, weightsOf(a)).catch((err: unknown) => err as DeltapropError);
      expect(e).toBeInstanceOf(DeltapropError);
      expect([e.code, e.message]).toEqual(['UNSUPPORTED_MODEL', expect.stringMatching(message)]);
    }
    // An ELU layer with another alpha (which TF.js 4.22 cannot build, but Keras writes).
    const a = await saved(tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4 }), tf.layers.elu({ name: 'e' })] }));
    const topology = JSON.parse(JSON.stringify(a.modelTopology));
    topology.config.layers[1].config.alpha = 0.5;
    const e = await fromTFJS({ modelTopology: topology, weightSpecs: a.weightSpecs }, weightsOf(a)).catch((err: unknown) => err as DeltapropError);
    expect([e.code, e.message]).toEqual(['UNSUPPORTED_MODEL', expect.stringMatching(/ELU 'e'.*alpha 0\.5, where deltaprop's elu has 1/)]);
  });

  it('refuses short weights and broken JSON with CORRUPT_MODEL', async () => {
    const net = await Network.create({ layers: [2, 3, 1], seed: 1 });
    const a = toTFJS(net);
    const json = { modelTopology: a.modelTopology, weightSpecs: a.weightSpecs };
    expect(() => tfjsModel(json, a.weightData.slice(0, a.weightData.byteLength - 4))).toThrow(/need 52 bytes of weights, got 48/);
    expect(() => tfjsModel(JSON.stringify(json).slice(0, 50), a.weightData)).toThrow(/not valid JSON/);
    const e = (() => {
      try {
        tfjsModel({ ...json, weightSpecs: [a.weightSpecs[1]!, a.weightSpecs[0]!, ...a.weightSpecs.slice(2)] }, a.weightData);
      } catch (err) {
        return err as DeltapropError;
      }
    })();
    expect([e?.code, e?.message]).toEqual([
      'CORRUPT_MODEL',
      expect.stringMatching(/layer 'dense_1' needs a kernel of shape \[2, 3\], the next weight 'dense_1\/bias' has \[3\]/),
    ]);
  });
});
