/**
 * deltaprop/data for browsers and bundlers: readCSV and csvChunks take CSV text, a
 * Blob or File, or a web ReadableStream (for example `(await fetch(url)).body`).
 */
import { chunksOf, readTable, textChunks } from './csv/read.js';
export * from './data.common.js';
/** Reads a whole CSV source into a dataset (see ReadCSVOptions). */
export function readCSV(source, options = {}) {
    return readTable(textChunks(source), options);
}
/**
 * The rows of a CSV source, encoded in chunks of `chunkRows`, for `net.train` on data
 * larger than memory. Text and Blobs are read afresh for every epoch; a stream once.
 */
export function csvChunks(source, options) {
    return chunksOf(() => textChunks(source), options);
}
//# sourceMappingURL=data.browser.js.map