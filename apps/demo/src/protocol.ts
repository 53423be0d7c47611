/** Messages between the page (main.ts) and the training worker (worker.ts). */
import type { HyperSettings, ModelSettings } from './settings';

export interface PointsMessage {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

export type ToWorker =
  /** Build a new network for these settings and data; replaces the old one. */
  | { type: 'setup'; model: ModelSettings; hyper: HyperSettings; train: PointsMessage; val: PointsMessage; gridSize: number }
  /** New optimizer, learning rate or batch size for the following chunks. */
  | { type: 'hyper'; hyper: HyperSettings }
  | { type: 'run' }
  | { type: 'pause' }
  /** Train exactly one epoch, then pause. */
  | { type: 'step' }
  /** Outputs of the current network for these (x, y) points. */
  | { type: 'predict'; id: number; points: number[][] };

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
  running: boolean;
}

export type FromWorker =
  | { type: 'ready'; generation: number; engine: string; parameters: number }
  | Progress
  | { type: 'state'; running: boolean }
  | { type: 'prediction'; id: number; outputs: number[] }
  /** `where` names the control the message belongs beside, when there is one. */
  | {
      type: 'error';
      generation: number;
      code: string;
      message: string;
      where: 'layers' | 'learningRate' | 'batchSize' | 'general';
      /** True when the network is still usable (deltaprop restores it when training fails). */
      recoverable: boolean;
    };
