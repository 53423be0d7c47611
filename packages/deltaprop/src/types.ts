/**
 * The public shapes of deltaprop's API. Everything a user passes in or gets back is
 * described here; `network.ts` implements it.
 */

/** Activation of a layer. `softmax` is allowed on the output layer only. */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'linear' | 'softmax';

/**
 * `mse`: E = ½‖y − t‖² per sample (the seed's loss).
 * `cross-entropy`: with a softmax output E = −Σ y·log t; with a sigmoid output the
 * binary form E = −Σ [y·log t + (1 − y)·log(1 − t)]. Both give the output δ = t − y.
 */
export type LossName = 'mse' | 'cross-entropy';

export type BackendName = 'wasm' | 'reference';

/** Weight initialisation. `auto` is Glorot for sigmoid/tanh/linear/softmax layers, He for relu. */
export type InitName =
  | 'auto'
  | 'glorot-uniform'
  | 'glorot-normal'
  | 'he-uniform'
  | 'he-normal'
  | 'lecun-uniform'
  | 'lecun-normal';

export interface NetworkOptions {
  /** Neurons per layer, input first: `[2, 4, 1]` is 2 inputs, 4 hidden, 1 output. */
  layers: readonly number[];
  /** One activation for every layer, or one per weight layer (`layers.length − 1` names). Default `sigmoid`. */
  activation?: ActivationName | readonly ActivationName[];
  /** Default `mse`. */
  loss?: LossName;
  /** Seed of the initialisation (and of shuffling and dropout in training). Default 1. */
  seed?: number;
  /** Default `wasm`. `reference` is the plain-TypeScript oracle (float64, slow, obvious). */
  backend?: BackendName;
  /** Default `auto`. */
  init?: InitName;
  /**
   * Which WebAssembly build runs: `auto` (default) takes relaxed SIMD (fused
   * multiply-add) where the runtime has it. Relaxed results may differ in the last
   * bits between CPUs; `simd` gives the same bits everywhere.
   */
  kernels?: KernelBuild;
}

export type KernelBuild = 'auto' | 'simd' | 'relaxed-simd';

/**
 * A batch of rows. Accepted everywhere data goes in:
 * - `number[][]` or `Float32Array[]`: one array per row;
 * - `{ data, rows }`: a flat row-major Float32Array holding `rows` rows.
 * `predict` also takes one row (`number[]` or `Float32Array`).
 * Outputs come back in the form they came in.
 */
export interface FlatRows {
  data: Float32Array;
  rows: number;
}
export type Rows = readonly (readonly number[])[] | readonly Float32Array[] | FlatRows;
export type Row = readonly number[] | Float32Array;

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'rmsprop';

export type OptimizerOptions =
  | { type: 'sgd'; learningRate?: number }
  | { type: 'momentum' | 'nesterov'; learningRate?: number; momentum?: number }
  | { type: 'adam'; learningRate?: number; beta1?: number; beta2?: number; epsilon?: number }
  | { type: 'rmsprop'; learningRate?: number; rho?: number; epsilon?: number };

export interface EpochInfo {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean per-sample training loss over the epoch (measured before each batch's update). */
  loss: number;
  valLoss?: number;
  accuracy?: number;
  valAccuracy?: number;
  learningRate: number;
}

export interface TrainOptions {
  /** Default 1. */
  epochs?: number;
  /** Rows per mini-batch; default 32 (the whole set when it has fewer rows). */
  batchSize?: number;
  /** Step size η of `θ ← θ − η ∂E/∂θ`. Default 0.01 (0.001 for adam). */
  learningRate?: number;
  /** Default `sgd`. */
  optimizer?: OptimizerName | OptimizerOptions;
  /** L2 weight decay λ: adds λW to ∂E/∂W (biases are not decayed). Default 0. */
  weightDecay?: number;
  /** Reshuffle the rows every epoch (seeded). Default true. */
  shuffle?: boolean;
  onEpochEnd?: (info: EpochInfo) => void;
  /** Stops training between calls into the kernels; the network stays valid. */
  signal?: AbortSignal;
}

/** What `train` returns: one entry per finished epoch in each array. */
export interface TrainHistory {
  epochs: number;
  loss: number[];
  valLoss?: number[];
  accuracy?: number[];
  valAccuracy?: number[];
  learningRate: number[];
  /** True when `signal` stopped training early. */
  aborted: boolean;
}

/** ∂E/∂W and ∂E/∂b for every weight layer, by the δ rule; E is the mean per-sample loss over the rows. */
export interface Gradients {
  loss: number;
  /** `weights[l]` is s_l × s_(l+1), row-major: `weights[l][i * s_(l+1) + j]` is ∂E/∂w_ij. */
  weights: Float32Array[];
  biases: Float32Array[];
}

/** Parameters as plain arrays, in the layout of `Gradients`. */
export interface Parameters {
  weights: Float32Array[];
  biases: Float32Array[];
}

/** The versioned model file (`toJSON`). */
export interface ModelJSON {
  format: 'deltaprop';
  version: 1;
  layers: number[];
  activation: ActivationName[];
  loss: LossName;
  /** Row-major W^(l+1), s_l × s_(l+1). */
  weights: number[][];
  biases: number[][];
}
