/** Messages between the page (main.ts) and the training worker (worker.ts). */
import type { HyperSettings, ModelSettings } from './settings';

export interface PointsMessage {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

export type ToWorker =
  /** Build a new network for these settings and data; replaces the old one. */
  /** `train`, `val` and `grid` hold feature rows (one value per input neuron), not raw points. */
  | { type: 'setup'; model: ModelSettings; hyper: HyperSettings; train: PointsMessage; val: PointsMessage; grid: Float32Array }
  /** New optimizer, learning rate or batch size for the following chunks. */
  | { type: 'hyper'; hyper: HyperSettings }
  | { type: 'run' }
  | { type: 'pause' }
  /** Train exactly one epoch, then pause. */
  | { type: 'step' }
  /** Outputs of the current network for these feature rows. */
  | { type: 'predict'; id: number; points: number[][] }
  /** `net.gradients` for these feature rows and targets. */
  | { type: 'gradients'; id: number; x: number[][]; y: number[][] };

/** A snapshot of `net.getParameters()`. */
export interface ParametersMessage {
  weights: Float32Array[];
  biases: Float32Array[];
}

/** RMS of ∂E/∂W^(l) over the training rows, one figure per weight layer, after `epoch` epochs. */
export interface GradientSizes {
  epoch: number;
  rms: number[];
}

export interface Progress {
  type: 'progress';
  /** Setup generation this belongs to (stale progress is dropped). */
  generation: number;
  epoch: number;
  /** Training loss of every epoch since the previous message (history.loss). */
  losses: number[];
  /** Validation loss after every chunk of epochs since the previous message. */
  val: { epoch: number; loss: number }[];
  valLoss: number;
  trainAccuracy: number;
  valAccuracy: number;
  /** Training throughput over the last second; NaN when not measured (single steps). */
  epochsPerSecond: number;
  /** Network output on the grid, row 0 at the top. */
  grid: Float32Array;
  parameters: ParametersMessage;
  gradientSizes: GradientSizes;
  running: boolean;
}

export type FromWorker =
  | { type: 'ready'; generation: number; engine: string; parameters: number; threads: number }
  | Progress
  | { type: 'state'; running: boolean }
  | { type: 'prediction'; id: number; outputs: number[] }
  | { type: 'gradients'; id: number; loss: number; weights: number[][]; biases: number[][] }
  /** `where` names the control the message belongs beside, when there is one. */
  | {
      type: 'error';
      generation: number;
      code: string;
      message: string;
      where: 'layers' | 'learningRate' | 'batchSize' | 'weightDecay' | 'dropout' | 'general';
      /** True when the network is still usable (deltaprop restores it when training fails). */
      recoverable: boolean;
    };
