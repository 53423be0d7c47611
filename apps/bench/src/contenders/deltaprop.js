/**
 * deltaprop itself, on its `wasm` backend (SIMD kernels; a training epoch is one
 * call into WebAssembly) and on its `reference` backend (plain TypeScript, float64,
 * the seed's formulas literally). Data goes in as flat `{ data, rows }`, the fast form.
 */
import { packageVersion } from '#platform';
import { now } from '../stats.js';
import { accuracyOf, meanSquaredError } from '../data.js';
import { perCall } from '../latency.js';

/** @type {any} */
let dp;
/** @returns {Promise<any>} the deltaprop module */
export async function loadDeltaprop() {
  dp ??= await import('deltaprop');
  return dp;
}

/** @param {import('../data.js').Dataset} d @param {'x' | 'y'} which */
const flat = (d, which) => ({ data: which === 'x' ? d.x : d.y, rows: d.rows });

/**
 * @param {'wasm' | 'reference'} backend
 * @param {number | 'auto'} threads the `threads` option ('auto': every core for networks of ≥ 100,000 weights)
 * @param {string} name
 * @returns {import('./types.js').Contender}
 */
function make(backend, threads, name) {
  const precision = backend === 'wasm' ? 'float32' : 'float64';
  const threading = backend === 'wasm' ? (threads === 1 ? '; 1 thread' : '; threads: auto (every core for ≥ 100,000 weights)') : '';
  /** @param {number[]} layers */
  const classifier = (layers) => [...layers.slice(1, -1).map(() => 'relu'), 'softmax'];
  /** The relu…softmax classifier of W2 and W3. @param {{ layers: number[], seed: number }} cfg */
  const createClassifier = (cfg) =>
    dp.Network.create({ layers: cfg.layers, activation: classifier(cfg.layers), loss: 'cross-entropy', seed: cfg.seed, backend, threads });
  /** Threads each workload's networks trained on (`net.threads`: 1 without shared memory). @type {Record<string, number>} */
  const used = {};
  /** One unshuffled SGD epoch, the setting every contender runs. */
  const trainOneEpoch = (
    /** @type {any} */ net,
    /** @type {import('../data.js').Dataset} */ d,
    /** @type {{ batchSize: number, learningRate: number }} */ cfg,
  ) => net.train(flat(d, 'x'), flat(d, 'y'), { epochs: 1, batchSize: cfg.batchSize, learningRate: cfg.learningRate, optimizer: 'sgd', shuffle: false });
  return {
    name,
    version: packageVersion('deltaprop'),
    async init() {
      await loadDeltaprop();
    },
    threads: () =>
      backend === 'wasm' && Object.keys(used).length
        ? Object.entries(used)
            .map(([w, n]) => `${n} in ${w}`)
            .join(', ')
        : undefined,
    w1: {
      note: `full batch; ½·MSE; ${precision}`,
      async run(/** @type {import('./types.js').W1Config} */ cfg) {
        const { data } = cfg;
        const net = await dp.Network.create({ layers: [2, 4, 1], activation: 'sigmoid', loss: 'mse', seed: cfg.seed, backend });
        try {
          const t0 = now();
          await net.train(flat(data, 'x'), flat(data, 'y'), {
            epochs: cfg.epochs,
            batchSize: data.rows,
            learningRate: cfg.learningRate,
            optimizer: 'sgd',
            shuffle: false,
          });
          const ms = now() - t0;
          const out = net.predict(flat(data, 'x'));
          return { ms, mse: meanSquaredError(out.data, data.y) };
        } finally {
          net.dispose();
        }
      },
    },
    w2: {
      note: `relu, relu, softmax + cross-entropy; ${precision}${threading}`,
      async run(/** @type {import('./types.js').W2Config} */ cfg) {
        const { train, test } = cfg;
        const net = await createClassifier(cfg);
        used.W2 = net.threads;
        try {
          const t0 = now();
          await trainOneEpoch(net, train, cfg);
          const trainMs = now() - t0;
          const t1 = now();
          const out = net.predict(flat(test, 'x'));
          const predictMs = now() - t1;
          return {
            trainMs,
            trainSamples: train.rows,
            predictMs,
            predictSamples: test.rows,
            accuracy: accuracyOf(out.data, test.labels, test.outputs),
          };
        } finally {
          net.dispose();
        }
      },
    },
    w3: {
      note: `relu, relu, softmax + cross-entropy; ${precision}${threading}`,
      async run(/** @type {import('./types.js').W3Config} */ cfg) {
        const { data } = cfg;
        const net = await createClassifier(cfg);
        used.W3 = net.threads;
        try {
          const t0 = now();
          await trainOneEpoch(net, data, cfg);
          const trainMs = now() - t0;
          if (backend !== 'wasm') return { trainMs, samples: data.rows };
          // What training needs at least: parameters, gradients (SGD keeps no other
          // state), one batch of activations and δ, and the data.
          const L = /** @type {number[]} */ (cfg.layers);
          const [first, last] = [L[0] ?? 0, L[L.length - 1] ?? 0];
          let weights = 0;
          for (let l = 0; l + 1 < L.length; l++) weights += ((L[l] ?? 0) + 1) * (L[l + 1] ?? 0);
          const batch = cfg.batchSize * (first + last + 2 * L.slice(1).reduce((a, b) => a + b, 0));
          const budget = 4 * (2 * weights + batch + data.rows * (first + last));
          return { trainMs, samples: data.rows, memory: { linear: net.memory().linear, budget } };
        } finally {
          net.dispose();
        }
      },
    },
    p1: {
      note: `predictor.run(row, out): a Float32Array row in, the outputs into a Float32Array kept across calls; ${precision}`,
      async run(/** @type {import('./types.js').P1Config} */ cfg) {
        const net = await createClassifier(cfg);
        try {
          const predictor = net.predictor();
          const out = new Float32Array(cfg.layers[cfg.layers.length - 1] ?? 0);
          return { usPerRow: await perCall((row) => predictor.run(row, out), cfg.rows, cfg.minMs) };
        } finally {
          net.dispose();
        }
      },
    },
  };
}

export const deltapropWasm = make('wasm', 'auto', 'deltaprop-wasm');
export const deltapropWasmOneThread = make('wasm', 1, 'deltaprop-wasm-1thread');
export const deltapropReference = make('reference', 1, 'deltaprop-reference');
