import { type Chunk, type ChunkOptions, type ReadCSVOptions, type TextSource } from './csv/read.js';
import type { Dataset } from './dataset.js';
export * from './data.common.js';
/** A file path or file: URL, CSV text (a string holding a line break), a Blob, or a Node or web stream of text or bytes. */
export type CSVSource = TextSource | URL;
/** Reads a whole CSV source into a dataset (see ReadCSVOptions). */
export declare function readCSV(source: CSVSource, options?: ReadCSVOptions): Promise<Dataset>;
/**
 * The rows of a CSV source, encoded in chunks of `chunkRows`, for `net.train` on data
 * larger than memory. A path is read afresh for every epoch; a stream once.
 */
export declare function csvChunks(source: CSVSource, options: ChunkOptions): AsyncIterable<Chunk>;
