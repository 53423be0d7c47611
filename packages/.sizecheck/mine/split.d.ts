/**
 * Seeded splits: train/test (`split`), k folds (`kFold`) and k-fold cross-validation
 * (`crossValidate`). Stratified splits keep each class's share in every part. The
 * same seed gives the same parts, on any machine.
 */
import { type Dataset } from './dataset.js';
import { Encoder, type EncoderOptions } from './encoder.js';
import { type Evaluation } from './metrics.js';
import type { Network } from './network.js';
import type { Rows, TrainOptions } from './types.js';
/** What can be split: a dataset, or inputs with their targets (arrays of rows or flat rows). */
export interface Pairs {
    inputs: Rows;
    targets: Rows;
}
export type Splittable = Dataset | Pairs;
export interface SplitOptions {
    /** Fraction of the rows held out for testing; default 0.2. */
    test?: number;
    /** Default 1. */
    seed?: number;
    /** Keep each class's share in both parts (classification data). Default false. */
    stratify?: boolean;
}
export interface FoldOptions {
    /** Number of folds k ≥ 2; default 5. */
    folds?: number;
    seed?: number;
    stratify?: boolean;
}
export interface Fold {
    /** Row indices of the training part and of the held-out part. */
    train: number[];
    test: number[];
}
/** The rows `idx` of the data, in the data's own form. */
export declare function subset<T extends Splittable>(data: T, idx: readonly number[]): T;
/** A seeded train/test split; `stratify` takes round(share × class size) test rows from each class. */
export declare function split<T extends Splittable>(data: T, options?: SplitOptions): {
    train: T;
    test: T;
};
/** k seeded folds: every row is held out in exactly one of them. Stratified folds deal each class's rows round the folds. */
export declare function kFold(data: Splittable | number, options?: FoldOptions): Fold[];
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
export interface CrossValidation {
    /** Every fold's evaluation on its held-out rows. */
    folds: Evaluation[];
    /** Mean of each figure over the folds. */
    mean: Record<string, number>;
    /** Spread: the population standard deviation √(Σ (x − mean)² / k) of each figure over the folds. */
    std: Record<string, number>;
}
/**
 * k-fold cross-validation: trains k networks (each on k − 1 folds), evaluates each on
 * its held-out fold and reports every fold with the mean and spread. The networks
 * are disposed afterwards.
 */
export declare function crossValidate(data: Splittable, options: CrossValidateOptions): Promise<CrossValidation>;
