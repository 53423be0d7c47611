/**
 * Data helpers, so users need not write them: standardize (zero mean, unit
 * variance per column), minMaxScale (each column to a range) and oneHot. Each
 * scaler keeps its statistics and an `apply` for new rows (validation, test data),
 * which must be scaled with the training rows' statistics.
 */
import { fail } from './errors.js';
import { describe } from './spec.js';

type Table = readonly (readonly number[])[] | readonly Float32Array[];

/** What a scaler returns: the scaled rows, and a function that scales new rows alike. */
export interface Scaled {
  /** The rows it was fitted on, scaled. */
  rows: number[][];
  /** Scales other rows with the same statistics. */
  apply(rows: Table): number[][];
}

function columns(rows: Table, what: string): number {
  if (!Array.isArray(rows) || rows.length === 0) fail('SHAPE_MISMATCH', `${what} needs a non-empty array of rows`);
  const cols = rows[0]!.length;
  rows.forEach((row, r) => {
    if (row.length !== cols) fail('SHAPE_MISMATCH', `${what}: row ${r} has ${row.length} values, row 0 has ${cols}`, { row: r });
    for (let c = 0; c < cols; c++) if (!Number.isFinite(row[c])) fail('NON_FINITE', `${what}: rows[${r}][${c}] is ${describe(row[c])}`, { row: r, column: c });
  });
  return cols;
}

function scaler(cols: number, what: string, f: (v: number, c: number) => number) {
  return (rows: Table) => {
    if (columns(rows, what) !== cols) fail('SHAPE_MISMATCH', `${what}.apply: rows have ${rows[0]!.length} values, the scaler was fitted on ${cols}`);
    return rows.map((row) => Array.from(row, f));
  };
}

/** x' = (x − mean) / std per column; a constant column gets std 1 (it becomes 0). */
export function standardize(rows: Table): Scaled & {
  /** Mean of each column. */
  mean: number[];
  /** Standard deviation of each column (1 for a constant column). */
  std: number[];
} {
  const cols = columns(rows, 'standardize');
  const mean = new Array<number>(cols).fill(0);
  const std = new Array<number>(cols).fill(0);
  for (const row of rows) for (let c = 0; c < cols; c++) mean[c]! += row[c]! / rows.length;
  for (const row of rows) for (let c = 0; c < cols; c++) std[c]! += (row[c]! - mean[c]!) ** 2 / rows.length;
  for (let c = 0; c < cols; c++) std[c] = Math.sqrt(std[c]!) || 1;
  const apply = scaler(cols, 'standardize', (v, c) => (v - mean[c]!) / std[c]!);
  return { rows: apply(rows), mean, std, apply };
}

/** x' = lo + (x − min) (hi − lo) / (max − min) per column; a constant column maps to lo. */
export function minMaxScale(
  rows: Table,
  range: readonly [number, number] = [0, 1],
): Scaled & {
  /** Smallest value of each column. */
  min: number[];
  /** Largest value of each column. */
  max: number[];
} {
  const cols = columns(rows, 'minMaxScale');
  const [lo, hi] = range;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi))
    fail('INVALID_OPTION', `minMaxScale range must be two finite numbers lo < hi, got [${lo}, ${hi}]`);
  const min = new Array<number>(cols).fill(Infinity);
  const max = new Array<number>(cols).fill(-Infinity);
  for (const row of rows)
    for (let c = 0; c < cols; c++) {
      min[c] = Math.min(min[c]!, row[c]!);
      max[c] = Math.max(max[c]!, row[c]!);
    }
  const apply = scaler(cols, 'minMaxScale', (v, c) => (max[c] === min[c] ? lo : lo + ((v - min[c]!) * (hi - lo)) / (max[c]! - min[c]!)));
  return { rows: apply(rows), min, max, apply };
}

/** Class labels 0 … classes − 1 as one-hot rows; `classes` defaults to the largest label + 1. */
export function oneHot(labels: readonly number[], classes?: number): number[][] {
  if (!Array.isArray(labels) || labels.length === 0) fail('SHAPE_MISMATCH', 'oneHot needs a non-empty array of labels');
  labels.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) fail('INVALID_OPTION', `oneHot: labels[${i}] must be an integer ≥ 0, got ${describe(v)}`, { index: i });
  });
  const k = classes ?? Math.max(...labels) + 1;
  if (!Number.isInteger(k) || k < 1) fail('INVALID_OPTION', `oneHot: classes must be an integer ≥ 1, got ${describe(k)}`);
  return labels.map((v, i) => {
    if (v >= k) fail('INVALID_OPTION', `oneHot: labels[${i}] = ${v} is not below classes = ${k}`, { index: i });
    return Array.from({ length: k }, (_, j) => (j === v ? 1 : 0));
  });
}
