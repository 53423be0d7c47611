/**
 * TensorFlow.js 4.22 (tfjs-core + tfjs-layers) on its `wasm` backend (XNNPACK,
 * SIMD build, one thread in Node; in a cross-origin isolated page its threaded SIMD
 * build) and on its plain-JavaScript `cpu` backend. The `.wasm` files are found
 * inside node_modules in Node and served by the driver in the browser, so no user
 * step is needed.
 */
import { packageVersion, tfjsWasmPaths, tfjsWasmThreads } from '#platform';
import { now } from '../stats.js';
import { accuracyOf, meanSquaredError } from '../data.js';
import { perCall } from '../latency.js';

/** @type {typeof import('@tensorflow/tfjs-core')} */
let tf;
/** @type {typeof import('@tensorflow/tfjs-layers')} */
let tfl;
/** @type {typeof import('@tensorflow/tfjs-backend-wasm')} */
let tfWasm;
/** @type {Promise<void> | undefined} */
let loading;

/** Loads tfjs once, registers both backends and points the wasm backend at its files. */
export async function loadTf() {
  loading ??= (async () => {
    tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    tfWasm = await import('@tensorflow/tfjs-backend-wasm');
    // Before anything may start the backend (its settings are read once, when it starts).
    tfWasm.setWasmPaths(tfjsWasmPaths());
    const threads = tfjsWasmThreads();
    if (threads !== undefined) tfWasm.setThreadsCount(threads);
    tfl = await import('@tensorflow/tfjs-layers');
  })();
  await loading;
  return tf;
}

/**
 * Switches the global tfjs backend. tfjs prints a "use tfjs-node" banner on
 * console.warn when the cpu backend first stores a tensor in Node; it is held back so
 * that it does not tear the progress bars.
 * @param {'wasm' | 'cpu'} name
 */
export async function useBackend(name) {
  await loadTf();
  if (tf.getBackend() === name) return;
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to start`);
    await tf.ready();
    tf.tensor1d([0]).dispose(); // the cpu backend's banner comes with its first tensor
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

/** What the wasm backend picked: `simd` or `plain`, threads (and how many XNNPACK runs) or not. */
export async function tfjsWasmFlavour() {
  await useBackend('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  if (!threads) return `${simd ? 'SIMD' : 'no SIMD'}, 1 thread`;
  const n = tfWasm.getThreadsCount();
  return `${simd ? 'SIMD' : 'no SIMD'}, threaded build (XNNPACK pool of ${n} thread${n === 1 ? '' : 's'})`;
}

/**
 * @param {number[]} layers @param {string[]} activations one per weight layer
 */
function model(layers, activations) {
  const m = tfl.sequential();
  for (let l = 1; l < layers.length; l++) {
    m.add(
      tfl.layers.dense({
        units: layers[l],
        activation: /** @type {any} */ (activations[l - 1]),
        ...(l === 1 ? { inputShape: [layers[0]] } : {}),
      }),
    );
  }
  return m;
}

/**
 * @param {'wasm' | 'cpu'} backend
 * @returns {import('./types.js').Contender}
 */
function make(backend) {
  const hidden = (/** @type {number[]} */ layers) => layers.slice(1, -1).map(() => 'relu');
  return {
    name: `tfjs-${backend}`,
    version: packageVersion('@tensorflow/tfjs-core'),
    async init() {
      await useBackend(backend);
    },
    async select() {
      await useBackend(backend);
    },
    threads: () => {
      if (backend !== 'wasm' || !tfWasm) return undefined;
      try {
        // XNNPACK's thread pool (1 in Node, which gets no threaded build)
        return String(tfWasm.getThreadsCount());
      } catch {
        return undefined; // the backend never started
      }
    },
    w1: {
      note: 'full batch; ½·MSE; a loop of optimizer.minimize (model.fit takes over twice as long at this size)',
      async run(/** @type {import('./types.js').W1Config} */ cfg) {
        const { data } = cfg;
        const m = model([2, 4, 1], ['sigmoid', 'sigmoid']);
        const x = tf.tensor2d(data.x, [data.rows, data.inputs]);
        const y = tf.tensor2d(data.y, [data.rows, data.outputs]);
        const opt = tf.train.sgd(cfg.learningRate);
        const loss = () => tf.mul(tf.losses.meanSquaredError(y, /** @type {any} */ (m.apply(x))), 0.5);
        const t0 = now();
        for (let e = 0; e < cfg.epochs; e++) opt.minimize(/** @type {any} */ (loss))?.dispose();
        const p = /** @type {any} */ (m.predict(x));
        const out = await p.data();
        const ms = now() - t0;
        tf.dispose([x, y, p]);
        opt.dispose();
        m.dispose();
        return { ms, mse: meanSquaredError(out, data.y) };
      },
    },
    w2: {
      note: 'relu, relu, softmax + cross-entropy; model.fit',
      async run(/** @type {import('./types.js').W2Config} */ cfg) {
        return fitAndPredict(cfg, hidden(cfg.layers));
      },
    },
    w3: {
      note: 'relu, relu, softmax + cross-entropy; model.fit',
      async run(/** @type {import('./types.js').W3Config} */ cfg) {
        const { data } = cfg;
        const m = model(cfg.layers, [...hidden(cfg.layers), 'softmax']);
        m.compile({ optimizer: tf.train.sgd(cfg.learningRate), loss: 'categoricalCrossentropy' });
        const x = tf.tensor2d(data.x, [data.rows, data.inputs]);
        const y = tf.tensor2d(data.y, [data.rows, data.outputs]);
        const t0 = now();
        await m.fit(x, y, { batchSize: cfg.batchSize, epochs: 1, shuffle: false, verbose: 0 });
        const trainMs = now() - t0;
        tf.dispose([x, y]);
        m.dispose();
        return { trainMs, samples: data.rows };
      },
    },
    p1: {
      note: 'model.predict of a [1, 784] tensor, dataSync(); relu, relu, softmax',
      async run(/** @type {import('./types.js').P1Config} */ cfg) {
        const m = model(cfg.layers, [...hidden(cfg.layers), 'softmax']);
        try {
          const us = await perCall(
            (row) => {
              const x = tf.tensor2d(row, [1, cfg.layers[0] ?? 0]);
              const p = /** @type {any} */ (m.predict(x));
              const out = p.dataSync();
              tf.dispose([x, p]);
              return out;
            },
            cfg.rows,
            cfg.minMs,
          );
          return { usPerRow: us };
        } finally {
          m.dispose();
        }
      },
    },
  };
}

/**
 * @param {import('./types.js').W2Config} cfg @param {string[]} hidden
 * @returns {Promise<import('./types.js').W2Result>}
 */
async function fitAndPredict(cfg, hidden) {
  const { train, test } = cfg;
  const m = model(cfg.layers, [...hidden, 'softmax']);
  m.compile({ optimizer: tf.train.sgd(cfg.learningRate), loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(train.x, [train.rows, train.inputs]);
  const y = tf.tensor2d(train.y, [train.rows, train.outputs]);
  const xt = tf.tensor2d(test.x, [test.rows, test.inputs]);
  const t0 = now();
  await m.fit(x, y, { batchSize: cfg.batchSize, epochs: 1, shuffle: false, verbose: 0 });
  const trainMs = now() - t0;
  const t1 = now();
  const p = /** @type {any} */ (m.predict(xt, { batchSize: test.rows }));
  const scores = await p.data();
  const predictMs = now() - t1;
  tf.dispose([x, y, xt, p]);
  m.dispose();
  return {
    trainMs,
    trainSamples: train.rows,
    predictMs,
    predictSamples: test.rows,
    accuracy: accuracyOf(scores, test.labels, test.outputs),
  };
}

export const tfjsWasm = make('wasm');
export const tfjsCpu = make('cpu');

/** The loaded tfjs-core module (after `loadTf`). */
export const getTf = () => tf;
