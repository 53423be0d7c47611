/**
 * Reading a data file for training or evaluation through the library's readCSV, with
 * the checks a command line owes its user before any training starts: the file
 * exists, the target column is one of the file's columns (the message lists them),
 * and no input column is an identifier (a date, a name) that a network cannot use.
 */
import { stat } from 'node:fs/promises';
import { type Dataset, DeltapropError } from 'deltaprop';
import { readCSV } from 'deltaprop/data';
import { asCliError, CliError, EXIT } from './failure.js';

export async function checkDataFile(file: string): Promise<void> {
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new CliError(EXIT.DATA, `${file} is a folder, not a data file`, 'pass a CSV file');
  } catch (e) {
    if (e instanceof CliError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CliError(EXIT.DATA, `the data file ${file} does not exist`, 'check the path (it is relative to the current folder)');
    throw asCliError(e, EXIT.DATA, file);
  }
}

export interface ReadOptions {
  /** Columns to leave out. */
  ignore?: readonly string[];
  /** Column kinds to read with, rather than guess (evaluating: those the model was trained on). */
  types?: Readonly<Record<string, 'numeric' | 'categorical'>>;
  /** Missing cells: refused (the default), rows dropped, or filled (readCSV's `missing`). */
  missing?: 'error' | 'drop' | 'mean' | 'median' | 'most-frequent';
  /** What to do about a missing cell; default: the --missing option. */
  missingHint?: string;
  /** What to do when the file lacks the target column. */
  targetHint?: string;
  /** Refuse categorical inputs with a different value in nearly every row (training only). */
  refuseIdentifiers?: boolean;
}

export async function readTable(file: string, target: string | readonly string[], options: ReadOptions = {}): Promise<Dataset> {
  await checkDataFile(file);
  const targets = typeof target === 'string' ? [target] : [...target];
  const ignore = (options.ignore ?? []).filter((c) => !targets.includes(c));
  let kept: Dataset;
  try {
    kept = await readCSV(file, {
      target: targets.length === 1 ? targets[0]! : targets,
      ignore,
      ...(options.types ? { types: options.types } : {}),
      ...(options.missing ? { missing: options.missing } : {}),
    });
  } catch (e) {
    const err = asCliError(e, EXIT.DATA, file);
    // The library names the columns the file has; say which option to change.
    // A column named with no row: a header problem (a row's bad cell names both).
    const column = e instanceof DeltapropError && e.details.row === undefined ? e.details.column : undefined;
    if (typeof column === 'string' && targets.includes(column))
      throw new CliError(EXIT.DATA, err.message, options.targetHint ?? 'pick one of those columns with --target (names are case-sensitive)', err.code);
    if (typeof column === 'string' && options.types && Object.hasOwn(options.types, column)) {
      throw new CliError(EXIT.DATA, err.message, `the model takes the columns ${Object.keys(options.types).join(', ')}`, err.code);
    }
    if (err.code === 'MISSING_VALUE')
      throw new CliError(EXIT.DATA, err.message, options.missingHint ?? 'fill the cell, or pass --missing drop (or mean, median, most-frequent)', err.code);
    if (typeof column === 'string' && ignore.includes(column))
      throw new CliError(EXIT.DATA, err.message, 'pick columns of the file for --ignore (names are case-sensitive)', err.code);
    throw err;
  }
  if (kept.features.length === 0)
    throw new CliError(EXIT.DATA, `${file} has no input column left besides the target`, 'a network needs at least one input column');
  for (const name of [...kept.features, ...kept.targets]) {
    if (kept.kinds[name] !== 'categorical' || (options.types && Object.hasOwn(options.types, name))) continue;
    // A column of numbers with a stray word in it was read as text: name the cell.
    const cells = kept.values[name] as readonly string[];
    const numbers = cells.filter((c) => c.trim() !== '' && Number.isFinite(Number(c))).length;
    if (numbers >= 0.9 * cells.length) {
      const row = cells.findIndex((c) => !(c.trim() !== '' && Number.isFinite(Number(c))));
      throw new CliError(
        EXIT.DATA,
        `column '${name}' of ${file} holds numbers except in data row ${row + 1} (line ${row + 2} of the file), which has ${JSON.stringify(cells[row])}`,
        kept.targets.includes(name) ? 'correct that cell' : `correct that cell, or leave the column out with --ignore ${name}`,
      );
    }
  }
  if (options.refuseIdentifiers) {
    for (const name of kept.features) {
      if (kept.kinds[name] !== 'categorical') continue;
      const distinct = new Set(kept.values[name] as readonly string[]).size;
      if (distinct > Math.max(20, kept.rows / 2)) {
        throw new CliError(
          EXIT.DATA,
          `column '${name}' of ${file} holds text with ${distinct} different values in ${kept.rows} rows (it starts with ${JSON.stringify((kept.values[name] as readonly string[])[0])}): it looks like an identifier or a date, which a network cannot learn from as a category`,
          `leave it out with --ignore ${name}`,
        );
      }
    }
  }
  return kept;
}
