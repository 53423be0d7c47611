/**
 * The one narrow interface both backends implement: `wasm` (the default, fast) and
 * `reference` (plain TypeScript, the oracle of the tests). The Network class checks
 * every argument before it reaches a backend, so backends may trust their inputs.
 */
import type { Spec, TrainPlan } from './spec.js';
import type { Gradients, Parameters } from './types.js';

/** What runs: the WebAssembly build, or the reference. */
export type Engine = 'wasm-simd' | 'wasm-relaxed-simd' | 'reference';

export interface EpochsResult {
  /** Epochs finished in this call. */
  completed: number;
  /** Mean per-sample loss of each finished epoch. */
  losses: ArrayLike<number>;
  /** Rows classified right in each finished epoch (arg-max, or t ≥ ½ for one output). */
  correct: ArrayLike<number>;
  /** Set when a loss or a parameter became non-finite: the epoch (0-based, in this call) and batch where it did. */
  diverged?: { epoch: number; batch: number };
}

/**
 * The most epochs a training session is asked to run in one call (training.ts runs a
 * longer plan in calls of at most this many): the engine keeps each epoch's figures of
 * a call, and counts epochs in 32-bit integers.
 */
export const MAX_EPOCHS_PER_RUN = 65536;

export interface TrainingSession {
  /** Trains `epochs` (at most MAX_EPOCHS_PER_RUN) whole epochs with step size `learningRate`, in one call into the engine. */
  run(epochs: number, learningRate: number): EpochsResult;
  /** Frees the data of the session. */
  end(): void;
}

/** Everything training changes, to put back when a call fails. */
export interface BackendState {
  restore(): void;
}

export interface Backend {
  readonly engine: Engine;
  readonly spec: Spec;
  /** Threads that train this network together (1 where there is no team). */
  readonly threads: number;
  /**
   * Bytes this network holds now (parameters, gradients, optimizer state, activation
   * buffers), and the size of the memory it lives in; both 0 where the numbers live
   * in JavaScript arrays.
   */
  memory(): { network: number; linear: number };
  getParameters(): Parameters;
  setParameters(p: Parameters): void;
  predict(x: Float32Array, rows: number): Float32Array;
  /** ∂E/∂θ for E the mean per-sample loss over the rows. */
  gradients(x: Float32Array, y: Float32Array, rows: number): Gradients;
  /** Mean per-sample loss and rows classified right, without training. */
  evaluate(x: Float32Array, y: Float32Array, rows: number): { loss: number; correct: number };
  /** Copies the rows it trains on before it changes anything. */
  startTraining(x: Float32Array, y: Float32Array, rows: number, plan: TrainPlan): TrainingSession;
  /**
   * startTraining, predict and gradients check that their rows are finite where they
   * copy them to (faster than a pass in JavaScript) and throw NON_FINITE as the data
   * checks would; the caller then skips its own check of flat rows.
   */
  readonly checksData: boolean;
  saveState(): BackendState;
  /** First weight layer (1-based) whose parameters or last activations are not finite; 0 if none. */
  locateNonFinite(): number;
  dispose(): void;
}
