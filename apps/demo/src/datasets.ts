/**
 * Two-dimensional toy data sets for the playground. Every point lies roughly in
 * [-1, 1] × [-1, 1]. Classification sets label points 0 or 1; regression sets give
 * each point a target in [-1, 1]. Generation is seeded, so Reset gives the same
 * points again.
 */

export type DatasetName = 'xor' | 'circles' | 'spirals' | 'blobs' | 'plane' | 'bumps';
export type Task = 'classification' | 'regression';

export const DATASETS: { id: DatasetName; label: string; task: Task }[] = [
  { id: 'xor', label: 'XOR', task: 'classification' },
  { id: 'circles', label: 'Circles', task: 'classification' },
  { id: 'spirals', label: 'Two spirals', task: 'classification' },
  { id: 'blobs', label: 'Gaussian blobs', task: 'classification' },
  { id: 'plane', label: 'Tilted plane', task: 'regression' },
  { id: 'bumps', label: 'Gaussian bumps', task: 'regression' },
];

export function taskOf(name: DatasetName): Task {
  return DATASETS.find((d) => d.id === name)?.task ?? 'classification';
}

/** Regression targets: a tilted plane, and four Gaussian bumps of alternating sign. */
const BUMPS: [number, number, number][] = [
  [-0.5, -0.5, 1],
  [0.5, 0.5, 1],
  [-0.5, 0.5, -1],
  [0.5, -0.5, -1],
];
export function regressionTarget(name: 'plane' | 'bumps', x1: number, x2: number): number {
  if (name === 'plane') return (x1 + x2) / 2;
  let s = 0;
  for (const [cx, cy, sign] of BUMPS) s += sign * Math.exp(-((x1 - cx) ** 2 + (x2 - cy) ** 2) / (2 * 0.25 ** 2));
  return Math.max(-1, Math.min(1, s));
}

/** Points as flat row-major arrays: `x` holds (x₁, x₂) pairs, `y` one label (or target) per point. */
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
      case 'plane':
      case 'bumps': {
        // uniform in the square; the noise jitters the target, not the point
        px = 2 * rand() - 1;
        py = 2 * rand() - 1;
        label = regressionTarget(name, px, py) + (sigma > 0 ? sigma * gaussian(rand) : 0);
        x[2 * i] = px;
        x[2 * i + 1] = py;
        y[i] = label;
        continue;
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

/** Points generated per data set; the train/validation ratio splits them. */
export const POOL = 360;

function slice(p: Points, from: number, to: number): Points {
  return { x: p.x.slice(2 * from, 2 * to), y: p.y.slice(from, to), rows: to - from };
}

/**
 * The training and validation points of one setting: one seeded pool of `POOL`
 * points, the first `trainFraction` of them for training, the rest for validation.
 * The generators alternate the classes, so both halves hold both.
 */
export function makeSplit(name: DatasetName, noise: number, seed: number, trainFraction = 2 / 3): { train: Points; val: Points } {
  const pool = makeDataset(name, POOL, noise, seed * 2 + 1);
  const cut = Math.max(2, Math.min(POOL - 2, 2 * Math.round((trainFraction * POOL) / 2)));
  return { train: slice(pool, 0, cut), val: slice(pool, cut, POOL) };
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
