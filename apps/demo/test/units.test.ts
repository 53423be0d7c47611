import { describe, expect, it } from 'vitest';
import { POOL, gridPoints, makeDataset, makeSplit, regressionTarget, taskOf } from '../src/datasets';
import { FEATURES, orderFeatures, toFeatures } from '../src/features';
import { toMnist } from '../src/preprocess';
import { networkOptions, parseBatchSize, parseHidden, parseLearningRate } from '../src/settings';

describe('control parsing', () => {
  it('reads hidden layer lists', () => {
    expect(parseHidden('8,8')).toEqual({ ok: true, value: [8, 8] });
    expect(parseHidden(' 16, 4 ,2 ')).toEqual({ ok: true, value: [16, 4, 2] });
    expect(parseHidden('')).toMatchObject({ ok: false, message: expect.stringMatching(/at least one/) });
    expect(parseHidden('8,x')).toMatchObject({ ok: false, message: expect.stringMatching(/"x"/) });
    expect(parseHidden('0')).toMatchObject({ ok: false });
    expect(parseHidden('1.5')).toMatchObject({ ok: false });
    expect(parseHidden('1000')).toMatchObject({ ok: false });
  });
  it('reads learning rates and batch sizes', () => {
    expect(parseLearningRate('0.03')).toEqual({ ok: true, value: 0.03 });
    expect(parseLearningRate('1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseLearningRate('0')).toMatchObject({ ok: false, message: expect.stringMatching(/greater than 0/) });
    expect(parseLearningRate('-1')).toMatchObject({ ok: false });
    expect(parseLearningRate('abc')).toMatchObject({ ok: false, message: expect.stringMatching(/not a number/) });
    expect(parseBatchSize('16')).toEqual({ ok: true, value: 16 });
    expect(parseBatchSize('0')).toMatchObject({ ok: false });
    expect(parseBatchSize('2.5')).toMatchObject({ ok: false });
  });
  const model = {
    dataset: 'xor',
    noise: 0,
    trainFraction: 0.7,
    features: ['x1', 'x2'],
    hidden: [8, 4],
    activation: 'relu',
    loss: 'mse',
    backend: 'wasm',
    threads: 'auto',
    seed: 3,
  } as const;
  it('builds the network options: an input per feature, the hidden layers, 1 sigmoid output', () => {
    const o = networkOptions({ ...model, features: [...model.features], hidden: [...model.hidden] });
    expect(o).toEqual({ layers: [2, 8, 4, 1], activation: ['relu', 'relu', 'sigmoid'], loss: 'mse', seed: 3, backend: 'wasm', threads: 'auto' });
    const three = networkOptions({ ...model, features: ['x1', 'x1sq', 'sinx2'], hidden: [5], loss: 'cross-entropy' });
    expect(three).toMatchObject({ layers: [3, 5, 1], activation: ['relu', 'sigmoid'], loss: 'cross-entropy' });
  });
  it('gives regression data sets a linear output trained on mse', () => {
    const o = networkOptions({ ...model, dataset: 'bumps', features: ['x1', 'x2'], hidden: [6], loss: 'cross-entropy' });
    expect(o).toMatchObject({ layers: [2, 6, 1], activation: ['relu', 'linear'], loss: 'mse' });
  });
});

describe('data sets', () => {
  it('are seeded and labelled 0/1', () => {
    for (const name of ['xor', 'circles', 'spirals', 'blobs'] as const) {
      const a = makeDataset(name, 100, 0.1, 5);
      const b = makeDataset(name, 100, 0.1, 5);
      expect(a.x).toEqual(b.x);
      expect(new Set(a.y)).toEqual(new Set([0, 1]));
      expect(a.x.every((v) => Number.isFinite(v))).toBe(true);
    }
  });
  it('labels XOR by the signs when there is no noise', () => {
    const { x, y, rows } = makeDataset('xor', 200, 0, 1);
    for (let i = 0; i < rows; i++) expect(y[i]).toBe(x[2 * i] * x[2 * i + 1] < 0 ? 1 : 0);
  });
  it('splits one pool by the training ratio', () => {
    const { train, val } = makeSplit('circles', 0, 1, 0.7);
    expect(train.rows + val.rows).toBe(POOL);
    expect(train.rows).toBe(Math.round(0.7 * POOL));
    expect(new Set(val.y)).toEqual(new Set([0, 1]));
    const small = makeSplit('circles', 0, 1, 0.1);
    expect(small.train.rows).toBe(Math.round(0.1 * POOL));
    // the same pool: the first points of a larger training share are the smaller one's
    expect(train.x.slice(0, small.train.x.length)).toEqual(small.train.x);
  });
  it('gives regression points their target (plus noise)', () => {
    for (const name of ['plane', 'bumps'] as const) {
      const clean = makeDataset(name, 200, 0, 4);
      for (let i = 0; i < clean.rows; i++) expect(clean.y[i]).toBeCloseTo(regressionTarget(name, clean.x[2 * i], clean.x[2 * i + 1]), 6);
      expect(Math.min(...clean.y)).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...clean.y)).toBeLessThanOrEqual(1);
      const noisy = makeDataset(name, 200, 0.3, 4);
      expect(noisy.y).not.toEqual(clean.y);
    }
    expect(taskOf('bumps')).toBe('regression');
    expect(taskOf('spirals')).toBe('classification');
  });
  it('maps points to the chosen features, in the fixed order', () => {
    const f = toFeatures(new Float32Array([0.5, -0.25, 1, 2]), ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
    const expected = [
      0.5,
      -0.25,
      0.25,
      0.0625,
      -0.125,
      Math.sin(Math.PI * 0.5),
      Math.sin(-Math.PI * 0.25),
      1,
      2,
      1,
      4,
      2,
      Math.sin(Math.PI),
      Math.sin(2 * Math.PI),
    ];
    expect(Array.from(f)).toEqual(expected.map((v) => Math.fround(v)));
    expect(orderFeatures(['sinx2', 'x1'])).toEqual(['x1', 'sinx2']);
    expect(FEATURES.map((x) => x.id)).toHaveLength(7);
  });
  it('lays the grid out from the top left', () => {
    const g = gridPoints(4);
    expect(g[0]).toBeLessThan(0);
    expect(g[1]).toBeGreaterThan(0);
    expect(g[g.length - 2]).toBeGreaterThan(0);
    expect(g[g.length - 1]).toBeLessThan(0);
  });
});

describe('MNIST-style preprocessing', () => {
  const canvas = (w: number, h: number, ink: (x: number, y: number) => boolean) => {
    const g = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) g[y * w + x] = ink(x, y) ? 1 : 0;
    return g;
  };
  const box = (img: Float32Array) => {
    let minX = 28,
      maxX = -1,
      minY = 28,
      maxY = -1,
      mass = 0,
      mx = 0,
      my = 0;
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const v = img[y * 28 + x];
        if (v > 0) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
        mass += v;
        mx += v * x;
        my += v * y;
      }
    return { w: maxX - minX + 1, h: maxY - minY + 1, cx: mx / mass, cy: my / mass };
  };

  it('returns null for an empty pad', () => {
    expect(toMnist(new Float32Array(280 * 280), 280, 280)).toBeNull();
  });
  it('scales the longer side to 20 pixels and centres the mass', () => {
    // a thick vertical bar in the top left corner of a 280 × 280 pad
    const img = toMnist(
      canvas(280, 280, (x, y) => x >= 20 && x < 60 && y >= 10 && y < 170),
      280,
      280,
    )!;
    expect(img).toHaveLength(784);
    const b = box(img);
    expect(b.h).toBe(20);
    expect(b.w).toBe(5);
    expect(Math.abs(b.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(b.cy - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...img)).toBe(1);
    expect(Math.min(...img)).toBe(0);
  });
  it('keeps a tiny dot inside the field', () => {
    const img = toMnist(
      canvas(100, 100, (x, y) => x === 99 && y === 99),
      100,
      100,
    )!;
    expect(img.filter((v) => v > 0).length).toBe(400);
  });
});
