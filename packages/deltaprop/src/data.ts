/**
 * Rows in, rows out. Every accepted form is copied into one flat row-major
 * Float32Array (the layout of the kernels) and checked on the way: the row count,
 * every row's width, every value finite.
 */
import { fail } from './errors.js';
import { describe } from './options.js';
import type { FlatRows, Row, Rows } from './types.js';

export type Form = 'arrays' | 'float32-rows' | 'flat' | 'single-array' | 'single-float32';

export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
  form: Form;
}

function isFlat(x: unknown): x is FlatRows {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && Object.hasOwn(x, 'data') && Object.hasOwn(x, 'rows');
}

/** Copies `input` into a flat matrix of `cols` columns; `what` names it in errors ("inputs", "targets"). */
/** The matrix's values in an array of its own (toMatrix hands a flat input's array through). */
export function ownData(m: Matrix): Float32Array {
  return m.form === 'flat' ? m.data.slice() : m.data;
}

/**
 * The rows as a row-major matrix, checked for shape and (unless `check` is false: the
 * caller's backend checks them itself) for finite values.
 */
export function toMatrix(input: Rows | Row, cols: number, what: string, allowSingle: boolean, check = true): Matrix {
  if (isFlat(input)) {
    const { data, rows } = input;
    if (!(data instanceof Float32Array)) fail('SHAPE_MISMATCH', `${what}.data must be a Float32Array`);
    if (!Number.isInteger(rows) || rows < 1) fail('SHAPE_MISMATCH', `${what}.rows must be an integer ≥ 1, got ${describe(rows)}`);
    if (data.length !== rows * cols) {
      fail('SHAPE_MISMATCH', `${what}: ${rows} rows of ${cols} values need ${rows * cols} numbers, data has ${data.length}`, {
        expected: rows * cols,
        actual: data.length,
      });
    }
    // Not copied: every backend copies what it keeps before it returns or awaits.
    if (check) checkFinite(data, cols, what);
    return { data, rows, cols, form: 'flat' };
  }
  if (Array.isArray(input) && input.length === 0) fail('SHAPE_MISMATCH', `${what} has no rows`);
  if (input instanceof Float32Array || (Array.isArray(input) && typeof input[0] === 'number')) {
    if (!allowSingle) fail('SHAPE_MISMATCH', `${what} must be an array of rows (one array per sample) or { data, rows }, got a single row`);
    const row = input as Row;
    if (row.length !== cols)
      fail('SHAPE_MISMATCH', `${what}: the row has ${row.length} values, the network expects ${cols}`, { expected: cols, actual: row.length });
    const data = Float32Array.from(row);
    checkFinite(data, cols, what);
    return { data, rows: 1, cols, form: input instanceof Float32Array ? 'single-float32' : 'single-array' };
  }
  if (!Array.isArray(input)) fail('SHAPE_MISMATCH', `${what} must be an array of rows, a single row or { data, rows }`);
  const rows = input.length;
  if (rows === 0) fail('SHAPE_MISMATCH', `${what} has no rows`);
  const data = new Float32Array(rows * cols);
  let float32 = true;
  for (let r = 0; r < rows; r++) {
    const row = input[r] as Row;
    if (!Array.isArray(row) && !(row instanceof Float32Array)) fail('SHAPE_MISMATCH', `${what}[${r}] is not an array of numbers`, { row: r });
    if (row.length !== cols) {
      fail('SHAPE_MISMATCH', `${what}[${r}] has ${row.length} values, the network expects ${cols}`, { row: r, expected: cols, actual: row.length });
    }
    if (!(row instanceof Float32Array)) float32 = false;
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (typeof v !== 'number') fail('NON_FINITE', `${what}[${r}][${c}] is ${typeof v}, not a number`, { row: r, column: c });
      data[r * cols + c] = v;
    }
  }
  checkFinite(data, cols, what);
  return { data, rows, cols, form: float32 ? 'float32-rows' : 'arrays' };
}

/** Throws NON_FINITE naming the first value of `data` (rows of `cols`) that is not finite. */
export function checkFinite(data: Float32Array, cols: number, what: string): void {
  // v · 0 is 0 for every finite v and NaN for ±∞ and NaN: one sum tells, and only a
  // failed check looks for where.
  let probe = 0;
  for (let i = 0; i < data.length; i++) probe += data[i]! * 0;
  if (probe === 0) return;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      const row = Math.floor(i / cols);
      const column = i % cols;
      fail('NON_FINITE', `${what}[${row}][${column}] is ${v}; values must be finite numbers (float32 range)`, { row, column });
    }
  }
}

/** Gives `data` (rows × cols) back in the form the input came in. */
export function fromMatrix(data: Float32Array, rows: number, cols: number, form: Form): unknown {
  switch (form) {
    case 'flat':
      return { data, rows };
    case 'single-float32':
      return data;
    case 'single-array':
      return Array.from(data);
    case 'float32-rows':
      return Array.from({ length: rows }, (_, r) => data.slice(r * cols, (r + 1) * cols));
    case 'arrays':
      return Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
  }
}
