type Table = readonly (readonly number[])[] | readonly Float32Array[];
export interface Scaled {
    rows: number[][];
    /** Scales other rows with the same statistics. */
    apply(rows: Table): number[][];
}
/** x' = (x − mean) / std per column; a constant column gets std 1 (it becomes 0). */
export declare function standardize(rows: Table): Scaled & {
    mean: number[];
    std: number[];
};
/** x' = lo + (x − min) (hi − lo) / (max − min) per column; a constant column maps to lo. */
export declare function minMaxScale(rows: Table, range?: readonly [number, number]): Scaled & {
    min: number[];
    max: number[];
};
/** Class labels 0 … classes − 1 as one-hot rows; `classes` defaults to the largest label + 1. */
export declare function oneHot(labels: readonly number[], classes?: number): number[][];
export {};
