/**
 * Seeded splits: train/test (`split`), k folds (`kFold`) and k-fold cross-validation
 * (`crossValidate`). Stratified splits keep each class's share in every part. The
 * same seed gives the same parts, on any machine.
 */
import { classLabels, type Dataset, isDataset, takeRows } from './dataset.js';
import { Encoder, type EncoderOptions } from './encoder.js';
import { fail } from './errors.js';
import { argmaxRow, type Evaluation } from './metrics.js';
import type { Network } from './network.js';
import { deriveSeed, Random } from './random.js';
import { describe, readOptions } from './options.js';
import type { FlatRows, Rows, TrainOptions } from './types.js';

/** What can be split: a dataset, or inputs with their targets (arrays of rows or flat rows). */
export interface Pairs {
  /** The input rows. */
  inputs: Rows;
  /** Their targets. */
  targets: Rows;
}
/** A dataset, or inputs with their targets. */
export type Splittable = Dataset | Pairs;

/** How `trainTestSplit` splits. */
export interface SplitOptions {
  /** Fraction of the rows held out for testing; default 0.2. */
  test?: number;
  /** Seed of the shuffle. Default 1. */
  seed?: number;
  /** Keep each class's share in both parts (classification data). Default false. */
  stratify?: boolean;
}

/** How the rows are dealt into folds. */
export interface FoldOptions {
  /** Number of folds k ≥ 2; default 5. */
  folds?: number;
  /** Seed of the shuffle. Default 1. */
  seed?: number;
  /** Keep each class's share in every fold (classification data). Default false. */
  stratify?: boolean;
}

/** One fold: which rows train and which are held out. */
export interface Fold {
  /** Row indices of the training part. */
  train: number[];
  /** Row indices of the held-out part. */
  test: number[];
}

/** The options checked for unknown names (with a suggestion), as every options object of the API is. */
function checkKeys<T extends object>(options: T, known: readonly (keyof T & string)[], what: string): T {
  return readOptions(options, Object.fromEntries(known.map((k) => [k, true])) as never, `${what} options`) as T;
}

function checkSeed(seed: unknown): number {
  if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > 0xffffffff)
    fail('INVALID_OPTION', `seed must be an integer in [0, 2³²), got ${describe(seed)}`);
  return seed as number;
}

/** Rows of a flat or array form, and the width of a flat row. */
function count(rows: Rows, what: string): { rows: number; cols: number } {
  if (Array.isArray(rows)) {
    if (rows.length === 0) fail('SHAPE_MISMATCH', `${what} has no rows`);
    return { rows: rows.length, cols: (rows[0] as ArrayLike<number>).length };
  }
  const flat = rows as FlatRows;
  if (
    typeof flat !== 'object' ||
    flat === null ||
    !(flat.data instanceof Float32Array) ||
    !Number.isInteger(flat.rows) ||
    flat.rows < 1 ||
    flat.data.length % flat.rows !== 0
  ) {
    fail('SHAPE_MISMATCH', `${what} must be an array of rows or { data: Float32Array, rows }`);
  }
  return { rows: flat.rows, cols: flat.data.length / flat.rows };
}

function sizeOf(data: Splittable): number {
  if (isDataset(data)) return data.rows;
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'inputs') || !Object.hasOwn(data, 'targets'))
    fail('INVALID_OPTION', 'data must be a dataset or { inputs, targets }');
  const x = count(data.inputs, 'inputs');
  const y = count(data.targets, 'targets');
  if (x.rows !== y.rows) fail('SHAPE_MISMATCH', `inputs have ${x.rows} rows but targets have ${y.rows}`);
  return x.rows;
}

/** The class of every row, for stratification: a dataset's categorical target, or the arg-max of each target row. */
function labelsOf(data: Splittable): number[] {
  if (isDataset(data)) {
    const found = classLabels(data);
    if (!found) fail('INVALID_OPTION', 'stratify needs a dataset with one categorical target');
    return found.labels;
  }
  const { rows, cols } = count(data.targets, 'targets');
  const flat = Array.isArray(data.targets) ? null : (data.targets as FlatRows).data;
  return Array.from({ length: rows }, (_, r) =>
    flat ? argmaxRow(flat, r * cols, cols) : argmaxRow((data.targets as readonly ArrayLike<number>[])[r]!, 0, cols),
  );
}

function pickRows(rows: Rows, idx: readonly number[]): Rows {
  if (Array.isArray(rows)) return idx.map((i) => rows[i]!) as Rows;
  const flat = rows as FlatRows;
  const cols = flat.data.length / flat.rows;
  const data = new Float32Array(idx.length * cols);
  idx.forEach((i, r) => data.set(flat.data.subarray(i * cols, (i + 1) * cols), r * cols));
  return { data, rows: idx.length };
}

/** The rows `idx` of the data, in the data's own form. */
export function subset<T extends Splittable>(data: T, idx: readonly number[]): T {
  if (isDataset(data)) return takeRows(data, idx) as T;
  const pairs = data as Pairs;
  return { inputs: pickRows(pairs.inputs, idx), targets: pickRows(pairs.targets, idx) } as T;
}

function shuffled(n: number, random: Random): number[] {
  const idx = new Uint32Array(n).map((_, i) => i);
  random.shuffle(idx);
  return Array.from(idx);
}

/** Row indices grouped by class (each group shuffled), or one shuffled group. */
function groups(data: Splittable, n: number, stratify: boolean, random: Random): number[][] {
  const order = shuffled(n, random);
  if (!stratify) return [order];
  const labels = labelsOf(data);
  const byClass = new Map<number, number[]>();
  for (const i of order) {
    const list = byClass.get(labels[i]!) ?? [];
    list.push(i);
    byClass.set(labels[i]!, list);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((k) => byClass.get(k)!);
}

/** A seeded train/test split; `stratify` takes round(share × class size) test rows from each class. */
export function split<T extends Splittable>(
  data: T,
  options: SplitOptions = {},
): {
  /** The rows to train on. */
  train: T;
  /** The held-out rows. */
  test: T;
} {
  options = checkKeys(options, ['test', 'seed', 'stratify'], 'split');
  const n = sizeOf(data);
  const share = options.test ?? 0.2;
  if (typeof share !== 'number' || !(share > 0 && share < 1)) fail('INVALID_OPTION', `test must be a fraction between 0 and 1, got ${describe(share)}`);
  const random = new Random(deriveSeed(checkSeed(options.seed ?? 1), 10));
  const train: number[] = [];
  const test: number[] = [];
  for (const group of groups(data, n, options.stratify ?? false, random)) {
    const held = Math.round(group.length * share);
    test.push(...group.slice(0, held));
    train.push(...group.slice(held));
  }
  if (train.length === 0 || test.length === 0)
    fail('INVALID_OPTION', `test ${share} of ${n} rows leaves ${train.length} training and ${test.length} test rows; both need at least one`);
  // Classes interleaved again, so that the parts are not sorted by class.
  const mix = (idx: number[]) => shuffled(idx.length, random).map((i) => idx[i]!);
  return { train: subset(data, mix(train)), test: subset(data, mix(test)) };
}

/** k seeded folds: every row is held out in exactly one of them. Stratified folds deal each class's rows round the folds. */
export function kFold(data: Splittable | number, options: FoldOptions = {}): Fold[] {
  options = checkKeys(options, ['folds', 'seed', 'stratify'], 'kFold');
  const n = typeof data === 'number' ? data : sizeOf(data);
  if (!Number.isInteger(n) || n < 2) fail('INVALID_OPTION', `kFold needs at least 2 rows, got ${describe(n)}`);
  const k = options.folds ?? 5;
  if (!Number.isInteger(k) || k < 2 || k > n) fail('INVALID_OPTION', `folds must be an integer from 2 to the number of rows (${n}), got ${describe(k)}`);
  const stratify = options.stratify ?? false;
  if (stratify && typeof data === 'number') fail('INVALID_OPTION', 'stratify needs the data, not a row count');
  const random = new Random(deriveSeed(checkSeed(options.seed ?? 1), 11));
  const held: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const group of groups(data as Splittable, n, stratify, random)) for (const i of group) held[next++ % k]!.push(i);
  return held.map((test, f) => ({ train: held.flatMap((part, g) => (g === f ? [] : part)), test }));
}

/** What `crossValidate` needs besides the data. */
export interface CrossValidateOptions extends FoldOptions {
  /**
   * Makes the network of one fold. With a dataset, the encoder is fitted on that
   * fold's training rows only and handed over (attach it: `preprocessing: encoder`);
   * with { inputs, targets } it is null.
   */
  network: (encoder: Encoder | null) => Network | Promise<Network>;
  /** Options of every fold's `train`. */
  train?: TrainOptions;
  /** How each fold's encoder scales (datasets only). */
  encoder?: EncoderOptions;
}

/** What `crossValidate` returns. */
export interface CrossValidation {
  /** Every fold's evaluation on its held-out rows. */
  folds: Evaluation[];
  /** Mean of each figure over the folds. */
  mean: Record<string, number>;
  /** Spread: the population standard deviation √(Σ (x − mean)² / k) of each figure over the folds. */
  std: Record<string, number>;
}

/** The figures summarised over folds. */
function figures(e: Evaluation): Record<string, number> {
  if (e.task === 'classification')
    return {
      loss: e.loss,
      accuracy: e.accuracy,
      macroPrecision: e.macro.precision,
      macroRecall: e.macro.recall,
      macroF1: e.macro.f1,
      weightedF1: e.weighted.f1,
    };
  return { loss: e.loss, mse: e.mse, rmse: e.rmse, mae: e.mae, r2: e.r2 };
}

/**
 * k-fold cross-validation: trains k networks (each on k − 1 folds), evaluates each on
 * its held-out fold and reports every fold with the mean and spread. The networks
 * are disposed afterwards.
 */
export async function crossValidate(data: Splittable, options: CrossValidateOptions): Promise<CrossValidation> {
  options = checkKeys(options, ['folds', 'seed', 'stratify', 'network', 'train', 'encoder'], 'crossValidate');
  if (typeof options.network !== 'function') fail('INVALID_OPTION', 'crossValidate needs network: (encoder) => a new Network');
  const folds = kFold(data, { folds: options.folds, seed: options.seed, stratify: options.stratify });
  const results: Evaluation[] = [];
  for (const fold of folds) {
    const train = subset(data, fold.train);
    const test = subset(data, fold.test);
    const encoder = isDataset(train) ? Encoder.fit(train, options.encoder) : null;
    const net = await options.network(encoder);
    try {
      if (encoder && !net.preprocessing) net.preprocessing = encoder;
      const fit = encoder ? encoder.transform(train as Dataset) : (train as Pairs);
      const held = encoder ? encoder.transform(test as Dataset) : (test as Pairs);
      await net.train(fit.inputs, fit.targets, options.train);
      results.push(net.evaluate(held.inputs, held.targets));
    } finally {
      net.dispose();
    }
  }
  const table = results.map(figures);
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  for (const key of Object.keys(table[0]!)) {
    const values = table.map((t) => t[key]!);
    mean[key] = values.reduce((s, v) => s + v, 0) / values.length;
    std[key] = Math.sqrt(values.reduce((s, v) => s + (v - mean[key]!) ** 2, 0) / values.length);
  }
  return { folds: results, mean, std };
}
