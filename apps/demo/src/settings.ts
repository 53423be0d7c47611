/**
 * Reading the playground's controls. Every parser returns either a value or a
 * message that the page shows beside the control; nothing here throws.
 */
import { taskOf, type DatasetName } from './datasets';
import type { FeatureId } from './features';

/** A hidden activation's name, as deltaprop spells it. */
export type Hidden = string;
export type Loss = 'cross-entropy' | 'mse';
export type Optimizer = 'adam' | 'sgd' | 'momentum' | 'nesterov' | 'rmsprop';
export type Backend = 'wasm' | 'reference';

/** What defines the network and its data: changing any of it starts over. */
export interface ModelSettings {
  dataset: DatasetName;
  noise: number;
  /** Fraction of the points used for training; the rest validate. */
  trainFraction: number;
  /** The network's inputs, in the page's fixed order. */
  features: FeatureId[];
  hidden: number[];
  activation: Hidden;
  loss: Loss;
  backend: Backend;
  /** Threads to train on (deltaprop's `threads` option). */
  threads: number | 'auto';
  seed: number;
}

/** What may change between training chunks without starting over. */
export interface HyperSettings {
  optimizer: Optimizer;
  learningRate: number;
  batchSize: number;
  /** L2 weight decay λ. */
  weightDecay: number;
  /** Dropout rate of every hidden layer. */
  dropout: number;
  /** Epochs per frame (60 frames a second); 0 trains as fast as it can. */
  speed: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const MAX_LAYERS = 6;
export const MAX_WIDTH = 64;

/** `"8, 8"` → `[8, 8]`. */
export function parseHidden(text: string): Parsed<number[]> {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { ok: false, message: 'Enter at least one hidden layer, e.g. 8,8' };
  }
  const parts = trimmed.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length > MAX_LAYERS) {
    return { ok: false, message: `At most ${MAX_LAYERS} hidden layers here` };
  }
  const sizes: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) {
      return { ok: false, message: `"${part}" is not a whole number of neurons` };
    }
    const n = Number(part);
    if (n < 1 || n > MAX_WIDTH) {
      return { ok: false, message: `Layer sizes go from 1 to ${MAX_WIDTH} (got ${n})` };
    }
    sizes.push(n);
  }
  return { ok: true, value: sizes };
}

/** A strictly positive decimal number no larger than `max`. */
export function parseLearningRate(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter a learning rate, e.g. 0.03' };
  if (!/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) {
    return { ok: false, message: `"${trimmed}" is not a number` };
  }
  const value = Number(trimmed);
  if (!(value > 0)) return { ok: false, message: 'The learning rate must be greater than 0' };
  if (value > 10) return { ok: false, message: 'A learning rate above 10 only diverges' };
  return { ok: true, value };
}

export function parseBatchSize(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter a batch size, e.g. 16' };
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: `"${trimmed}" is not a whole number` };
  const value = Number(trimmed);
  if (value < 1) return { ok: false, message: 'The batch size must be at least 1' };
  if (value > 4096) return { ok: false, message: 'At most 4096 rows per batch' };
  return { ok: true, value };
}

/**
 * The options handed to `Network.create`: one input per feature, the hidden layers, one
 * output — sigmoid with the chosen loss for classification, linear with mse for
 * regression (targets in [-1, 1]).
 */
export function networkOptions(m: ModelSettings) {
  const regression = taskOf(m.dataset) === 'regression';
  const layers = [m.features.length, ...m.hidden, 1];
  const activation = [...m.hidden.map(() => m.activation), regression ? 'linear' : 'sigmoid'];
  const loss: Loss = regression ? 'mse' : m.loss;
  return { layers, activation, loss, seed: m.seed, backend: m.backend, threads: m.threads };
}
