/**
 * deltaprop/data for Node: readCSV and csvChunks also take a file path (a string
 * without a line break, or a file: URL) and Node streams. Everything else is in
 * data.common.ts.
 */
import { createReadStream } from 'node:fs';
import { chunksOf, readTable, textChunks } from './csv/read.js';
export * from './data.common.js';
function open(source) {
    const isPath = (typeof source === 'string' && !/[\r\n]/.test(source)) || source instanceof URL;
    return textChunks(isPath ? createReadStream(source) : source);
}
/** Reads a whole CSV source into a dataset (see ReadCSVOptions). */
export function readCSV(source, options = {}) {
    return readTable(open(source), options);
}
/**
 * The rows of a CSV source, encoded in chunks of `chunkRows`, for `net.train` on data
 * larger than memory. A path is read afresh for every epoch; a stream once.
 */
export function csvChunks(source, options) {
    return chunksOf(() => open(source), options);
}
//# sourceMappingURL=data.node.js.map