/**
 * deltaprop/data for browsers and bundlers: readCSV and csvChunks take CSV text, a
 * Blob or File, or a web ReadableStream (for example `(await fetch(url)).body`).
 */
import { type Chunk, type ChunkOptions, type ReadCSVOptions, type TextSource } from './csv/read.js';
import type { Dataset } from './dataset.js';
export * from './data.common.js';
export type CSVSource = TextSource;
/** Reads a whole CSV source into a dataset (see ReadCSVOptions). */
export declare function readCSV(source: CSVSource, options?: ReadCSVOptions): Promise<Dataset>;
/**
 * The rows of a CSV source, encoded in chunks of `chunkRows`, for `net.train` on data
 * larger than memory. Text and Blobs are read afresh for every epoch; a stream once.
 */
export declare function csvChunks(source: CSVSource, options: ChunkOptions): AsyncIterable<Chunk>;
