/**
 * Every size, count and rate of a run, in one place. `full` is the published run;
 * `quick` shrinks everything so that a whole run stays under a minute on a 2-core
 * machine while still touching every contender and every workload.
 */

/**
 * @typedef {object} Settings
 * @property {'full' | 'quick'} mode
 * @property {number} reps  timed repetitions per row (after one warm-up)
 * @property {number} pauseMs  an idle pause before every run (V8's background compilers finish meanwhile)
 * @property {{ epochs: number, learningRate: number, warmEpochs: number, warmups: number, minMs: number }} w1  warmups: untimed
 *   runs before the repetitions (a few milliseconds of work is timed only once every engine's JIT has settled); minMs: a
 *   repetition is the mean time of as many trainings in a row as fill minMs
 * @property {{ layers: number[], batchSize: number, learningRate: number, train: number, test: number,
 *   warmTrain: number, warmTest: number, caps: Record<string, { train: number, test: number }> }} w2
 * @property {{ layers: number[], batchSize: number, learningRate: number, samples: number,
 *   slowSamples: Record<string, number>, warmLayers: number[], maxBatchSeconds: number, tooSlow: string[] }} w3
 * @property {{ layers: number[], rows: number, minMs: number, warmMs: number }} p1  rows: held-out digits predicted one per
 *   call, in turn; a repetition is the mean µs per call over minMs
 * @property {{ sizes: number[], minMs: number }} matmul
 */

/** @type {Settings} */
export const full = {
  mode: 'full',
  reps: 5,
  pauseMs: 100,
  w1: { epochs: 5000, learningRate: 0.5, warmEpochs: 5000, warmups: 3, minMs: 50 },
  w2: {
    layers: [784, 128, 64, 10],
    batchSize: 32,
    learningRate: 0.1,
    train: 8000,
    test: 2000,
    warmTrain: 512,
    warmTest: 256,
    // synaptic needs ~40 ms per training sample and ~15 ms per prediction at this size
    // (and ~4 s to build the network): a whole epoch would take over 5 minutes per repetition.
    caps: { synaptic: { train: 100, test: 100 } },
  },
  w3: {
    layers: [1024, 1024, 1024, 10],
    batchSize: 256,
    learningRate: 0.01,
    samples: 1024,
    // one batch of 256 for the contenders that need a second or more per batch
    slowSamples: { 'deltaprop-reference': 256, 'brain.js': 256, convnetjs: 256, 'ml-fnn': 256, 'tfjs-cpu': 256, 'tfjs-wasm': 256 },
    warmLayers: [256, 256, 256, 10],
    // A contender is left out of W3 when one batch would take longer than this; the time is
    // estimated from its W2 training rate scaled by the number of weights, or, when W2 did
    // not run, taken from `tooSlow`.
    maxBatchSeconds: 20,
    tooSlow: ['synaptic'],
  },
  p1: { layers: [784, 128, 64, 10], rows: 256, minMs: 200, warmMs: 50 },
  matmul: { sizes: [256, 1024], minMs: 200 },
};

/** @type {Settings} */
export const quick = {
  mode: 'quick',
  reps: 3,
  pauseMs: 0,
  w1: { epochs: 1000, learningRate: 0.5, warmEpochs: 100, warmups: 1, minMs: 5 },
  w2: {
    layers: [784, 128, 64, 10],
    batchSize: 32,
    learningRate: 0.1,
    train: 1000,
    test: 500,
    warmTrain: 64,
    warmTest: 32,
    caps: { synaptic: { train: 16, test: 16 } },
  },
  w3: {
    layers: [256, 256, 256, 10],
    batchSize: 256,
    learningRate: 0.01,
    samples: 256,
    slowSamples: { synaptic: 16 },
    warmLayers: [64, 64, 64, 10],
    // the quick run's budget: a contender needing more than 5 s per batch sits W3 out
    maxBatchSeconds: 5,
    tooSlow: [],
  },
  p1: { layers: [784, 128, 64, 10], rows: 32, minMs: 20, warmMs: 5 },
  matmul: { sizes: [256], minMs: 50 },
};
