/**
 * onnxruntime-web 1.30 (wasm execution provider, SIMD, one thread in Node): the
 * runtime a page uses to run a trained model. It does not train, so it runs the
 * prediction of W2 and P1 only, on the weights of a deltaprop network trained
 * as deltaprop's W2 row trains it (one epoch, same data and settings), written to an
 * ONNX file (MatMul + Add + Relu, Softmax; src/onnx.js).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { now } from '../stats.js';
import { accuracyOf } from '../data.js';
import { onnxModel } from '../onnx.js';
import { loadDeltaprop } from './deltaprop.js';
import { perCall } from '../latency.js';

const require = createRequire(import.meta.url);

/** The package's version (its exports do not include package.json): the nearest package.json above its entry. */
function version() {
  for (let dir = path.dirname(require.resolve('onnxruntime-web')); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'onnxruntime-web') return pkg.version;
    } catch {}
  }
  return '?';
}

/** @type {any} */
let ort;

/** @param {number[]} layers */
const classifier = (layers) => [...layers.slice(1, -1).map(() => 'relu'), 'softmax'];

/**
 * A session over the parameters of `net` (a deltaprop network of `layers`).
 * @param {any} net @param {number[]} layers
 */
async function session(net, layers) {
  return ort.InferenceSession.create(onnxModel(layers, classifier(layers), net.getParameters()));
}

const NO_TRAINING = 'an inference runtime: it does not train';

/** P1's sessions, by shape: creating one costs more than the calls timed. @type {Map<string, any>} */
const p1Sessions = new Map();

/** @type {import('./types.js').Contender} */
export default {
  name: 'onnxruntime-web',
  version: version(),
  async init() {
    ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    await loadDeltaprop();
  },
  w1: { note: NO_TRAINING, skip: NO_TRAINING, async run() {} },
  w2: {
    note: 'prediction only, of the weights deltaprop-wasm trains (ONNX MatMul + Add + Relu, Softmax); wasm, 1 thread',
    async run(/** @type {import('./types.js').W2Config} */ cfg) {
      const { train, test } = cfg;
      const dp = await loadDeltaprop();
      const net = await dp.Network.create({ layers: cfg.layers, activation: classifier(cfg.layers), loss: 'cross-entropy', seed: cfg.seed, threads: 1 });
      try {
        await net.train(
          { data: train.x, rows: train.rows },
          { data: train.y, rows: train.rows },
          { epochs: 1, batchSize: cfg.batchSize, learningRate: cfg.learningRate, optimizer: 'sgd', shuffle: false },
        );
        const s = await session(net, cfg.layers);
        const t0 = now();
        const out = await s.run({ x: new ort.Tensor('float32', test.x, [test.rows, test.inputs]) });
        const predictMs = now() - t0;
        const scores = out.y.data;
        await s.release();
        return { predictMs, predictSamples: test.rows, accuracy: accuracyOf(scores, test.labels, test.outputs) };
      } finally {
        net.dispose();
      }
    },
  },
  w3: { note: NO_TRAINING, skip: NO_TRAINING, async run() {} },
  p1: {
    note: 'session.run of a [1, 784] tensor; wasm, 1 thread (one session for every repetition)',
    async run(/** @type {import('./types.js').P1Config} */ cfg) {
      const key = cfg.layers.join('-');
      let s = p1Sessions.get(key);
      if (!s) {
        const dp = await loadDeltaprop();
        const net = await dp.Network.create({ layers: cfg.layers, activation: classifier(cfg.layers), loss: 'cross-entropy', seed: cfg.seed, threads: 1 });
        s = await session(net, cfg.layers);
        net.dispose();
        p1Sessions.set(key, s);
      }
      const us = await perCall(async (row) => (await s.run({ x: new ort.Tensor('float32', row, [1, cfg.layers[0]]) })).y.data, cfg.rows, cfg.minMs);
      return { usPerRow: us };
    },
  },
};
