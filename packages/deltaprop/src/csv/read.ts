/**
 * CSV in, dataset out (deltaprop/data). Papa Parse splits the text into cells
 * (quotes, escaped quotes, line breaks inside quotes, CRLF); this file reads the
 * header, tells numeric columns from categorical ones, and refuses, drops or
 * imputes missing cells. The text arrives as chunks, so a file is parsed as it is
 * read: the parser takes every complete record of the text so far and the rest
 * waits for the next chunk.
 */
import { type ColumnKind, type Dataset, record } from '../dataset.js';
import type { Encoder } from '../encoder.js';
import { fail } from '../errors.js';
import { describe, readOptions } from '../options.js';
import type { FlatRows } from '../types.js';
import Papa from '../vendor/papaparse.js';

/** What the reader accepts everywhere: CSV text, a Blob or File, a web ReadableStream, or any (async) iterable of text or byte chunks. */
export type TextSource = string | Blob | ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export type MissingPolicy = 'error' | 'drop' | 'mean' | 'median' | 'most-frequent';

export interface ReadCSVOptions {
  /** The target column, or several (numeric) ones. */
  target?: string | readonly string[];
  /** Columns left out entirely (an id, a date). */
  ignore?: readonly string[];
  /** Forces a column's kind; otherwise a column is numeric when every present cell is a number. */
  types?: Readonly<Record<string, ColumnKind>>;
  /**
   * Missing cells: `error` (the default) refuses the file with the row and column of
   * the first; `drop` leaves out rows that have one; `mean`, `median` and
   * `most-frequent` fill numeric features with that figure of the column's present
   * cells, and categorical features with their most frequent value. A missing target
   * is never imputed.
   */
  missing?: MissingPolicy;
  /** The cells read as missing; default `['', 'NA', 'NaN', '?']` (compared after trimming spaces). */
  missingValues?: readonly string[];
  /** Default ','. */
  delimiter?: string;
}

const KNOWN = ['target', 'ignore', 'types', 'missing', 'missingValues', 'delimiter'];

export interface CheckedOptions {
  targets: string[];
  ignore: Set<string>;
  types: Record<string, ColumnKind>;
  missing: MissingPolicy;
  missingValues: Set<string>;
  delimiter: string;
}

export function checkReadOptions(options: ReadCSVOptions, extra: readonly string[] = []): CheckedOptions {
  options = readOptions(options, Object.fromEntries([...KNOWN, ...extra].map((k) => [k, true])) as never, 'readCSV options') as ReadCSVOptions;
  const names = (v: unknown, what: string): string[] => {
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) fail('INVALID_OPTION', `${what} must be a column name or an array of column names`);
    return [...list];
  };
  const types = record<ColumnKind>();
  if (options.types !== undefined) {
    if (typeof options.types !== 'object' || options.types === null) fail('INVALID_OPTION', 'types must be an object { column: "numeric" | "categorical" }');
    for (const [name, kind] of Object.entries(options.types)) {
      if (kind !== 'numeric' && kind !== 'categorical') fail('INVALID_OPTION', `types.${name} must be 'numeric' or 'categorical', got ${describe(kind)}`);
      types[name] = kind;
    }
  }
  const missing = options.missing ?? 'error';
  if (!['error', 'drop', 'mean', 'median', 'most-frequent'].includes(missing))
    fail('INVALID_OPTION', `missing must be 'error', 'drop', 'mean', 'median' or 'most-frequent', got ${describe(missing)}`);
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    fail('INVALID_OPTION', `delimiter must be one character other than a quote or a line break, got ${describe(delimiter)}`);
  return {
    targets: options.target === undefined ? [] : names(options.target, 'target'),
    ignore: new Set(options.ignore === undefined ? [] : names(options.ignore, 'ignore')),
    types,
    missing,
    missingValues: new Set(options.missingValues === undefined ? ['', 'NA', 'NaN', '?'] : names(options.missingValues, 'missingValues')),
    delimiter,
  };
}

/** The source as text chunks (bytes decoded as UTF-8, the byte-order mark dropped). */
export async function* textChunks(source: TextSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let first = true;
  const text = (chunk: unknown): string => {
    let s: string;
    if (typeof chunk === 'string') s = chunk;
    else if (chunk instanceof Uint8Array) s = decoder.decode(chunk, { stream: true });
    else fail('INVALID_OPTION', `a CSV stream must give text or bytes (Uint8Array), got ${describe(chunk)}`);
    if (first && s.length > 0) {
      first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    return s;
  };
  if (typeof source === 'string') {
    yield text(source);
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) source = source.stream();
  if (typeof source === 'object' && source !== null && typeof (source as ReadableStream).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array | string>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield text(value);
      }
    } finally {
      reader.releaseLock();
    }
  } else if (typeof source === 'object' && source !== null && (Symbol.asyncIterator in source || Symbol.iterator in source)) {
    for await (const chunk of source as AsyncIterable<unknown>) yield text(chunk);
  } else {
    fail('INVALID_OPTION', `a CSV source must be text, a Blob or File, a stream or an iterable of chunks (a file path in Node), got ${describe(source)}`);
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The records of CSV text, in batches, as the chunks arrive (the header is the first record). */
export async function* records(chunks: AsyncIterable<string>, delimiter: string): AsyncGenerator<string[][]> {
  let pending = '';
  let newline: string | null = null;
  const parse = (text: string, last: boolean) => {
    // The line break of the file is the first one in it (Papa's raw parser takes it as given).
    newline ??= /\r\n|\n|\r/.exec(text)?.[0] ?? null;
    const out = new Papa.Parser({ delimiter, newline: newline ?? '\n' }).parse(text, 0, !last);
    // A blank line is one empty cell: not a record.
    return { rows: out.data.filter((r) => r.length > 1 || r[0] !== ''), cursor: out.meta.cursor };
  };
  for await (const chunk of chunks) {
    const text = pending + chunk;
    const { rows, cursor } = parse(text, false);
    pending = text.slice(cursor);
    if (rows.length > 0) yield rows;
  }
  if (pending) {
    const { rows } = parse(pending, true);
    if (rows.length > 0) yield rows;
  }
}

/** Checks a header row: names present, none twice, every named option's column there. */
function checkHeader(header: string[] | undefined, o: CheckedOptions): string[] {
  if (!header) fail('INVALID_DATA', 'the CSV is empty: it has no header row');
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === '') fail('INVALID_DATA', `header cell ${i + 1} is empty: every column needs a name`, { column: i + 1 });
    if (seen.has(n)) fail('INVALID_DATA', `the header names column '${n}' twice`, { column: n });
    seen.add(n);
  });
  for (const [what, list] of [
    ['target', o.targets],
    ['ignore', [...o.ignore]],
    ['types', Object.keys(o.types)],
  ] as const) {
    for (const n of list)
      if (!seen.has(n)) fail('INVALID_OPTION', `${what} names column '${n}', which the header does not have (columns: ${names.join(', ')})`, { column: n });
  }
  for (const t of o.targets) if (o.ignore.has(t)) fail('INVALID_OPTION', `'${t}' is both a target and ignored`);
  return names;
}

/** Reads every record of the chunks into a dataset. */
export async function readTable(chunks: AsyncIterable<string>, options: ReadCSVOptions = {}): Promise<Dataset> {
  const o = checkReadOptions(options);
  let header: string[] | null = null;
  let keep: number[] = [];
  const cells: string[][] = [];
  let row = 0;
  for await (const batch of records(chunks, o.delimiter)) {
    let start = 0;
    if (!header) {
      header = checkHeader(batch[0], o);
      keep = header.map((_, i) => i).filter((i) => !o.ignore.has(header![i]!));
      for (let k = 0; k < keep.length; k++) cells.push([]);
      start = 1;
    }
    for (let b = start; b < batch.length; b++) {
      const record = batch[b]!;
      row += 1;
      if (record.length !== header.length) fail('INVALID_DATA', `row ${row} has ${record.length} cells, the header has ${header.length}`, { row });
      for (let k = 0; k < keep.length; k++) cells[k]!.push(record[keep[k]!]!);
    }
  }
  if (!header) fail('INVALID_DATA', 'the CSV is empty: it has no header row');
  return tableFromCells(
    keep.map((i) => header![i]!),
    cells,
    o,
    header,
  );
}

/** Builds the dataset from the text of every kept column (see ReadCSVOptions for the rules). */
export function tableFromCells(columns: string[], cells: string[][], o: CheckedOptions, header: string[] = columns): Dataset {
  let rows = cells[0]?.length ?? 0;
  const isMissing = (s: string) => o.missingValues.has(s.trim());
  const kinds = record<ColumnKind>();
  columns.forEach((name, k) => {
    const column = cells[k]!;
    if (Object.hasOwn(o.types, name)) kinds[name] = o.types[name]!;
    else {
      let present = 0;
      let numeric = true;
      for (const s of column) {
        if (isMissing(s)) continue;
        present += 1;
        if (!isNumber(s)) {
          numeric = false;
          break;
        }
      }
      kinds[name] = numeric && present > 0 ? 'numeric' : 'categorical';
    }
  });
  // Missing cells: refused (the first, row by row), rows dropped, or features imputed.
  const targets = new Set(o.targets);
  let keepRow: Uint8Array | null = null;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < columns.length; k++) {
      if (!isMissing(cells[k]![r]!)) continue;
      const name = columns[k]!;
      if (o.missing === 'error' || (o.missing !== 'drop' && targets.has(name))) {
        const why =
          o.missing === 'error'
            ? "pass missing: 'drop', 'mean', 'median' or 'most-frequent' to handle missing cells"
            : 'a missing target is not imputed; drop such rows';
        fail('MISSING_VALUE', `row ${r + 1}, column '${name}': the value is missing (${JSON.stringify(cells[k]![r])}); ${why}`, { row: r + 1, column: name });
      }
      if (o.missing === 'drop') {
        keepRow ??= new Uint8Array(rows).fill(1);
        keepRow[r] = 0;
      }
    }
  }
  if (keepRow) {
    const kept = keepRow;
    cells = cells.map((column) => column.filter((_, r) => kept[r] === 1));
    rows = cells[0]?.length ?? 0;
  }
  if (rows === 0) fail('INVALID_DATA', 'the CSV has no data rows' + (keepRow ? ' left after dropping those with missing cells' : ''));
  const values = record<number[] | string[]>();
  columns.forEach((name, k) => {
    const column = cells[k]!;
    const present = column.filter((s) => !isMissing(s));
    if (present.length === 0) fail('MISSING_VALUE', `column '${name}' has no values at all`, { column: name });
    if (kinds[name] === 'categorical') {
      const fill = present.length < column.length ? mostFrequent(present.map((s) => s.trim())) : '';
      values[name] = column.map((s) => (isMissing(s) ? fill : s.trim()));
      return;
    }
    const numbers = column.map((s, r) => {
      if (isMissing(s)) return NaN;
      if (!isNumber(s))
        fail('INVALID_DATA', `row ${r + 1}, column '${name}': ${JSON.stringify(s)} is not a number, and the column is numeric`, { row: r + 1, column: name });
      return Number(s);
    });
    if (present.length < column.length) {
      const known = numbers.filter((v) => !Number.isNaN(v));
      const fill =
        o.missing === 'mean'
          ? known.reduce((a, v) => a + v, 0) / known.length
          : o.missing === 'median'
            ? median(known)
            : Number(mostFrequent(known.map(String)));
      for (let r = 0; r < rows; r++) if (Number.isNaN(numbers[r]!)) numbers[r] = fill;
    }
    values[name] = numbers;
  });
  const features = columns.filter((c) => !targets.has(c));
  if (features.length === 0) fail('INVALID_OPTION', 'every column is a target or ignored: there are no inputs');
  const dataset: { -readonly [K in keyof Dataset]: Dataset[K] } = { columns, header, kinds, values, features, targets: [...o.targets], rows };
  if (o.targets.length === 1 && kinds[o.targets[0]!] === 'categorical') dataset.classes = [...new Set(values[o.targets[0]!] as string[])].sort();
  else if (o.targets.some((t) => kinds[t] === 'categorical')) fail('INVALID_OPTION', 'a categorical target must be the only target column');
  return dataset;
}

function isNumber(s: string): boolean {
  const t = s.trim();
  return t !== '' && Number.isFinite(Number(t));
}

function median(x: number[]): number {
  const s = [...x].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The most frequent value; the first in sorted order on ties, so the result does not depend on the row order. */
function mostFrequent(x: string[]): string {
  const counts = new Map<string, number>();
  for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = '';
  let most = 0;
  for (const [v, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) if (c > most) [best, most] = [v, c];
  return best;
}

/** Options of `fromRows`: ReadCSVOptions with the column names of array rows. */
export interface FromRowsOptions extends Omit<ReadCSVOptions, 'delimiter'> {
  /** The names of the columns of array rows (object rows name their own: the first row's keys). */
  columns?: readonly string[];
}

/** A dataset from rows already in memory: arrays (with `columns`) or objects keyed by column name. Same rules as readCSV. */
export function fromRows(rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[], options: FromRowsOptions = {}): Dataset {
  const { columns: names, ...rest } = options;
  const o = checkReadOptions(rest);
  if (!Array.isArray(rows) || rows.length === 0) fail('INVALID_DATA', 'fromRows needs a non-empty array of rows');
  const first = rows[0];
  const columns =
    names !== undefined
      ? [...names]
      : Array.isArray(first)
        ? fail('INVALID_OPTION', 'array rows need options.columns (their names)')
        : Object.keys(first as object);
  const header = checkHeader(columns, o);
  const keep = header.map((_, i) => i).filter((i) => !o.ignore.has(header[i]!));
  const cells: string[][] = keep.map(() => []);
  const text = (v: unknown) => (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v));
  rows.forEach((row, r) => {
    if (Array.isArray(row)) {
      if (row.length !== header.length) fail('INVALID_DATA', `row ${r + 1} has ${row.length} values, there are ${header.length} columns`, { row: r + 1 });
      keep.forEach((i, k) => cells[k]!.push(text(row[i])));
    } else if (typeof row === 'object' && row !== null) {
      keep.forEach((i, k) => cells[k]!.push(Object.hasOwn(row, header[i]!) ? text((row as Record<string, unknown>)[header[i]!]) : ''));
    } else fail('INVALID_DATA', `row ${r + 1} must be an array or an object, got ${describe(row)}`, { row: r + 1 });
  });
  return tableFromCells(
    keep.map((i) => header[i]!),
    cells,
    o,
    header,
  );
}

export interface ChunkOptions {
  /** The fitted encoder that turns each row into the network's inputs and targets. */
  encoder: Encoder;
  /** Rows per chunk; default 10,000. Memory is bounded by this, not by the file. */
  chunkRows?: number;
  /** Default ','. */
  delimiter?: string;
}

/** One piece of a CSV source, encoded: rows that `net.train` takes as they are. */
export interface Chunk {
  /** The encoded input rows. */
  inputs: FlatRows;
  /** The encoded target rows. */
  targets: FlatRows;
}

/**
 * The rows of a CSV source as encoded chunks for `net.train`, parsed as they are
 * read. `open` gives a fresh text stream for each pass (each epoch); a source that
 * can be read once only gives one pass.
 */
export function chunksOf(open: () => AsyncIterable<string>, options: ChunkOptions): AsyncIterable<Chunk> {
  options = readOptions(options, { encoder: true, chunkRows: true, delimiter: true }, 'csvChunks options') as ChunkOptions;
  const { encoder } = options;
  if (typeof encoder !== 'object' || encoder === null || typeof encoder.encode !== 'function')
    fail('INVALID_OPTION', 'csvChunks needs a fitted encoder (Encoder.fit on a sample of the rows)');
  const chunkRows = options.chunkRows ?? 10_000;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) fail('INVALID_OPTION', `chunkRows must be an integer ≥ 1, got ${describe(chunkRows)}`);
  const { delimiter } = checkReadOptions({ delimiter: options.delimiter });
  const spec = encoder.toJSON();
  return {
    async *[Symbol.asyncIterator]() {
      let header: string[] | null = null;
      // Where each of the encoder's columns sits in the file's records.
      let at: number[] = [];
      let identity = false;
      let pending: string[][] = [];
      let row = 0;
      const emit = (): Chunk => {
        // Records already in the encoder's column order go as they are.
        const raw = identity ? pending : pending.map((r) => at.map((i) => r[i]!));
        pending = [];
        return { inputs: encoder.encode(raw), targets: encoder.encodeTargets(raw) };
      };
      for await (const batch of records(open(), delimiter)) {
        let start = 0;
        if (!header) {
          header = batch[0]!.map((h) => h.trim());
          at = spec.columns.map((c) => {
            const i = header!.indexOf(c);
            if (i < 0) fail('INVALID_DATA', `the CSV has no column '${c}', which the encoder was fitted on`, { column: c });
            return i;
          });
          identity = at.length === header.length && at.every((i, k) => i === k);
          start = 1;
        }
        for (let b = start; b < batch.length; b++) {
          row += 1;
          if (batch[b]!.length !== header.length) fail('INVALID_DATA', `row ${row} has ${batch[b]!.length} cells, the header has ${header.length}`, { row });
          pending.push(batch[b]!);
          if (pending.length === chunkRows) yield emit();
        }
      }
      if (pending.length > 0) yield emit();
    },
  };
}
