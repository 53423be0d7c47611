/**
 * Two-dimensional toy data sets for the playground. Every point lies roughly in
 * [-1, 1] × [-1, 1] and has a label 0 or 1. Generation is seeded, so Reset gives
 * the same points again.
 */

export type DatasetName = 'xor' | 'circles' | 'spirals' | 'blobs';

export const DATASETS: { id: DatasetName; label: string }[] = [
  { id: 'xor', label: 'XOR' },
  { id: 'circles', label: 'Circles' },
  { id: 'spirals', label: 'Two spirals' },
  { id: 'blobs', label: 'Gaussian blobs' },
];

/** Points as flat row-major arrays: `x` holds (x, y) pairs, `y` one label per point. */
export interface Points {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * `noise` is 0..1: the standard deviation of the Gaussian jitter added to every point,
 * as a fraction of half the plot's width (0.5 moves points by ±0.25 on average).
 */
export function makeDataset(name: DatasetName, count: number, noise: number, seed: number): Points {
  const rand = rng(seed);
  const x = new Float32Array(count * 2);
  const y = new Float32Array(count);
  const sigma = noise * 0.5;
  for (let i = 0; i < count; i++) {
    let px = 0;
    let py = 0;
    let label = 0;
    switch (name) {
      case 'xor': {
        // Uniform in the square, away from the axes; label 1 where the signs differ.
        const margin = 0.08;
        const sx = rand() < 0.5 ? -1 : 1;
        const sy = rand() < 0.5 ? -1 : 1;
        px = sx * (margin + rand() * (0.92 - margin));
        py = sy * (margin + rand() * (0.92 - margin));
        label = sx !== sy ? 1 : 0;
        break;
      }
      case 'circles': {
        // Label 1: a disc of radius 0.4; label 0: a ring from 0.6 to 0.9.
        label = i % 2;
        const r = label === 1 ? 0.4 * Math.sqrt(rand()) : 0.6 + 0.3 * rand();
        const a = 2 * Math.PI * rand();
        px = r * Math.cos(a);
        py = r * Math.sin(a);
        break;
      }
      case 'spirals': {
        // Two interleaved arms of 1.5 turns, half a turn apart.
        label = i % 2;
        const t = rand();
        const r = 0.08 + 0.82 * t;
        const a = t * 3 * Math.PI + label * Math.PI;
        px = r * Math.cos(a);
        py = r * Math.sin(a);
        break;
      }
      case 'blobs': {
        label = i % 2;
        const c = label === 1 ? 0.4 : -0.4;
        px = c + 0.18 * gaussian(rand);
        py = c + 0.18 * gaussian(rand);
        break;
      }
    }
    if (sigma > 0) {
      px += sigma * gaussian(rand);
      py += sigma * gaussian(rand);
    }
    x[2 * i] = px;
    x[2 * i + 1] = py;
    y[i] = label;
  }
  return { x, y, rows: count };
}

/** The training and validation points of one setting (different seeds, same distribution). */
export function makeSplit(name: DatasetName, noise: number, seed: number, train = 240, val = 120): { train: Points; val: Points } {
  return {
    train: makeDataset(name, train, noise, seed * 2 + 1),
    val: makeDataset(name, val, noise, seed * 2 + 2),
  };
}

/** The plot's extent: the heat map covers [-EXTENT, EXTENT] on both axes. */
export const EXTENT = 1.2;

/** Centres of a `size × size` grid over the plot, row 0 at the top (largest y), as flat (x, y) pairs. */
export function gridPoints(size: number): Float32Array {
  const out = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      out[2 * i] = -EXTENT + ((c + 0.5) / size) * 2 * EXTENT;
      out[2 * i + 1] = EXTENT - ((r + 0.5) / size) * 2 * EXTENT;
    }
  }
  return out;
}
