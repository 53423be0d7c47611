/**
 * CSV in, dataset out (deltaprop/data). Papa Parse splits the text into cells
 * (quotes, escaped quotes, line breaks inside quotes, CRLF); this file reads the
 * header, tells numeric columns from categorical ones, and refuses, drops or
 * imputes missing cells. The text arrives as chunks, so a file is parsed as it is
 * read: the parser takes every complete record of the text so far and the rest
 * waits for the next chunk.
 */
import { type ColumnKind, type Dataset } from '../dataset.js';
import type { Encoder } from '../encoder.js';
import type { FlatRows } from '../types.js';
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
export interface CheckedOptions {
    targets: string[];
    ignore: Set<string>;
    types: Record<string, ColumnKind>;
    missing: MissingPolicy;
    missingValues: Set<string>;
    delimiter: string;
}
export declare function checkReadOptions(options: ReadCSVOptions, extra?: readonly string[]): CheckedOptions;
/** The source as text chunks (bytes decoded as UTF-8, the byte-order mark dropped). */
export declare function textChunks(source: TextSource): AsyncGenerator<string>;
/** The records of CSV text, in batches, as the chunks arrive (the header is the first record). */
export declare function records(chunks: AsyncIterable<string>, delimiter: string): AsyncGenerator<string[][]>;
/** Reads every record of the chunks into a dataset. */
export declare function readTable(chunks: AsyncIterable<string>, options?: ReadCSVOptions): Promise<Dataset>;
/** Builds the dataset from the text of every kept column (see ReadCSVOptions for the rules). */
export declare function tableFromCells(columns: string[], cells: string[][], o: CheckedOptions, header?: string[]): Dataset;
/** Options of `fromRows`: ReadCSVOptions with the column names of array rows. */
export interface FromRowsOptions extends Omit<ReadCSVOptions, 'delimiter'> {
    /** The names of the columns of array rows (object rows name their own: the first row's keys). */
    columns?: readonly string[];
}
/** A dataset from rows already in memory: arrays (with `columns`) or objects keyed by column name. Same rules as readCSV. */
export declare function fromRows(rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[], options?: FromRowsOptions): Dataset;
export interface ChunkOptions {
    /** The fitted encoder that turns each row into the network's inputs and targets. */
    encoder: Encoder;
    /** Rows per chunk; default 10,000. Memory is bounded by this, not by the file. */
    chunkRows?: number;
    /** Default ','. */
    delimiter?: string;
}
export interface Chunk {
    inputs: FlatRows;
    targets: FlatRows;
}
/**
 * The rows of a CSV source as encoded chunks for `net.train`, parsed as they are
 * read. `open` gives a fresh text stream for each pass (each epoch); a source that
 * can be read once only gives one pass.
 */
export declare function chunksOf(open: () => AsyncIterable<string>, options: ChunkOptions): AsyncIterable<Chunk>;
