/**
 * brain.js 1.6.1 (`NeuralNetwork`): one activation for every layer, MSE only,
 * per-sample (online) updates with momentum, float32 weights.
 */
import { packageVersion, where } from '#platform';
import { rowArrays, meanSquaredError, argmax } from '../data.js';
import { now } from '../stats.js';
import { perCall } from '../latency.js';

/** The library, loaded by `init` (a library that fails to load fails its rows, not the run). @type {any} */
let brain;

/** In a page the bench runs brain.js's own browser build (browser.js): its Node entry needs Node's `stream`. */
const build = where === 'browser' ? '; its browser build (browser.js)' : '';

// brain.js rejects `momentum: 0` (its option check wants 0 < momentum < 1) and stops
// when the error falls below `errorThresh` (which must be > 0): both are set to values
// that make them inert.
const INERT = { momentum: 1e-9, errorThresh: 1e-12, log: false };

/**
 * @param {Float32Array} x @param {Float32Array} y @param {number} inputs @param {number} outputs
 */
function toBrain(x, y, inputs, outputs) {
  const xs = rowArrays(x, inputs);
  const ys = rowArrays(y, outputs);
  return xs.map((input, i) => ({ input, output: ys[i] }));
}

/** @type {import('./types.js').Contender} */
export default {
  name: 'brain.js',
  version: packageVersion('brain.js'),
  async init() {
    const m = await import('brain.js');
    brain = m.default ?? m;
  },
  w1: {
    note: `per-sample updates (no batches); momentum ≈ 0${build}`,
    async run(/** @type {import('./types.js').W1Config} */ cfg) {
      const { data } = cfg;
      const set = toBrain(data.x, data.y, data.inputs, data.outputs);
      const net = new brain.NeuralNetwork({ hiddenLayers: [4], activation: 'sigmoid' });
      const t0 = now();
      net.train(set, { ...INERT, iterations: cfg.epochs, learningRate: cfg.learningRate });
      const ms = now() - t0;
      const out = set.flatMap((s) => Array.from(net.run(s.input)));
      return { ms, mse: meanSquaredError(out, data.y) };
    },
  },
  w2: {
    note: `sigmoid everywhere + MSE (one activation for all layers); per-sample updates${build}`,
    learningRate: 0.5,
    async run(/** @type {import('./types.js').W2Config} */ cfg) {
      const { train, test, layers } = cfg;
      const set = toBrain(train.x, train.y, train.inputs, train.outputs);
      const net = new brain.NeuralNetwork({ hiddenLayers: layers.slice(1, -1), activation: 'sigmoid' });
      const t0 = now();
      net.train(set, { ...INERT, iterations: 1, learningRate: cfg.learningRate });
      const trainMs = now() - t0;
      const inputs = rowArrays(test.x, test.inputs);
      let ok = 0;
      const t1 = now();
      for (let r = 0; r < inputs.length; r++) {
        const out = net.run(inputs[r]);
        if (argmax(out, 0, test.outputs) === test.labels[r]) ok++;
      }
      const predictMs = now() - t1;
      return { trainMs, trainSamples: train.rows, predictMs, predictSamples: test.rows, accuracy: ok / test.rows };
    },
  },
  w3: {
    note: `sigmoid + MSE; per-sample updates${build}`,
    async run(/** @type {import('./types.js').W3Config} */ cfg) {
      const { data, layers } = cfg;
      const set = toBrain(data.x, data.y, data.inputs, data.outputs);
      const net = new brain.NeuralNetwork({ hiddenLayers: layers.slice(1, -1), activation: 'sigmoid' });
      const t0 = now();
      net.train(set, { ...INERT, iterations: 1, learningRate: cfg.learningRate });
      return { trainMs: now() - t0, samples: data.rows };
    },
  },
  p1: {
    note: `net.run(row) of number arrays; sigmoid everywhere (sized by one training step on one row)${build}`,
    async run(/** @type {import('./types.js').P1Config} */ cfg) {
      const { layers } = cfg;
      const rows = cfg.rows.map((r) => Array.from(r));
      const net = new brain.NeuralNetwork({ hiddenLayers: layers.slice(1, -1), activation: 'sigmoid' });
      net.train([{ input: rows[0], output: new Array(layers[layers.length - 1]).fill(0) }], { ...INERT, iterations: 1 });
      return { usPerRow: await perCall((row) => net.run(row), rows, cfg.minMs) };
    },
  },
};
