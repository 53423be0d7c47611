/**
 * The records of a CSV stream, a batch at a time, parsed as the bytes arrive (for
 * `predict`, which answers rows as they come and may meet files larger than memory).
 * The parsing is papaparse's, the CSV parser the library's readCSV uses too; the
 * library's own streaming reader (csvChunks) encodes targets as well, which the rows
 * given to `predict` need not have.
 */
import Papa from 'papaparse';

/** Records per batch handed on. */
const BATCH = 1024;

export async function* csvRecords(input: NodeJS.ReadableStream): AsyncGenerator<string[][]> {
  // NODE_STREAM_INPUT: a duplex stream, bytes in, one record (string[]) out at a time;
  // async iteration pulls records as needed, so reading waits for the consumer.
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true }) as unknown as NodeJS.ReadWriteStream;
  input.on('error', (e) => parser.emit('error', e));
  input.pipe(parser);
  let batch: string[][] = [];
  for await (const record of parser as unknown as AsyncIterable<string[]>) {
    batch.push(record);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
