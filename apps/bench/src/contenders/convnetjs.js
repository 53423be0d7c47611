/**
 * ConvNetJS 0.3.0: layer objects over float64 `Vol`s, one sample per forward and
 * backward pass; its `Trainer` sums the gradients of `batch_size` samples and
 * applies their mean, so mini-batch SGD is exact.
 */
import { packageVersion } from '#platform';
import { meanSquaredError, argmax } from '../data.js';
import { now } from '../stats.js';
import { perCall } from '../latency.js';

/** The library, loaded by `init` (a library that fails to load fails its rows, not the run). @type {any} */
let convnetjs;

/** @param {Float32Array} x @param {number} cols */
function vols(x, cols) {
  const out = [];
  for (let o = 0; o < x.length; o += cols) {
    const v = new convnetjs.Vol(1, 1, cols, 0);
    v.w.set(x.subarray(o, o + cols));
    out.push(v);
  }
  return out;
}

/**
 * fc → relu … → fc → softmax.
 * @param {number[]} layers
 */
function classifier(layers) {
  /** @type {Record<string, unknown>[]} */
  const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: layers[0] }];
  for (let l = 1; l < layers.length - 1; l++) defs.push({ type: 'fc', num_neurons: layers[l], activation: 'relu' });
  defs.push({ type: 'softmax', num_classes: layers[layers.length - 1] });
  const net = new convnetjs.Net();
  net.makeLayers(defs);
  return net;
}

/**
 * 2-4-1 with a sigmoid on the output too: ConvNetJS's `regression` layer sugar puts a
 * linear fc in front of the loss, so the stack is built by hand.
 */
function xorNet() {
  const C = convnetjs;
  const dims = (/** @type {number} */ d) => ({ in_sx: 1, in_sy: 1, in_depth: d });
  const net = new C.Net();
  net.layers = [
    new C.InputLayer({ out_sx: 1, out_sy: 1, out_depth: 2 }),
    new C.FullyConnLayer({ ...dims(2), num_neurons: 4 }),
    new C.SigmoidLayer(dims(4)),
    new C.FullyConnLayer({ ...dims(4), num_neurons: 1 }),
    new C.SigmoidLayer(dims(1)),
    new C.RegressionLayer(dims(1)),
  ];
  return net;
}

/** @param {any} net @param {any} opts */
const trainer = (net, opts) => new convnetjs.Trainer(net, { method: 'sgd', momentum: 0, l2_decay: 0, ...opts });

/** @type {import('./types.js').Contender} */
export default {
  name: 'convnetjs',
  version: packageVersion('convnetjs'),
  async init() {
    const m = await import('convnetjs');
    convnetjs = m.default ?? m;
  },
  w1: {
    note: 'float64; one sample per pass, gradients averaged over the batch',
    async run(/** @type {import('./types.js').W1Config} */ cfg) {
      const { data } = cfg;
      const xs = vols(data.x, data.inputs);
      const ys = Array.from(data.y, (t) => new Float64Array([t]));
      const net = xorNet();
      const t = trainer(net, { learning_rate: cfg.learningRate, batch_size: data.rows });
      const t0 = now();
      for (let e = 0; e < cfg.epochs; e++) for (let r = 0; r < data.rows; r++) t.train(xs[r], ys[r]);
      const ms = now() - t0;
      const out = xs.map((v) => net.forward(v).w[0]);
      return { ms, mse: meanSquaredError(out, data.y) };
    },
  },
  w2: {
    note: 'relu, relu, softmax + cross-entropy; float64; one sample per pass',
    async run(/** @type {import('./types.js').W2Config} */ cfg) {
      const { train, test } = cfg;
      const xs = vols(train.x, train.inputs);
      const xt = vols(test.x, test.inputs);
      const net = classifier(cfg.layers);
      const t = trainer(net, { learning_rate: cfg.learningRate, batch_size: cfg.batchSize });
      const t0 = now();
      for (let r = 0; r < train.rows; r++) t.train(xs[r], train.labels[r]);
      const trainMs = now() - t0;
      let ok = 0;
      const t1 = now();
      for (let r = 0; r < test.rows; r++) if (argmax(net.forward(xt[r]).w, 0, test.outputs) === test.labels[r]) ok++;
      const predictMs = now() - t1;
      return { trainMs, trainSamples: train.rows, predictMs, predictSamples: test.rows, accuracy: ok / test.rows };
    },
  },
  w3: {
    note: 'relu, relu, softmax + cross-entropy; float64',
    async run(/** @type {import('./types.js').W3Config} */ cfg) {
      const { data } = cfg;
      const xs = vols(data.x, data.inputs);
      const net = classifier(cfg.layers);
      const t = trainer(net, { learning_rate: cfg.learningRate, batch_size: cfg.batchSize });
      const t0 = now();
      for (let r = 0; r < data.rows; r++) t.train(xs[r], data.labels[r]);
      return { trainMs: now() - t0, samples: data.rows };
    },
  },
  p1: {
    note: 'net.forward(vol) of a Vol made beforehand; relu, relu, softmax; float64',
    async run(/** @type {import('./types.js').P1Config} */ cfg) {
      const net = classifier(cfg.layers);
      const rows = cfg.rows.map((r) => vols(r, r.length)[0]);
      return { usPerRow: await perCall((v) => net.forward(v), rows, cfg.minMs) };
    },
  },
};
