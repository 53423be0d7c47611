/**
 * How every name and every options object from a user is read, in one place:
 * - names are looked up as own keys of their tables (`name in table` would also find
 *   'toString', 'constructor' and '__proto__' on Object.prototype);
 * - an options object is read once, key by key, into a plain copy: a key it does not
 *   know is a mistake (with a suggestion), an explicit null is refused rather than
 *   taken for the default, and a getter that throws becomes an INVALID_OPTION;
 * - `describe` shows any value in a message without ever throwing (BigInt, Symbol,
 *   functions, objects whose toString throws).
 */
import { DeltapropError, fail, type ErrorCode } from './errors.js';

/** The entry `name` of `table` if `name` is a string naming an own key of it, else undefined. */
export function lookup<T>(table: Readonly<Record<string, T>>, name: unknown): T | undefined {
  return typeof name === 'string' && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** The keys an options object may have: a record with every key of `T` (the compiler checks that none is missing). */
export type Known<T> = Readonly<Record<keyof T & string, true>>;

/**
 * A plain copy of the options object `options` (undefined → {}), every own enumerable
 * key checked against `known`. `where` names the object in messages ("train
 * options"); `elsewhere` names, for keys that belong to another call, that call.
 */
export function readOptions<T extends object>(
  options: unknown,
  known: Known<T>,
  where: string,
  code: ErrorCode = 'INVALID_OPTION',
  elsewhere: Readonly<Record<string, string>> = {},
): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail(code, `${where} must be an object, got ${describe(options)}`, { where });
  let keys: string[];
  try {
    keys = Object.keys(options);
  } catch (e) {
    fail(code, `${where}: its keys cannot be read (${errorText(e)})`, { where });
  }
  const names = Object.keys(known);
  for (const key of keys) {
    if (Object.hasOwn(known, key)) continue;
    const other = lookup(elsewhere, key);
    if (other) fail(code, `${where}: unknown option '${key}'; '${key}' is an option of ${other}`, { where, key });
    const suggestion = closest(key, names);
    fail(
      code,
      `${where}: unknown option '${key}'${suggestion ? `; did you mean '${suggestion}'?` : `; the options are ${names.map((n) => `'${n}'`).join(', ')}`}`,
      {
        where,
        key,
        suggestion,
      },
    );
  }
  // Every value read once: a getter cannot answer one thing to the check and another later.
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    let value: unknown;
    try {
      value = (options as Record<string, unknown>)[key];
    } catch (e) {
      fail(code, `${where}: reading '${key}' threw: ${errorText(e)}`, { where, key });
    }
    if (value === null) fail(code, `${where}: ${key} is null; leave it out for the default`, { where, key });
    if (value !== undefined) copy[key] = value;
  }
  return copy as Partial<T>;
}

/**
 * The known name a mistyped `key` most likely meant, or undefined: the same name up to
 * case, '_' and '-' (batch_size, learningrate); the initials of a camelCase name (lr);
 * or an edit distance of at most a third of the name's length (epoch, activaton).
 */
export function closest(key: string, names: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const initials = (s: string) => (s[0]! + s.slice(1).replace(/[^A-Z]/g, '')).toLowerCase();
  const k = plain(key);
  const same = names.find((n) => plain(n) === k);
  if (same) return same;
  const abbreviated = names.find((n) => /[A-Z]/.test(n) && key.length >= 2 && initials(n) === key.toLowerCase());
  if (abbreviated) return abbreviated;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of names) {
    const d = editDistance(k, plain(n));
    if (d <= Math.max(1, Math.floor(n.length / 3)) && d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn a into b. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** A value as a message shows it; never throws, whatever the value. */
export function describe(v: unknown): string {
  try {
    switch (typeof v) {
      case 'string':
        return `'${v.length > 60 ? `${v.slice(0, 60)}…` : v}'`;
      case 'bigint':
        return `${v.toString()}n`;
      case 'symbol':
        return v.toString();
      case 'function':
        return 'a function';
      case 'number':
      case 'boolean':
      case 'undefined':
        return String(v);
    }
    if (v === null) return 'null';
    if (Array.isArray(v)) return `an array of ${v.length}`;
    return 'an object';
  } catch {
    return 'a value that cannot be shown';
  }
}

/** The message of a thrown value, for a message of our own; never throws. */
export function errorText(e: unknown): string {
  try {
    if (e instanceof Error) return String(e.message);
    return describe(e);
  } catch {
    return 'an error that cannot be shown';
  }
}

/** Runs `read`; anything it throws that is not a DeltapropError becomes one with `code`. */
export function guarded<T>(code: ErrorCode, what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof DeltapropError) throw e;
    fail(code, `${what} could not be read: ${errorText(e)}`);
  }
}
