/**
 * The per-epoch figures of a training run that the kernels report in bulk (one call
 * trains thousands of epochs when nothing happens between them). Copying them into
 * the history's arrays would cost, for a tiny network such as XOR's, nearly as much
 * as the training itself; so the history keeps them as the kernels wrote them, and
 * `loss`, `learningRate` and `accuracy` become plain arrays the first time any of
 * them is read (or the history is inspected, serialized, cloned or posted).
 */
import type { EpochsResult } from './backend.js';
import type { TrainHistory } from './types.js';

type Figures = 'loss' | 'learningRate' | 'accuracy';

/** Node's console and util.inspect call this instead of showing `[Getter]`. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

interface Chunk {
  losses: ArrayLike<number>;
  correct: ArrayLike<number>;
  completed: number;
  learningRate: number;
}

export class BulkFigures {
  private readonly chunks: Chunk[] = [];
  private readonly keys: Figures[];
  private settled = false;

  /** `rows`: the training rows, for accuracy = right / rows. The history's arrays must be empty. */
  constructor(
    private readonly history: TrainHistory,
    private readonly rows: number,
  ) {
    this.keys = history.accuracy ? ['loss', 'learningRate', 'accuracy'] : ['loss', 'learningRate'];
    for (const key of this.keys) {
      Object.defineProperty(history, key, {
        configurable: true,
        enumerable: true,
        get: () => {
          this.settle();
          return history[key];
        },
        set: (value: number[]) => {
          this.settle();
          history[key] = value;
        },
      });
    }
    Object.defineProperty(history, INSPECT, {
      configurable: true,
      enumerable: false,
      value: (_depth: number, options: object, inspect: (value: unknown, options: object) => string) => {
        this.settle();
        return inspect(history, options);
      },
    });
  }

  add(result: EpochsResult, learningRate: number): void {
    if (this.settled) throw new Error('BulkFigures: add after the figures were read');
    this.chunks.push({ losses: result.losses, correct: result.correct, completed: result.completed, learningRate });
  }

  /** Turns the figures into the history's arrays (data properties from now on). */
  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    const n = this.chunks.reduce((sum, c) => sum + c.completed, 0);
    const arrays: Record<Figures, number[]> = { loss: new Array<number>(n), learningRate: new Array<number>(n), accuracy: new Array<number>(n) };
    let at = 0;
    for (const { losses, correct, completed, learningRate } of this.chunks) {
      for (let i = 0; i < completed; i++) {
        arrays.loss[at + i] = losses[i]!;
        arrays.learningRate[at + i] = learningRate;
        arrays.accuracy[at + i] = correct[i]! / this.rows;
      }
      at += completed;
    }
    const history = this.history as unknown as Record<string | symbol, unknown>;
    delete history[INSPECT];
    for (const key of this.keys) Object.defineProperty(history, key, { configurable: true, enumerable: true, writable: true, value: arrays[key] });
  }
}
