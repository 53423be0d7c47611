/**
 * deltaprop/data for browsers and bundlers: readCSV and csvChunks take CSV text, a
 * Blob or File, or a web ReadableStream (for example `(await fetch(url)).body`).
 */
import { chunksOf, type Chunk, type ChunkOptions, type ReadCSVOptions, readTable, type TextSource, textChunks } from './csv/read.js';
import type { Dataset } from './dataset.js';

export * from './data.common.js';

export type CSVSource = TextSource;

/** Reads a whole CSV source into a dataset (see ReadCSVOptions). */
export function readCSV(source: CSVSource, options: ReadCSVOptions = {}): Promise<Dataset> {
  return readTable(textChunks(source), options);
}

/**
 * The rows of a CSV source, encoded in chunks of `chunkRows`, for `net.train` on data
 * larger than memory. Text and Blobs are read afresh for every epoch; a stream once.
 */
export function csvChunks(source: CSVSource, options: ChunkOptions): AsyncIterable<Chunk> {
  return chunksOf(() => textChunks(source), options);
}
