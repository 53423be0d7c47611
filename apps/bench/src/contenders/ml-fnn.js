/**
 * ml-fnn 5.0.0 (`FeedForwardNeuralNetworks`, on ml-matrix): a classifier only —
 * softmax output with cross-entropy over class labels, full-batch gradient descent
 * on the summed (not averaged) gradient, float64. Mini-batches are driven through its
 * own `propagate`/`backpropagation` steps, one call per batch.
 */
import { packageVersion } from '#platform';
import { now } from '../stats.js';
import { perCall } from '../latency.js';

/** The library's network class, loaded by `init` (a library that fails to load fails its rows, not the run). @type {any} */
let FNN;

/**
 * ml-fnn's constructor resets every activation name to `tanh` (it tests
 * `name in Object.keys(...)`, which looks at array indices) and turns a
 * regularization of 0 into 0.01, so both are set on the instance afterwards.
 * @param {number[]} hidden @param {string} activation @param {number} learningRate
 */
function make(hidden, activation, learningRate) {
  const net = new FNN({ hiddenLayers: hidden, learningRate });
  net.activation = activation;
  net.regularization = 0;
  return net;
}

/**
 * An ml-matrix `Matrix` of rows `from`..`to`; the class is taken from a built network
 * (ml-matrix is ml-fnn's dependency, not ours).
 * @param {any} net @param {Float32Array} x @param {number} cols @param {number} from @param {number} to
 */
function matrix(net, x, cols, from, to) {
  const Matrix = net.model[0].W.constructor;
  const rows = [];
  for (let r = from; r < to; r++) rows.push(Array.from(x.subarray(r * cols, (r + 1) * cols)));
  return new Matrix(rows);
}

/** Class dictionaries for labels 0..n−1 in order (what `train` would build from the labels). */
function dicts(/** @type {number} */ n) {
  /** @type {Record<number, number>} */
  const inputs = {};
  /** @type {Record<number, number>} */
  const outputs = {};
  for (let i = 0; i < n; i++) inputs[i] = outputs[i] = i;
  return { inputs, outputs };
}

/**
 * One epoch of mini-batches through ml-fnn's own training steps.
 * @param {any} net @param {import('../data.js').Dataset} data @param {number} batchSize
 */
function epoch(net, data, batchSize) {
  for (let b = 0; b < data.rows; b += batchSize) {
    const end = Math.min(b + batchSize, data.rows);
    const features = matrix(net, data.x, data.inputs, b, end);
    const labels = Array.from(data.labels.subarray(b, end));
    net.backpropagation(features, labels, net.propagate(features));
  }
}

/** @type {import('./types.js').Contender} */
export default {
  name: 'ml-fnn',
  version: packageVersion('ml-fnn'),
  async init() {
    const m = await import('ml-fnn');
    FNN = m.default ?? m;
  },
  w1: {
    note: 'classifier only: 2-4-2 softmax + cross-entropy; summed gradient (η/4); float64',
    async run(/** @type {import('./types.js').W1Config} */ cfg) {
      const { data } = cfg;
      const net = make([4], 'logistic', cfg.learningRate / data.rows);
      net.iterations = cfg.epochs;
      net.dicts = dicts(2);
      net.buildNetwork(data.inputs, 2);
      const features = matrix(net, data.x, data.inputs, 0, data.rows);
      const labels = Array.from(data.labels);
      const t0 = now();
      net.train(features, labels);
      const ms = now() - t0;
      const p = net.propagate(features);
      const k = net.dicts.inputs[1];
      let s = 0;
      for (let r = 0; r < data.rows; r++) s += (p.get(r, k) - data.y[r]) ** 2;
      return { ms, mse: s / data.rows };
    },
  },
  w2: {
    note:
      'tanh, tanh, softmax + cross-entropy (relu diverges from its all-positive initial weights); ' + 'batches through its propagate/backpropagation; float64',
    learningRate: 0.5,
    async run(/** @type {import('./types.js').W2Config} */ cfg) {
      const { train, test } = cfg;
      const net = make(cfg.layers.slice(1, -1), 'tanh', cfg.learningRate / cfg.batchSize);
      net.dicts = dicts(train.outputs);
      net.buildNetwork(train.inputs, train.outputs);
      const t0 = now();
      epoch(net, train, cfg.batchSize);
      const trainMs = now() - t0;
      const features = matrix(net, test.x, test.inputs, 0, test.rows);
      const t1 = now();
      const predicted = net.predict(features);
      const predictMs = now() - t1;
      let ok = 0;
      for (let r = 0; r < test.rows; r++) if (predicted[r] === test.labels[r]) ok++;
      return { trainMs, trainSamples: train.rows, predictMs, predictSamples: test.rows, accuracy: ok / test.rows };
    },
  },
  w3: {
    note: 'tanh, tanh, softmax + cross-entropy; float64',
    async run(/** @type {import('./types.js').W3Config} */ cfg) {
      const { data } = cfg;
      const net = make(cfg.layers.slice(1, -1), 'tanh', cfg.learningRate / cfg.batchSize);
      net.dicts = dicts(data.outputs);
      net.buildNetwork(data.inputs, data.outputs);
      const t0 = now();
      epoch(net, data, cfg.batchSize);
      return { trainMs: now() - t0, samples: data.rows };
    },
  },
  p1: {
    note: 'net.predict of a one-row Matrix made beforehand; tanh, tanh, softmax; float64',
    async run(/** @type {import('./types.js').P1Config} */ cfg) {
      const n = cfg.layers[cfg.layers.length - 1] ?? 0;
      const net = make(cfg.layers.slice(1, -1), 'tanh', 0.1);
      net.dicts = dicts(n);
      net.buildNetwork(cfg.layers[0], n);
      const rows = cfg.rows.map((r) => matrix(net, r, r.length, 0, 1));
      return { usPerRow: await perCall((m) => net.predict(m), rows, cfg.minMs) };
    },
  },
};
