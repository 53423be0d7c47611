/**
 * The data of the workloads, built once per run and shared by every contender in the
 * most convenient forms (flat Float32Array, one array per row, …). Nothing here needs
 * Node: the page of the browser run imports this file too, and gets the digits (which
 * the `mnist` package keeps as JSON files read by `require`) from src/mnist.js in Node.
 */
import { rng } from './stats.js';

/**
 * @typedef {object} Dataset
 * @property {number} rows
 * @property {number} inputs   columns of x
 * @property {number} outputs  columns of y
 * @property {Float32Array} x  rows × inputs, row-major
 * @property {Float32Array} y  rows × outputs, row-major (one-hot for classification)
 * @property {Uint8Array} labels  class index per row (argmax of y)
 */

/** XOR: four rows, 2 inputs, 1 target. @returns {Dataset} */
export function xorData() {
  return {
    rows: 4,
    inputs: 2,
    outputs: 1,
    x: Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
    y: Float32Array.from([0, 1, 1, 0]),
    labels: Uint8Array.from([0, 1, 1, 0]),
  };
}

/**
 * Digits in the bench's fixed shuffled order: `count` rows of 784 pixels in 0..1 and
 * their classes (src/mnist.js builds it from the `mnist` package).
 * @typedef {object} DigitSource
 * @property {number} count
 * @property {Float32Array} x       count × 784, row-major
 * @property {Uint8Array} labels    class per row
 */

/**
 * The first `nTrain` digits of the shuffled order for training, the next `nTest` held out.
 * @param {DigitSource} source
 * @param {number} nTrain
 * @param {number} nTest
 * @returns {{ train: Dataset, test: Dataset }}
 */
export function splitDigits(source, nTrain, nTest) {
  if (nTrain + nTest > source.count) {
    throw new RangeError(`the digit source holds ${source.count} digits; asked for ${nTrain} + ${nTest}`);
  }
  /** @param {number} from @param {number} rows @returns {Dataset} */
  const build = (from, rows) => {
    const x = source.x.slice(from * 784, (from + rows) * 784);
    const labels = source.labels.slice(from, from + rows);
    const y = new Float32Array(rows * 10);
    for (let r = 0; r < rows; r++) y[r * 10 + (labels[r] ?? 0)] = 1;
    return { rows, inputs: 784, outputs: 10, x, y, labels };
  };
  return { train: build(0, nTrain), test: build(nTrain, nTest) };
}

/**
 * Random inputs in [0, 1) with random one-hot targets (W3 measures speed only).
 * @param {number} rows @param {number} inputs @param {number} outputs @param {number} [seed]
 * @returns {Dataset}
 */
export function randomData(rows, inputs, outputs, seed = 3) {
  const rand = rng(seed);
  const x = new Float32Array(rows * inputs);
  for (let i = 0; i < x.length; i++) x[i] = rand();
  const y = new Float32Array(rows * outputs);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(rand() * outputs);
    labels[r] = c;
    y[r * outputs + c] = 1;
  }
  return { rows, inputs, outputs, x, y, labels };
}

/**
 * Rows as views into the flat array (no copy).
 * @param {Float32Array} flat @param {number} cols
 * @returns {Float32Array[]}
 */
export function rowViews(flat, cols) {
  const out = [];
  for (let o = 0; o < flat.length; o += cols) out.push(flat.subarray(o, o + cols));
  return out;
}

/**
 * Rows as plain number arrays (for libraries that want them).
 * @param {Float32Array} flat @param {number} cols
 * @returns {number[][]}
 */
export function rowArrays(flat, cols) {
  return rowViews(flat, cols).map((r) => Array.from(r));
}

/**
 * Index of the largest of `n` values starting at `offset`.
 * @param {ArrayLike<number>} a @param {number} offset @param {number} n
 */
export function argmax(a, offset, n) {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[offset + j] > a[offset + best]) best = j;
  return best;
}

/**
 * Share of rows whose argmax of the flat scores matches the label.
 * @param {ArrayLike<number>} scores rows × classes
 * @param {Uint8Array} labels @param {number} classes
 */
export function accuracyOf(scores, labels, classes) {
  let ok = 0;
  for (let r = 0; r < labels.length; r++) if (argmax(scores, r * classes, classes) === labels[r]) ok++;
  return ok / labels.length;
}

/**
 * The mean over rows and outputs of (y − t)², the convergence figure of W1.
 * @param {ArrayLike<number>} out @param {ArrayLike<number>} target
 */
export function meanSquaredError(out, target) {
  let s = 0;
  for (let i = 0; i < target.length; i++) s += (out[i] - target[i]) ** 2;
  return s / target.length;
}
