/**
 * Small numeric helpers shared by the harness: a seeded random generator and
 * summary statistics over repetitions.
 */

/**
 * mulberry32: a tiny seeded generator, enough to make data sets and shuffles
 * identical from run to run.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @typedef {{ median: number, min: number, max: number, n: number, values: number[] }} Summary
 */

/**
 * Median, minimum and maximum of the finite values; NaN everywhere when there are none.
 * @param {number[]} values
 * @returns {Summary}
 */
export function summarize(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0, values };
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length, values };
}

/** High-resolution wall clock in milliseconds. */
export const now = () => performance.now();
