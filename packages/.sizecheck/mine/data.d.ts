import type { Row, Rows } from './types.js';
export type Form = 'arrays' | 'float32-rows' | 'flat' | 'single-array' | 'single-float32';
export interface Matrix {
    data: Float32Array;
    rows: number;
    cols: number;
    form: Form;
}
/** Copies `input` into a flat matrix of `cols` columns; `what` names it in errors ("inputs", "targets"). */
/** The matrix's values in an array of its own (toMatrix hands a flat input's array through). */
export declare function ownData(m: Matrix): Float32Array;
/**
 * The rows as a row-major matrix, checked for shape and (unless `check` is false: the
 * caller's backend checks them itself) for finite values.
 */
export declare function toMatrix(input: Rows | Row, cols: number, what: string, allowSingle: boolean, check?: boolean): Matrix;
/** Throws NON_FINITE naming the first value of `data` (rows of `cols`) that is not finite. */
export declare function checkFinite(data: Float32Array, cols: number, what: string): void;
/** Gives `data` (rows × cols) back in the form the input came in. */
export declare function fromMatrix(data: Float32Array, rows: number, cols: number, form: Form): unknown;
