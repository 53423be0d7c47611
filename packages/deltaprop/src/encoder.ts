/**
 * The fitted preprocessing of a table: numeric columns standardised or scaled to a
 * range, categorical ones one-hot, the class names of the target. Fitted once on
 * the training rows, it travels with the network (model files carry it as
 * `preprocessing`), so a loaded model takes raw rows and answers class names.
 *
 * Input layout: the features in column order, each numeric column one value, each
 * categorical column one value per category (1 for its category, 0 elsewhere).
 */
import { classLabels, type Dataset, isDataset } from './dataset.js';
import { fail } from './errors.js';
import { setPreprocessingReader } from './model.js';
import { describe, readOptions } from './options.js';
import type { FlatRows } from './types.js';

/** How numeric columns are scaled: x' = (x − mean) / std, x' = lo + (x − min)(hi − lo) / (max − min), or left alone. */
export type Scaling = 'standard' | 'minmax' | 'none';

/** How `Encoder.fit` scales numeric columns. */
export interface EncoderOptions {
  /** Default `standard`. */
  scale?: Scaling;
  /** The range of `minmax`; default [0, 1]. */
  range?: readonly [number, number];
}

/** One input column of the `preprocessing` field and the statistics it was fitted with. */
export type FeatureJSON =
  | {
      /** The column's name. */
      name: string;
      /** A numeric column. */
      kind: 'numeric';
      /** x' = (x − mean) / std. */
      scale: 'standard';
      /** The column's mean. */
      mean: number;
      /** The column's standard deviation. */
      std: number;
    }
  | {
      /** The column's name. */
      name: string;
      /** A numeric column. */
      kind: 'numeric';
      /** x' = lo + (x − min)(hi − lo) / (max − min). */
      scale: 'minmax';
      /** The column's smallest value. */
      min: number;
      /** The column's largest value. */
      max: number;
      /** [lo, hi]. */
      range: [number, number];
    }
  | {
      /** The column's name. */
      name: string;
      /** A numeric column. */
      kind: 'numeric';
      /** Left as it is. */
      scale: 'none';
    }
  | {
      /** The column's name. */
      name: string;
      /** A categorical column: one input per category (one-hot). */
      kind: 'categorical';
      /** The categories, in the order of their inputs. */
      categories: string[];
    };

/** The `preprocessing` field of a model file, version 1. */
export interface PreprocessingJSON {
  /** The field's format version. */
  version: 1;
  /** The columns of a raw row given as an array, in the order of the source file. */
  columns: string[];
  /** The input columns, in the order of the network's inputs. */
  features: FeatureJSON[];
  /** Target columns; `classes` for a single categorical target (one output per class). */
  targets: {
    /** The target columns' names. */
    names: string[];
    /** The classes of a single categorical target, in the order of the outputs. */
    classes?: string[];
  };
}

/** A raw row: keyed by column name, or an array in the source's column order (all columns, or the features alone). */
export type RawRow = Readonly<Record<string, unknown>> | readonly unknown[];

/** Cells read as missing, in files and in raw rows. */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'NaN', '?'];

const KEYS = {
  standard: ['name', 'kind', 'scale', 'mean', 'std'],
  minmax: ['name', 'kind', 'scale', 'min', 'max', 'range'],
  none: ['name', 'kind', 'scale'],
  categorical: ['name', 'kind', 'categories'],
};

/** Turns raw rows (numbers and text by column) into the network's input rows, and targets into its output rows, with statistics fitted on training data. */
export class Encoder {
  /** Width of the encoded input rows: the network's first layer. */
  readonly inputs: number;
  /** Width of the encoded targets: the network's last layer. */
  readonly outputs: number;
  private readonly spec: PreprocessingJSON;
  private readonly categoryIndex: (Map<string, number> | null)[];
  /** Where each feature's values start in an encoded row. */
  private readonly offsets: number[] = [];

  private constructor(spec: PreprocessingJSON) {
    this.spec = spec;
    let width = 0;
    for (const f of spec.features) {
      this.offsets.push(width);
      width += f.kind === 'categorical' ? f.categories.length : 1;
    }
    this.inputs = width;
    this.outputs = spec.targets.classes ? spec.targets.classes.length : spec.targets.names.length;
    this.categoryIndex = spec.features.map((f) => (f.kind === 'categorical' ? new Map(f.categories.map((c, i) => [c, i])) : null));
  }

  /** Fits the statistics of every feature on `data` (the training rows only: test rows must not leak into them). */
  static fit(data: Dataset, options: EncoderOptions = {}): Encoder {
    if (!isDataset(data)) fail('INVALID_OPTION', 'Encoder.fit needs a dataset (from readCSV or fromRows of deltaprop/data)');
    options = readOptions<EncoderOptions>(options, { scale: true, range: true }, 'Encoder.fit options');
    const scale = options.scale ?? 'standard';
    if (scale !== 'standard' && scale !== 'minmax' && scale !== 'none')
      fail('INVALID_OPTION', `scale must be 'standard', 'minmax' or 'none', got ${describe(scale)}`);
    const range = options.range ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || !(range[0]! < range[1]!))
      fail('INVALID_OPTION', 'range must be two finite numbers [lo, hi] with lo < hi');
    if (data.rows < 1) fail('SHAPE_MISMATCH', 'Encoder.fit needs at least one row');
    const features: FeatureJSON[] = data.features.map((name) => {
      const column = data.values[name]!;
      if (data.kinds[name] === 'categorical') return { name, kind: 'categorical', categories: [...new Set(column as readonly string[])].sort() };
      const x = column as readonly number[];
      if (scale === 'standard') {
        // Population statistics: std = √(Σ (x − mean)² / N); a constant column gets std 1 (it encodes to 0).
        let mean = 0;
        for (const v of x) mean += v;
        mean /= x.length;
        let variance = 0;
        for (const v of x) variance += (v - mean) ** 2;
        return { name, kind: 'numeric', scale, mean, std: Math.sqrt(variance / x.length) || 1 };
      }
      if (scale === 'minmax') {
        let min = Infinity;
        let max = -Infinity;
        for (const v of x) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
        return { name, kind: 'numeric', scale, min, max, range: [range[0]!, range[1]!] };
      }
      return { name, kind: 'numeric', scale: 'none' };
    });
    const targets: PreprocessingJSON['targets'] = { names: [...data.targets] };
    if (data.targets.length === 1 && data.classes) targets.classes = [...data.classes];
    else if (data.targets.some((t) => data.kinds[t] === 'categorical')) fail('INVALID_OPTION', 'a categorical target must be the only target column');
    return new Encoder({ version: 1, columns: [...(data.header ?? data.columns)], features, targets });
  }

  /** Loads the `preprocessing` of a model file, checked field by field (CORRUPT_MODEL with the path of what is wrong). */
  static fromJSON(json: unknown, what = 'preprocessing'): Encoder {
    return new Encoder(checkPreprocessing(json, what));
  }

  /** The `preprocessing` field of a model file. */
  toJSON(): PreprocessingJSON {
    return structuredClone(this.spec);
  }

  /** The class names of the outputs (a single categorical target), or undefined. */
  get classes(): readonly string[] | undefined {
    return this.spec.targets.classes;
  }

  /** The names of the feature columns, in the order of the encoded row. */
  get features(): readonly string[] {
    return this.spec.features.map((f) => f.name);
  }

  /** The encoded inputs (and targets, when the dataset has the target columns) of a dataset, as flat rows. */
  transform(data: Dataset): {
    /** The encoded input rows. */
    inputs: FlatRows;
    /** The encoded target rows. */
    targets: FlatRows;
  } {
    if (!isDataset(data)) fail('INVALID_OPTION', 'transform needs a dataset (from readCSV or fromRows of deltaprop/data)');
    const x = new Float32Array(data.rows * this.inputs);
    this.spec.features.forEach((f, i) => {
      if (!Object.hasOwn(data.values, f.name))
        fail('INVALID_DATA', `the dataset has no column '${f.name}', which the encoder was fitted on`, { column: f.name });
      if (data.kinds[f.name] !== f.kind)
        fail('INVALID_DATA', `column '${f.name}' is ${data.kinds[f.name]} in the dataset, ${f.kind} in the encoder`, { column: f.name });
      const column = data.values[f.name]!;
      for (let r = 0; r < data.rows; r++) this.put(x, r * this.inputs, i, column[r], r + 1);
    });
    return { inputs: { data: x, rows: data.rows }, targets: { data: this.targets(data), rows: data.rows } };
  }

  private targets(data: Dataset): Float32Array {
    const { names, classes } = this.spec.targets;
    for (const name of names) if (!Object.hasOwn(data.values, name)) fail('INVALID_DATA', `the dataset has no target column '${name}'`, { column: name });
    const y = new Float32Array(data.rows * this.outputs);
    if (classes) {
      // One-hot: y_k = 1 for the row's class k.
      const found = classLabels({ ...data, targets: names, classes });
      found!.labels.forEach((k, r) => (y[r * this.outputs + k] = 1));
    } else {
      names.forEach((name, j) => {
        const column = data.values[name]!;
        for (let r = 0; r < data.rows; r++) {
          const v = column[r];
          if (typeof v !== 'number') fail('INVALID_DATA', `row ${r + 1}: target '${name}' is ${describe(v)}, not a number`, { row: r + 1, column: name });
          y[r * this.outputs + j] = v;
        }
      });
    }
    return y;
  }

  /** Raw rows (objects keyed by column name, or arrays in the source's column order) as encoded flat rows. */
  encode(rows: readonly RawRow[]): FlatRows {
    if (!Array.isArray(rows) || rows.length === 0) fail('SHAPE_MISMATCH', 'raw rows must be a non-empty array');
    const { columns, features } = this.spec;
    const position = new Map(columns.map((c, i) => [c, i]));
    const x = new Float32Array(rows.length * this.inputs);
    rows.forEach((row, r) => {
      if (Array.isArray(row)) {
        // All the source's columns, or the features alone, in the source's order.
        const full = row.length === columns.length;
        if (!full && row.length !== features.length) {
          fail(
            'SHAPE_MISMATCH',
            `raw row ${r + 1} has ${row.length} values; give all ${columns.length} columns (${columns.join(', ')}) or the ${features.length} features (${this.features.join(', ')})`,
            { row: r + 1 },
          );
        }
        features.forEach((f, i) => this.put(x, r * this.inputs, i, row[full ? position.get(f.name)! : i], r + 1));
      } else if (typeof row === 'object' && row !== null) {
        features.forEach((f, i) => {
          if (!Object.hasOwn(row, f.name)) fail('MISSING_VALUE', `raw row ${r + 1} has no column '${f.name}'`, { row: r + 1, column: f.name });
          this.put(x, r * this.inputs, i, (row as Record<string, unknown>)[f.name], r + 1);
        });
      } else {
        fail('SHAPE_MISMATCH', `raw row ${r + 1} must be an object keyed by column name or an array of values, got ${describe(row)}`, { row: r + 1 });
      }
    });
    return { data: x, rows: rows.length };
  }

  /**
   * The encoded targets of raw rows that hold them (objects keyed by column name, or
   * arrays of all the source's columns): one-hot classes, or the numbers as they are.
   */
  encodeTargets(rows: readonly RawRow[]): FlatRows {
    if (!Array.isArray(rows) || rows.length === 0) fail('SHAPE_MISMATCH', 'raw rows must be a non-empty array');
    const { columns, targets } = this.spec;
    const classIndex = targets.classes ? new Map(targets.classes.map((c, k) => [c, k])) : null;
    const position = targets.names.map((name) => columns.indexOf(name));
    const y = new Float32Array(rows.length * this.outputs);
    rows.forEach((row, r) => {
      targets.names.forEach((name, j) => {
        let value: unknown;
        if (Array.isArray(row)) {
          if (row.length !== columns.length)
            fail('SHAPE_MISMATCH', `raw row ${r + 1} has ${row.length} values; with targets it needs all ${columns.length} columns`, { row: r + 1 });
          value = row[position[j]!];
        } else if (typeof row === 'object' && row !== null && Object.hasOwn(row, name)) value = (row as Record<string, unknown>)[name];
        const text = typeof value === 'string' ? value.trim() : value;
        if (
          text === undefined ||
          text === null ||
          (typeof text === 'number' && Number.isNaN(text)) ||
          (typeof text === 'string' && MISSING_TOKENS.includes(text))
        ) {
          fail('MISSING_VALUE', `row ${r + 1}, target '${name}': the value is missing`, { row: r + 1, column: name });
        }
        if (classIndex) {
          const k = classIndex.get(String(text));
          if (k === undefined)
            fail('INVALID_DATA', `row ${r + 1}, target '${name}': unknown class ${JSON.stringify(text)} (known: ${targets.classes!.join(', ')})`, {
              row: r + 1,
              column: name,
            });
          y[r * this.outputs + k] = 1;
        } else {
          const v = typeof text === 'number' ? text : Number(text);
          if (!Number.isFinite(v))
            fail('INVALID_DATA', `row ${r + 1}, target '${name}': ${describe(value)} is not a finite number`, { row: r + 1, column: name });
          y[r * this.outputs + j] = v;
        }
      });
    });
    return { data: y, rows: rows.length };
  }

  /** Writes feature i's encoding of `value` into the row of `x` starting at `at`. */
  private put(x: Float32Array, at: number, i: number, value: unknown, row: number): void {
    const f = this.spec.features[i]!;
    const offset = at + this.offsets[i]!;
    // The common case first (a CSV cell holding a number, no spaces around it): no trimming, no token lookups.
    if (f.kind === 'numeric' && typeof value === 'string' && value.length > 0 && value.charCodeAt(0) > 32 && value.charCodeAt(value.length - 1) > 32) {
      const v = Number(value);
      if (Number.isFinite(v)) {
        x[offset] = scaled(f, v);
        return;
      }
    }
    const missing = () => fail('MISSING_VALUE', `row ${row}, column '${f.name}': the value is missing (${describe(value)})`, { row, column: f.name });
    if (
      value === undefined ||
      value === null ||
      (typeof value === 'number' && Number.isNaN(value)) ||
      (typeof value === 'string' && MISSING_TOKENS.includes(value.trim()))
    )
      missing();
    if (f.kind === 'categorical') {
      const k = this.categoryIndex[i]!.get(String(value));
      if (k === undefined)
        fail('INVALID_DATA', `row ${row}, column '${f.name}': unknown category ${JSON.stringify(value)} (known: ${f.categories.join(', ')})`, {
          row,
          column: f.name,
        });
      x.fill(0, offset, offset + f.categories.length);
      x[offset + k] = 1;
      return;
    }
    const v = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
    if (!Number.isFinite(v)) fail('INVALID_DATA', `row ${row}, column '${f.name}': ${describe(value)} is not a finite number`, { row, column: f.name });
    x[offset] = scaled(f, v);
  }
}

/** x' = (x − mean) / std, or lo + (x − min)(hi − lo) / (max − min) (lo for a constant column), or x. */
function scaled(f: Extract<FeatureJSON, { kind: 'numeric' }>, v: number): number {
  if (f.scale === 'standard') return (v - f.mean) / f.std;
  if (f.scale === 'minmax') return f.max === f.min ? f.range[0] : f.range[0] + ((v - f.min) * (f.range[1] - f.range[0])) / (f.max - f.min);
  return v;
}

/** Checks a `preprocessing` field field by field; CORRUPT_MODEL with `details.path` on anything wrong. */
export function checkPreprocessing(json: unknown, what = 'preprocessing'): PreprocessingJSON {
  const bad = (path: string, message: string): never => fail('CORRUPT_MODEL', `${what}.${path} ${message}`, { path: `preprocessing.${path}` });
  const object = (v: unknown, path: string) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'must be an object');
    return v as Record<string, unknown>;
  };
  const only = (o: Record<string, unknown>, keys: readonly string[], path: string) => {
    for (const key of Object.keys(o)) if (!keys.includes(key)) bad(`${path}${path ? '.' : ''}${key}`, 'is not a field of this format');
  };
  const strings = (v: unknown, path: string, distinct = true) => {
    if (!Array.isArray(v) || v.length === 0) bad(path, 'must be a non-empty array of strings');
    (v as unknown[]).forEach((s, i) => typeof s !== 'string' && bad(`${path}[${i}]`, 'must be a string'));
    if (distinct && new Set(v as string[]).size !== (v as string[]).length) bad(path, 'has a name twice');
    return [...(v as string[])];
  };
  const finite = (v: unknown, path: string) =>
    typeof v === 'number' && Number.isFinite(v) ? v : bad(path, `is ${JSON.stringify(v) ?? String(v)}, not a finite number`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('CORRUPT_MODEL', `${what} must be an object`, { path: 'preprocessing' });
  const o = json as Record<string, unknown>;
  only(o, ['version', 'columns', 'features', 'targets'], '');
  if (o.version !== 1) bad('version', `${JSON.stringify(o.version)} is not supported (this deltaprop reads version 1)`);
  const columns = strings(o.columns, 'columns');
  if (!Array.isArray(o.features) || o.features.length === 0) bad('features', 'must be a non-empty array');
  const features = (o.features as unknown[]).map((item, i): FeatureJSON => {
    const path = `features[${i}]`;
    const f = object(item, path);
    if (typeof f.name !== 'string' || !columns.includes(f.name)) bad(`${path}.name`, 'must name one of the columns');
    const name = f.name as string;
    if (f.kind === 'categorical') {
      only(f, KEYS.categorical, path);
      return { name, kind: 'categorical', categories: strings(f.categories, `${path}.categories`) };
    }
    if (f.kind !== 'numeric') bad(`${path}.kind`, "must be 'numeric' or 'categorical'");
    if (f.scale === 'standard') {
      only(f, KEYS.standard, path);
      const std = finite(f.std, `${path}.std`);
      if (!(std > 0)) bad(`${path}.std`, 'must be positive');
      return { name, kind: 'numeric', scale: 'standard', mean: finite(f.mean, `${path}.mean`), std };
    }
    if (f.scale === 'minmax') {
      only(f, KEYS.minmax, path);
      const min = finite(f.min, `${path}.min`);
      const max = finite(f.max, `${path}.max`);
      if (!(min <= max)) bad(`${path}.max`, 'must not be below min');
      if (!Array.isArray(f.range) || f.range.length !== 2) bad(`${path}.range`, 'must be [lo, hi]');
      const range = f.range as unknown[];
      const lo = finite(range[0], `${path}.range[0]`);
      const hi = finite(range[1], `${path}.range[1]`);
      if (!(lo < hi)) bad(`${path}.range`, 'must have lo < hi');
      return { name, kind: 'numeric', scale: 'minmax', min, max, range: [lo, hi] };
    }
    if (f.scale === 'none') {
      only(f, KEYS.none, path);
      return { name, kind: 'numeric', scale: 'none' };
    }
    return bad(`${path}.scale`, "must be 'standard', 'minmax' or 'none'");
  });
  if (new Set(features.map((f) => f.name)).size !== features.length) bad('features', 'names a column twice');
  const t = object(o.targets, 'targets');
  only(t, ['names', 'classes'], 'targets');
  const names = strings(t.names, 'targets.names');
  for (const [i, n] of names.entries()) if (features.some((f) => f.name === n)) bad(`targets.names[${i}]`, 'is also a feature');
  const targets: PreprocessingJSON['targets'] = { names };
  if (t.classes !== undefined) {
    if (names.length !== 1) bad('targets.classes', 'needs exactly one target column');
    targets.classes = strings(t.classes, 'targets.classes');
  }
  return { version: 1, columns, features, targets };
}

// Model files with a preprocessing field load through Encoder.fromJSON (see model.ts).
setPreprocessingReader((json, what) => Encoder.fromJSON(json, what));
