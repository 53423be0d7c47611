/**
 * A table of named columns, as `readCSV` (deltaprop/data) returns it and as the
 * encoder, `split` and `crossValidate` take it. Numeric columns hold numbers,
 * categorical ones strings. The records are null-prototype objects, so a column
 * named `constructor` or `__proto__` is just a column.
 */
import { fail } from './errors.js';

/** What a column holds: numbers, or categories (text). */
export type ColumnKind = 'numeric' | 'categorical';

/** A table read from a CSV file (`readCSV`): its columns, their kinds and values, and which are targets. */
export interface Dataset {
  /** Every column kept, in the order of the source (features and targets). */
  readonly columns: readonly string[];
  /** Every column of the source in its order, ignored ones included (raw rows given as arrays follow it). */
  readonly header?: readonly string[];
  /** The kind of each kept column. */
  readonly kinds: Readonly<Record<string, ColumnKind>>;
  /** Values by column name: numbers for numeric columns, strings for categorical ones. */
  readonly values: Readonly<Record<string, readonly number[] | readonly string[]>>;
  /** The input columns: every column that is not a target. */
  readonly features: readonly string[];
  /** The target columns. */
  readonly targets: readonly string[];
  /** The classes of a single categorical target, sorted. */
  readonly classes?: readonly string[];
  /** How many rows. */
  readonly rows: number;
}

export function isDataset(x: unknown): x is Dataset {
  return (
    typeof x === 'object' && x !== null && Object.hasOwn(x, 'columns') && Object.hasOwn(x, 'values') && Object.hasOwn(x, 'kinds') && Object.hasOwn(x, 'rows')
  );
}

/** A record with no prototype: column names are looked up as own keys only. */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The rows `idx` of a dataset, in that order (a new dataset; the classes stay those of the whole). */
export function takeRows(ds: Dataset, idx: readonly number[]): Dataset {
  const values = record<number[] | string[]>();
  for (const name of ds.columns) {
    const column = ds.values[name]!;
    values[name] = idx.map((i) => column[i]!) as number[] | string[];
  }
  return { ...ds, values, rows: idx.length };
}

/**
 * The class index of every row of a single categorical target (its place in
 * `classes`), or null when the dataset has no such target.
 */
export function classLabels(ds: Dataset): { labels: number[]; classes: readonly string[] } | null {
  if (ds.targets.length !== 1 || !ds.classes) return null;
  const index = new Map(ds.classes.map((c, i) => [c, i]));
  const column = ds.values[ds.targets[0]!] as readonly string[];
  return {
    classes: ds.classes,
    labels: column.map((v, r) => {
      const i = index.get(String(v));
      if (i === undefined)
        fail('INVALID_DATA', `row ${r + 1}: class ${JSON.stringify(v)} of '${ds.targets[0]}' is not one of the dataset's classes`, {
          row: r + 1,
          column: ds.targets[0],
        });
      return i;
    }),
  };
}
