/**
 * Training on data larger than memory: `net.train(chunks, options)` with an async
 * iterable of `{ inputs, targets }` chunks (for example csvChunks of deltaprop/data).
 * Each chunk is copied into the kernels' memory, trained on for one pass of
 * mini-batches by the same fused kernels as `train` on arrays, and freed; so memory
 * holds one chunk at a time, whatever the size of the data. One pass over the
 * stream is one epoch: for several, the iterable must start afresh each time it is
 * iterated (csvChunks of a file path or text does).
 *
 * Rows are shuffled within a chunk (when `shuffle` is on), chunks come in the
 * stream's order. The epoch's loss is the mean over all its rows, as for arrays.
 */
import type { Backend } from './backend.js';
import type { Matrix } from './data.js';
import type { Rows, TrainHistory, TrainOptions } from './types.js';
export interface RowChunk {
    inputs: Rows;
    targets: Rows;
}
/** What stream training needs of the network. */
export interface StreamHost {
    backend: Backend;
    layers: readonly number[];
    classifies: boolean;
    pair(inputs: Rows, targets: Rows, names: string[], check: boolean): {
        x: Matrix;
        y: Matrix;
    };
}
export declare function isChunkStream(x: unknown): x is AsyncIterable<RowChunk>;
export declare function trainStream(host: StreamHost, source: AsyncIterable<RowChunk>, options?: TrainOptions): Promise<TrainHistory>;
