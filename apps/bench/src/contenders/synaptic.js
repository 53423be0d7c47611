/**
 * synaptic 1.1.4 (`Architect.Perceptron` + `Trainer`): a neuron-and-connection
 * object graph compiled to one generated JavaScript function, float64, per-sample
 * updates. Its output neurons learn with δ = t − y whatever the cost function (the
 * cost only feeds the reported error), i.e. cross-entropy-style gradients.
 */
import { packageVersion } from '#platform';
import { rowArrays, meanSquaredError, argmax } from '../data.js';
import { now } from '../stats.js';
import { perCall } from '../latency.js';
/** The library's classes, loaded by `init` (a library that fails to load fails its rows, not the run). @type {any} */
let Architect;
/** @type {any} */
let Trainer;
/** @type {any} */
let Neuron;

/**
 * @param {Float32Array} x @param {Float32Array} y @param {number} inputs @param {number} outputs
 */
function toSet(x, y, inputs, outputs) {
  const xs = rowArrays(x, inputs);
  const ys = rowArrays(y, outputs);
  return xs.map((input, i) => ({ input, output: ys[i] }));
}

/**
 * A perceptron with relu hidden layers (logistic output).
 * @param {number[]} layers
 */
function reluPerceptron(layers) {
  const net = new Architect.Perceptron(...layers);
  for (const layer of net.layers.hidden) layer.set({ squash: Neuron.squash.RELU });
  return net;
}

/** @type {import('./types.js').Contender} */
export default {
  name: 'synaptic',
  version: packageVersion('synaptic'),
  async init() {
    const m = await import('synaptic');
    ({ Architect, Trainer, Neuron } = m.default ?? m);
  },
  w1: {
    note: 'per-sample updates (no batches); output δ = t − y (no f′ term); float64',
    async run(/** @type {import('./types.js').W1Config} */ cfg) {
      const { data } = cfg;
      const set = toSet(data.x, data.y, data.inputs, data.outputs);
      const net = new Architect.Perceptron(2, 4, 1);
      const trainer = new Trainer(net);
      const t0 = now();
      trainer.train(set, { rate: cfg.learningRate, iterations: cfg.epochs, error: -1, shuffle: false, cost: Trainer.cost.MSE });
      const ms = now() - t0;
      const out = set.map((s) => net.activate(s.input)[0]);
      return { ms, mse: meanSquaredError(out, data.y) };
    },
  },
  w2: {
    note: 'relu, relu, logistic out (no softmax), δ = t − y; per-sample updates; float64',
    learningRate: 0.05,
    async run(/** @type {import('./types.js').W2Config} */ cfg) {
      const { train, test } = cfg;
      const set = toSet(train.x, train.y, train.inputs, train.outputs);
      const net = reluPerceptron(cfg.layers);
      const trainer = new Trainer(net);
      net.activate(set[0].input); // compiles the network's generated function; not training
      const t0 = now();
      trainer.train(set, { rate: cfg.learningRate, iterations: 1, error: -1, shuffle: false, cost: Trainer.cost.CROSS_ENTROPY });
      const trainMs = now() - t0;
      p1Nets.set(cfg.layers.join('-'), net);
      const inputs = rowArrays(test.x, test.inputs);
      let ok = 0;
      const t1 = now();
      for (let r = 0; r < inputs.length; r++) {
        if (argmax(net.activate(inputs[r]), 0, test.outputs) === test.labels[r]) ok++;
      }
      const predictMs = now() - t1;
      return { trainMs, trainSamples: train.rows, predictMs, predictSamples: test.rows, accuracy: ok / test.rows };
    },
  },
  w3: {
    note: 'relu, relu, logistic; per-sample updates',
    async run(/** @type {import('./types.js').W3Config} */ cfg) {
      const { data } = cfg;
      const set = toSet(data.x, data.y, data.inputs, data.outputs);
      const net = reluPerceptron(cfg.layers);
      const trainer = new Trainer(net);
      net.activate(set[0].input); // compiles the network's generated function; not training
      const t0 = now();
      trainer.train(set, { rate: cfg.learningRate, iterations: 1, error: -1, shuffle: false, cost: Trainer.cost.CROSS_ENTROPY });
      return { trainMs: now() - t0, samples: data.rows };
    },
  },
  p1: {
    note: 'net.activate(row) of number arrays; relu, relu, logistic (the network W2 trained, or one built once: building takes seconds)',
    async run(/** @type {import('./types.js').P1Config} */ cfg) {
      const key = cfg.layers.join('-');
      if (!p1Nets.has(key)) p1Nets.set(key, reluPerceptron(cfg.layers));
      const net = p1Nets.get(key);
      const rows = cfg.rows.map((r) => Array.from(r));
      return { usPerRow: await perCall((row) => net.activate(row), rows, cfg.minMs) };
    },
  },
};

/** The P1 networks, by shape: the last one W2 trained, or one built for P1. @type {Map<string, any>} */
const p1Nets = new Map();
