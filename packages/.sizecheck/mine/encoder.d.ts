/**
 * The fitted preprocessing of a table: numeric columns standardised or scaled to a
 * range, categorical ones one-hot, the class names of the target. Fitted once on
 * the training rows, it travels with the network (model files carry it as
 * `preprocessing`), so a loaded model takes raw rows and answers class names.
 *
 * Input layout: the features in column order, each numeric column one value, each
 * categorical column one value per category (1 for its category, 0 elsewhere).
 */
import { type Dataset } from './dataset.js';
import type { FlatRows } from './types.js';
/** How numeric columns are scaled: x' = (x − mean) / std, x' = lo + (x − min)(hi − lo) / (max − min), or left alone. */
export type Scaling = 'standard' | 'minmax' | 'none';
export interface EncoderOptions {
    /** Default `standard`. */
    scale?: Scaling;
    /** The range of `minmax`; default [0, 1]. */
    range?: readonly [number, number];
}
export type FeatureJSON = {
    name: string;
    kind: 'numeric';
    scale: 'standard';
    mean: number;
    std: number;
} | {
    name: string;
    kind: 'numeric';
    scale: 'minmax';
    min: number;
    max: number;
    range: [number, number];
} | {
    name: string;
    kind: 'numeric';
    scale: 'none';
} | {
    name: string;
    kind: 'categorical';
    categories: string[];
};
/** The `preprocessing` field of a model file, version 1. */
export interface PreprocessingJSON {
    version: 1;
    /** The columns of a raw row given as an array, in the order of the source file. */
    columns: string[];
    features: FeatureJSON[];
    /** Target columns; `classes` for a single categorical target (one output per class). */
    targets: {
        names: string[];
        classes?: string[];
    };
}
/** A raw row: keyed by column name, or an array in the source's column order (all columns, or the features alone). */
export type RawRow = Readonly<Record<string, unknown>> | readonly unknown[];
/** Cells read as missing, in files and in raw rows. */
export declare const MISSING_TOKENS: readonly string[];
export declare class Encoder {
    /** Width of the encoded input rows: the network's first layer. */
    readonly inputs: number;
    /** Width of the encoded targets: the network's last layer. */
    readonly outputs: number;
    private readonly spec;
    private readonly categoryIndex;
    /** Where each feature's values start in an encoded row. */
    private readonly offsets;
    private constructor();
    /** Fits the statistics of every feature on `data` (the training rows only: test rows must not leak into them). */
    static fit(data: Dataset, options?: EncoderOptions): Encoder;
    /** Loads the `preprocessing` of a model file, checked field by field (CORRUPT_MODEL with the path of what is wrong). */
    static fromJSON(json: unknown, what?: string): Encoder;
    toJSON(): PreprocessingJSON;
    /** The class names of the outputs (a single categorical target), or undefined. */
    get classes(): readonly string[] | undefined;
    /** The names of the feature columns, in the order of the encoded row. */
    get features(): readonly string[];
    /** The encoded inputs (and targets, when the dataset has the target columns) of a dataset, as flat rows. */
    transform(data: Dataset): {
        inputs: FlatRows;
        targets: FlatRows;
    };
    private targets;
    /** Raw rows (objects keyed by column name, or arrays in the source's column order) as encoded flat rows. */
    encode(rows: readonly RawRow[]): FlatRows;
    /**
     * The encoded targets of raw rows that hold them (objects keyed by column name, or
     * arrays of all the source's columns): one-hot classes, or the numbers as they are.
     */
    encodeTargets(rows: readonly RawRow[]): FlatRows;
    /** Writes feature i's encoding of `value` into the row of `x` starting at `at`. */
    private put;
}
/** Checks a `preprocessing` field field by field; CORRUPT_MODEL with `details.path` on anything wrong. */
export declare function checkPreprocessing(json: unknown, what?: string): PreprocessingJSON;
