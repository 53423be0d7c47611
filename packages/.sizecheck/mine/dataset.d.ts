export type ColumnKind = 'numeric' | 'categorical';
export interface Dataset {
    /** Every column kept, in the order of the source (features and targets). */
    readonly columns: readonly string[];
    /** Every column of the source in its order, ignored ones included (raw rows given as arrays follow it). */
    readonly header?: readonly string[];
    readonly kinds: Readonly<Record<string, ColumnKind>>;
    /** Values by column name: numbers for numeric columns, strings for categorical ones. */
    readonly values: Readonly<Record<string, readonly number[] | readonly string[]>>;
    /** The input columns: every column that is not a target. */
    readonly features: readonly string[];
    readonly targets: readonly string[];
    /** The classes of a single categorical target, sorted. */
    readonly classes?: readonly string[];
    readonly rows: number;
}
export declare function isDataset(x: unknown): x is Dataset;
/** A record with no prototype: column names are looked up as own keys only. */
export declare function record<T>(): Record<string, T>;
/** The rows `idx` of a dataset, in that order (a new dataset; the classes stay those of the whole). */
export declare function takeRows(ds: Dataset, idx: readonly number[]): Dataset;
/**
 * The class index of every row of a single categorical target (its place in
 * `classes`), or null when the dataset has no such target.
 */
export declare function classLabels(ds: Dataset): {
    labels: number[];
    classes: readonly string[];
} | null;
