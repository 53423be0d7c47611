/**
 * A predictor: the forward pass for the rows of a flat array, into an array the
 * caller keeps, with everything that does not depend on the rows done once when it
 * is made. This is the path for a row at a time (a digit someone just drew, a form
 * just filled in), where `predict`'s conversions and allocations would cost more
 * than the arithmetic.
 */
import { fail } from './errors.js';
import type { Backend } from './backend.js';

/**
 * A network's forward pass for a row or a few at a time (`net.predictor()`): checks done
 * once, outputs written into the caller's array, nothing allocated per call.
 */
export interface Predictor {
  /** Values per input row (s_1). */
  readonly inputs: number;
  /** Values per output row (s_n). */
  readonly outputs: number;
  /**
   * The outputs t^(n) of the rows in `input` (flat, row-major: its length a multiple
   * of `inputs`), written to `output` (its first rows × `outputs` values) and
   * returned; without `output`, into a new Float32Array. A Float32Array input is the
   * fastest; number arrays are converted on the way. Throws SHAPE_MISMATCH for an
   * input that is not whole rows or an output too short, NON_FINITE for NaN or ±∞
   * in the input (naming the row and column), DISPOSED after the network or the
   * predictor was disposed. Nothing is allocated per call when `output` is given.
   */
  run(input: ArrayLike<number>, output?: Float32Array): Float32Array;
  /** Frees what the predictor holds (the network's `dispose` frees it too); later runs throw DISPOSED. */
  dispose(): void;
}

/** The rows in `input`, after checking its shape and the output's; `output` made when not given. */
export function checkRun(input: ArrayLike<number>, output: Float32Array | undefined, inputs: number, outputs: number): { rows: number; output: Float32Array } {
  const length = (input as { length?: unknown } | null)?.length;
  if (typeof length !== 'number' || typeof input !== 'object' || input === null)
    fail('SHAPE_MISMATCH', 'predictor input must be a Float32Array or an array of numbers (rows one after another)');
  const rows = length / inputs;
  if (!Number.isInteger(rows) || rows < 1) {
    fail('SHAPE_MISMATCH', `predictor input has ${length} values: not a whole number ≥ 1 of rows of ${inputs}`, { expected: inputs, actual: length });
  }
  if (output === undefined) return { rows, output: new Float32Array(rows * outputs) };
  if (!(output instanceof Float32Array)) fail('SHAPE_MISMATCH', 'predictor output must be a Float32Array');
  if (output.length < rows * outputs) {
    fail('SHAPE_MISMATCH', `predictor output holds ${output.length} values; ${rows} rows of ${outputs} outputs need ${rows * outputs}`, {
      expected: rows * outputs,
      actual: output.length,
    });
  }
  return { rows, output };
}

/** Throws NON_FINITE naming the first value of `data` (rows of `cols`) that is not finite, rows counted from `firstRow`. */
export function throwNonFinite(data: Float32Array, cols: number, firstRow: number): never {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      const row = firstRow + Math.floor(i / cols);
      const column = i % cols;
      fail('NON_FINITE', `input[${row}][${column}] is ${v}; values must be finite numbers (float32 range)`, { row, column });
    }
  }
  fail('NON_FINITE', 'the input holds a value that is not finite');
}

/**
 * Copies `count` values of `input` from `from` into `to` at `at`: a typed array in
 * one copy, a number array value by value (a value that is not a number is named).
 */
export function copyRows(input: ArrayLike<number>, from: number, count: number, to: Float32Array, at: number, cols: number): void {
  if (input instanceof Float32Array) {
    to.set(from === 0 && input.length === count ? input : input.subarray(from, from + count), at);
    return;
  }
  for (let i = 0; i < count; i++) {
    const v = input[from + i];
    if (typeof v !== 'number') {
      const k = from + i;
      fail('NON_FINITE', `input[${Math.floor(k / cols)}][${k % cols}] is ${typeof v}, not a number`, { row: Math.floor(k / cols), column: k % cols });
    }
    to[at + i] = v;
  }
}

/** The predictor of a backend without a fast path (the reference): its predict, behind the same checks. */
export class BackendPredictor implements Predictor {
  readonly inputs: number;
  readonly outputs: number;
  private live = true;

  constructor(
    private readonly backend: Backend,
    /** Whether the network is still there; `network` holds it (see WasmPredictor). */
    private readonly owner: { alive: () => boolean; network?: object },
  ) {
    const { layers } = backend.spec;
    this.inputs = layers[0]!;
    this.outputs = layers[layers.length - 1]!;
  }

  run(input: ArrayLike<number>, output?: Float32Array): Float32Array {
    if (!this.live || !this.owner.alive()) fail('DISPOSED', 'this predictor or its network was disposed');
    const checked = checkRun(input, output, this.inputs, this.outputs);
    const x = new Float32Array(checked.rows * this.inputs);
    copyRows(input, 0, x.length, x, 0, this.inputs);
    let probe = 0;
    for (let i = 0; i < x.length; i++) probe += x[i]! * 0;
    if (probe !== 0) throwNonFinite(x, this.inputs, 0);
    checked.output.set(this.backend.predict(x, checked.rows));
    return checked.output;
  }

  dispose(): void {
    this.live = false;
  }
}
