/**
 * deltaprop/data for Node: readCSV and csvChunks also take a file path (a string
 * without a line break, or a file: URL) and Node streams. Everything else is in
 * data.common.ts.
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chunksOf, type Chunk, type ChunkOptions, type ReadCSVOptions, readTable, type TextSource, textChunks } from './csv/read.js';
import type { Dataset } from './dataset.js';
import { fail } from './errors.js';

export * from './data.common.js';

/** A file path or file: URL, CSV text (a string holding a line break), a Blob, or a Node or web stream of text or bytes. */
export type CSVSource = TextSource | URL;

function open(source: CSVSource): AsyncIterable<string> {
  const isPath = (typeof source === 'string' && !/[\r\n]/.test(source)) || source instanceof URL;
  return isPath ? fileChunks(source as string | URL) : textChunks(source as TextSource);
}

/** A file's text chunks; a file that cannot be read (missing, a folder, not allowed) is INVALID_OPTION naming it. */
async function* fileChunks(file: string | URL): AsyncGenerator<string> {
  const name = file instanceof URL ? (file.protocol === 'file:' ? fileURLToPath(file) : file.href) : file;
  try {
    yield* textChunks(createReadStream(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (typeof code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string')
      fail('INVALID_OPTION', `cannot read the CSV file ${name}: ${(e as Error).message}`, { source: name, reason: code });
    throw e;
  }
}

/** Reads a whole CSV source into a dataset (see ReadCSVOptions). */
export function readCSV(source: CSVSource, options: ReadCSVOptions = {}): Promise<Dataset> {
  return readTable(open(source), options);
}

/**
 * The rows of a CSV source, encoded in chunks of `chunkRows`, for `net.train` on data
 * larger than memory. A path is read afresh for every epoch; a stream once.
 */
export function csvChunks(source: CSVSource, options: ChunkOptions): AsyncIterable<Chunk> {
  return chunksOf(() => open(source), options);
}
