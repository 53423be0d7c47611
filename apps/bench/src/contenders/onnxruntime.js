/**
 * onnxruntime-web 1.30 (wasm execution provider, SIMD; one thread in Node, a thread
 * per core in a cross-origin isolated page): the runtime a page uses to run a trained
 * model. It does not train, so it runs the prediction of W2 and P1 only, on the
 * weights of a deltaprop network trained as deltaprop's W2 row trains it (one epoch,
 * same data and settings), exported by deltaprop's own `toONNX` (a Gemm per layer, Relu,
 * Softmax).
 */
import { packageVersion, onnxruntimeWasm } from '#platform';
import { now } from '../stats.js';
import { accuracyOf } from '../data.js';
import { loadDeltaprop } from './deltaprop.js';
import { perCall } from '../latency.js';

/** @type {any} */
let ort;

/** @param {number[]} layers */
const classifier = (layers) => [...layers.slice(1, -1).map(() => 'relu'), 'softmax'];

/**
 * A session over `net` (a deltaprop network), as its ONNX export.
 * @param {any} net
 */
async function session(net) {
  const { toONNX } = await import('deltaprop/interop');
  return ort.InferenceSession.create(toONNX(net));
}

const NO_TRAINING = 'an inference runtime: it does not train';

/** The threads asked of its wasm execution provider, in the notes (the run reports what it got). */
const requested = onnxruntimeWasm().numThreads;
const threadText = requested === 1 ? '1 thread' : `numThreads ${requested}`;

/** P1's sessions, by shape: creating one costs more than the calls timed. @type {Map<string, any>} */
const p1Sessions = new Map();

/** @type {import('./types.js').Contender} */
export default {
  name: 'onnxruntime-web',
  version: packageVersion('onnxruntime-web'),
  async init() {
    ort = await import('onnxruntime-web');
    Object.assign(ort.env.wasm, onnxruntimeWasm());
    await loadDeltaprop();
  },
  // onnxruntime-web lowers numThreads to 1 (with a warning) where WebAssembly threads are not available
  threads: () => (ort ? String(ort.env.wasm.numThreads) : undefined),
  w1: { note: NO_TRAINING, skip: NO_TRAINING, async run() {} },
  w2: {
    note: `prediction only, of the weights deltaprop-wasm trains (its ONNX export: Gemm, Relu, Softmax); wasm, ${threadText}`,
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
        const s = await session(net);
        const t0 = now();
        const out = await s.run({ input: new ort.Tensor('float32', test.x, [test.rows, test.inputs]) });
        const predictMs = now() - t0;
        const scores = out.output.data;
        await s.release();
        return { predictMs, predictSamples: test.rows, accuracy: accuracyOf(scores, test.labels, test.outputs) };
      } finally {
        net.dispose();
      }
    },
  },
  w3: { note: NO_TRAINING, skip: NO_TRAINING, async run() {} },
  p1: {
    note: `session.run of a [1, 784] tensor; wasm, ${threadText} (one session for every repetition)`,
    async run(/** @type {import('./types.js').P1Config} */ cfg) {
      const key = cfg.layers.join('-');
      let s = p1Sessions.get(key);
      if (!s) {
        const dp = await loadDeltaprop();
        const net = await dp.Network.create({ layers: cfg.layers, activation: classifier(cfg.layers), loss: 'cross-entropy', seed: cfg.seed, threads: 1 });
        s = await session(net);
        net.dispose();
        p1Sessions.set(key, s);
      }
      const us = await perCall(async (row) => (await s.run({ input: new ort.Tensor('float32', row, [1, cfg.layers[0]]) })).output.data, cfg.rows, cfg.minMs);
      return { usPerRow: us };
    },
  },
};
