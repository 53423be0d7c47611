/**
 * The records of a CSV stream, a batch per chunk of text read, parsed as the bytes
 * arrive (for `predict`, which answers rows as they come and may meet files larger
 * than memory). The parsing is papaparse's, the parser the library's readCSV uses;
 * the library's own streaming reader (csvChunks) also encodes the targets, which the
 * rows given to `predict` need not have.
 */
import Papa from 'papaparse';

export async function* csvRecords(input: AsyncIterable<Buffer | string>): AsyncGenerator<string[][]> {
  const decoder = new TextDecoder('utf-8');
  // Text after the last complete record of a chunk waits for the next chunk.
  let pending = '';
  let first = true;
  const parse = (text: string, last: boolean) => {
    // ignoreLastRow until the end: the last record of a chunk may be cut in two.
    const out = new Papa.Parser({}).parse(text, 0, !last) as { data: string[][]; meta: { cursor: number } };
    // A blank line parses as one empty cell: not a record.
    return { rows: out.data.filter((r) => r.length > 1 || r[0] !== ''), cursor: out.meta.cursor };
  };
  for await (const chunk of input) {
    let text = pending + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark
    }
    const { rows, cursor } = parse(text, false);
    pending = text.slice(cursor);
    if (rows.length > 0) yield rows;
  }
  pending += decoder.decode();
  if (pending) {
    const { rows } = parse(pending, true);
    if (rows.length > 0) yield rows;
  }
}
