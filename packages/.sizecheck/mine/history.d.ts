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
export declare class BulkFigures {
    private readonly history;
    private readonly rows;
    private readonly chunks;
    private readonly keys;
    private settled;
    /** `rows`: the training rows, for accuracy = right / rows. The history's arrays must be empty. */
    constructor(history: TrainHistory, rows: number);
    add(result: EpochsResult, learningRate: number): void;
    /** Turns the figures into the history's arrays (data properties from now on). */
    private settle;
}
