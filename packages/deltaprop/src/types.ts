/**
 * The public shapes of deltaprop's API. Everything a user passes in or gets back is
 * described here; `network.ts` implements it.
 */
import type { Encoder, PreprocessingJSON } from './encoder.js';

/**
 * The names of the families (activations, losses, optimizers, initialisers) come
 * from their tables in families/. An activation names the function of a layer;
 * `softmax` is allowed on the output layer only.
 */
export type { ActivationName, InitName, LossName, OptimizerName } from './families/index.js';
import type { ActivationName, InitName, LossName, OptimizerName } from './families/index.js';

export type BackendName = 'wasm' | 'reference';

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
  /**
   * Threads that train together, data-parallel over each mini-batch, sharing one
   * WebAssembly memory (Node; browsers when the page is cross-origin isolated —
   * elsewhere training silently uses one thread). `auto` (the default) takes every
   * core, up to 4, for networks with at least 100,000 weights, and one thread for
   * smaller ones, where the threads would mostly wait for each other.
   */
  threads?: number | 'auto';
  /**
   * A fitted Encoder (see encoder.ts): then `predict` and `classify` take raw rows,
   * `classify` answers class names, and the model files carry the encoder.
   */
  preprocessing?: Encoder;
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

export type OptimizerOptions =
  | { type: 'sgd'; learningRate?: number }
  | { type: 'momentum' | 'nesterov'; learningRate?: number; momentum?: number }
  | { type: 'adam'; learningRate?: number; beta1?: number; beta2?: number; epsilon?: number }
  | { type: 'rmsprop'; learningRate?: number; rho?: number; epsilon?: number };

export interface EpochInfo {
  /** 1-based epoch number within this `train` call. */
  epoch: number;
  /** Mean per-sample training loss over the epoch (each batch measured before its update). */
  loss: number;
  /** Mean per-sample loss on the validation rows after the epoch. */
  valLoss?: number;
  /** Fraction of training rows classified right during the epoch (classification networks). */
  accuracy?: number;
  valAccuracy?: number;
  learningRate: number;
}

/** What `onBatchEnd` gets: called after each call into the kernels, which runs one or more whole epochs. */
export interface BatchInfo {
  epoch: number;
  /** Mini-batches trained so far in this `train` call. */
  batches: number;
  loss: number;
}

/**
 * Learning rate per epoch e = 1, 2, …, from the initial rate η₀:
 * - `step`: η₀ · gamma^⌊(e − 1) / every⌋
 * - `exponential`: η₀ · gamma^(e − 1)
 * - `cosine`: min + ½ (η₀ − min)(1 + cos(π (e − 1) / epochs)), `epochs` defaulting to the run's
 * - a function `(epoch, initialRate) => rate`.
 */
export type Schedule =
  | { type: 'step'; every: number; gamma?: number }
  | { type: 'exponential'; gamma: number }
  | { type: 'cosine'; epochs?: number; min?: number }
  | ((epoch: number, initialRate: number) => number);

export interface EarlyStopping {
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** Default `valLoss` when there are validation rows, else `loss`. */
  monitor?: 'loss' | 'valLoss';
  /** Smallest decrease that counts as improvement. Default 0. */
  minDelta?: number;
  /** Put back the parameters of the best epoch when stopping (or at the end). Default false. */
  restoreBestWeights?: boolean;
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
  /** Learning-rate schedule over the epochs of this call. */
  schedule?: Schedule;
  /** L2 weight decay λ: adds λW to ∂E/∂W (biases are not decayed). Default 0. */
  weightDecay?: number;
  /**
   * Dropout probability for the outputs of the hidden layers: one rate for all, or one
   * per hidden layer. Seeded (training stays bit-reproducible); off in predict,
   * gradients and validation. Default 0.
   */
  dropout?: number | readonly number[];
  /** Reshuffle the rows every epoch (seeded). Default true. */
  shuffle?: boolean;
  /** Hold out this fraction of the rows (the last ones, before shuffling) for validation. */
  validationSplit?: number;
  /** Rows to validate on after every epoch. */
  validationData?: { inputs: Rows; targets: Rows };
  /** Stop when the monitored loss stops improving; `true` for the defaults. */
  earlyStopping?: boolean | EarlyStopping;
  onEpochEnd?: (info: EpochInfo) => void;
  onBatchEnd?: (info: BatchInfo) => void;
  /** Stops training between calls into the kernels; the network stays valid. */
  signal?: AbortSignal;
  /**
   * Weights of the classes in the loss: `{ [class]: w }` (class names of the
   * preprocessing, else '0', '1', …; unnamed classes weigh 1) or `'balanced'`
   * (N / (k · N_c)). Each batch minimises Σ wᵢEᵢ / Σ wᵢ (see weights.ts).
   */
  classWeight?: Readonly<Record<string, number>> | 'balanced';
  /** A weight ≥ 0 per training row, multiplied with its class's weight. */
  sampleWeight?: readonly number[] | Float32Array;
}

/**
 * What `train` returns: one entry per finished epoch in each array. When nothing ran
 * between epochs (no callbacks, validation, schedule or early stopping), `loss`,
 * `learningRate` and `accuracy` are built from the kernels' figures the first time
 * one of them is read; they are ordinary arrays from then on.
 */
export interface TrainHistory {
  epochs: number;
  loss: number[];
  valLoss?: number[];
  accuracy?: number[];
  valAccuracy?: number[];
  learningRate: number[];
  /** True when `signal` stopped training early. */
  aborted: boolean;
  /** True when early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
  /** With early stopping: the 1-based epoch with the best monitored loss. */
  bestEpoch?: number;
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
  /** The fitted encoder of raw rows (optional; its own version inside, see encoder.ts). */
  preprocessing?: PreprocessingJSON;
}
