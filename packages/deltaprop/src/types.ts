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

/** What computes: the WebAssembly SIMD kernels, or the plain-TypeScript reference (float64). */
export type BackendName = 'wasm' | 'reference';

/** What `Network.create` takes: the shape of the network and how it computes. */
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
   * smaller ones, where the threads would mostly wait for each other. Without
   * dropout, a team trains to exactly the parameters one thread gives.
   */
  threads?: number | 'auto';
  /**
   * A fitted Encoder (see encoder.ts): then `predict` and `classify` take raw rows,
   * `classify` answers class names, and the model files carry the encoder.
   */
  preprocessing?: Encoder;
}

/** Which WebAssembly build runs (`NetworkOptions.kernels`). */
export type KernelBuild = 'auto' | 'simd' | 'relaxed-simd';

/**
 * A batch of rows. Accepted everywhere data goes in:
 * - `number[][]` or `Float32Array[]`: one array per row;
 * - `{ data, rows }`: a flat row-major Float32Array holding `rows` rows.
 * `predict` also takes one row (`number[]` or `Float32Array`).
 * Outputs come back in the form they came in.
 */
export interface FlatRows {
  /** `rows` rows one after the other; row r is `data.subarray(r * columns, (r + 1) * columns)`. */
  data: Float32Array;
  /** How many rows `data` holds. */
  rows: number;
}
/** A batch of rows, in any of the three forms of `FlatRows`'s description. */
export type Rows = readonly (readonly number[])[] | readonly Float32Array[] | FlatRows;
/** One row of numbers. */
export type Row = readonly number[] | Float32Array;

/** An optimizer with its settings; an omitted `learningRate` is `TrainOptions.learningRate`. */
export type OptimizerOptions =
  | {
      /** θ ← θ − η ∂E/∂θ. */
      type: 'sgd';
      /** η. */
      learningRate?: number;
    }
  | {
      /** Polyak momentum, or Nesterov's look-ahead form. */
      type: 'momentum' | 'nesterov';
      /** η. */
      learningRate?: number;
      /** μ, the fraction of the last step kept. Default 0.9. */
      momentum?: number;
    }
  | {
      /** Adam (Kingma & Ba, 2015), with bias correction. */
      type: 'adam';
      /** η. Default 0.001. */
      learningRate?: number;
      /** β₁, decay of the first-moment estimate. Default 0.9. */
      beta1?: number;
      /** β₂, decay of the second-moment estimate. Default 0.999. */
      beta2?: number;
      /** ε added to √v̂. Default 1e-8. */
      epsilon?: number;
    }
  | {
      /** RMSProp (Tieleman & Hinton, 2012). */
      type: 'rmsprop';
      /** η. */
      learningRate?: number;
      /** ρ, decay of the mean square. Default 0.9. */
      rho?: number;
      /** ε added to the root mean square. Default 1e-7. */
      epsilon?: number;
    };

/** What `onEpochEnd` gets after each epoch. */
export interface EpochInfo {
  /** 1-based epoch number within this `train` call. */
  epoch: number;
  /** Mean per-sample training loss over the epoch (each batch measured before its update). */
  loss: number;
  /** Mean per-sample loss on the validation rows after the epoch. */
  valLoss?: number;
  /** Fraction of training rows classified right during the epoch (classification networks). */
  accuracy?: number;
  /** Fraction of validation rows classified right after the epoch (classification networks). */
  valAccuracy?: number;
  /** η used in this epoch (after the schedule). */
  learningRate: number;
}

/** What `onBatchEnd` gets: called after each call into the kernels, which runs one or more whole epochs. */
export interface BatchInfo {
  /** The epoch the last mini-batch belonged to (1-based). */
  epoch: number;
  /** Mini-batches trained so far in this `train` call. */
  batches: number;
  /** Mean per-sample loss of the mini-batches of this call into the kernels. */
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
  | {
      /** η₀ · gamma^⌊(e − 1) / every⌋. */
      type: 'step';
      /** Epochs between two steps down. */
      every: number;
      /** Factor of each step. Default 0.1. */
      gamma?: number;
    }
  | {
      /** η₀ · gamma^(e − 1). */
      type: 'exponential';
      /** Factor per epoch. */
      gamma: number;
    }
  | {
      /** min + ½ (η₀ − min)(1 + cos(π (e − 1) / epochs)). */
      type: 'cosine';
      /** Length of the half cosine wave; default the epochs of the run. */
      epochs?: number;
      /** The rate it falls to. Default 0. */
      min?: number;
    }
  | ((epoch: number, initialRate: number) => number);

/** When to stop training early (`TrainOptions.earlyStopping`). */
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

/** What `train` and `trainInWorker` take besides the data; every option is optional. */
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
  validationData?: {
    /** Validation inputs, as many columns as the input layer. */
    inputs: Rows;
    /** Their targets, as many columns as the output layer. */
    targets: Rows;
  };
  /** Stop when the monitored loss stops improving; `true` for the defaults. */
  earlyStopping?: boolean | EarlyStopping;
  /** Called after every epoch (in `trainInWorker`, streamed from the worker). */
  onEpochEnd?: (info: EpochInfo) => void;
  /** Called after every call into the kernels. */
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
  /** Epochs finished. */
  epochs: number;
  /** Mean per-sample training loss of each epoch. */
  loss: number[];
  /** Validation loss after each epoch, with validation rows. */
  valLoss?: number[];
  /** Training accuracy of each epoch, for classification networks. */
  accuracy?: number[];
  /** Validation accuracy after each epoch, with validation rows. */
  valAccuracy?: number[];
  /** η of each epoch. */
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
  /** E at the current parameters: the mean per-sample loss over the rows. */
  loss: number;
  /** `weights[l]` is s_l × s_(l+1), row-major: `weights[l][i * s_(l+1) + j]` is ∂E/∂w_ij. */
  weights: Float32Array[];
  /** `biases[l]` holds s_(l+1) values: ∂E/∂b_j. */
  biases: Float32Array[];
}

/** Parameters as plain arrays, in the layout of `Gradients`. */
export interface Parameters {
  /** W^(l+1) for each weight layer, row-major s_l × s_(l+1). */
  weights: Float32Array[];
  /** b^(l+1) for each weight layer. */
  biases: Float32Array[];
}

/** The versioned model file (`toJSON`). */
export interface ModelJSON {
  /** Always `deltaprop`: tells a model file from other JSON. */
  format: 'deltaprop';
  /** The file format's version. */
  version: 1;
  /** Neurons per layer, input first. */
  layers: number[];
  /** Activation of each weight layer. */
  activation: ActivationName[];
  /** The loss the network was trained with. */
  loss: LossName;
  /** Row-major W^(l+1), s_l × s_(l+1). */
  weights: number[][];
  /** b^(l+1) for each weight layer. */
  biases: number[][];
  /** The fitted encoder of raw rows (optional; its own version inside, see encoder.ts). */
  preprocessing?: PreprocessingJSON;
}
