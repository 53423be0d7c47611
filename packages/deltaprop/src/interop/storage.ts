/**
 * Where models live: `save(net, destination)` and `load(source)` with the URL-like
 * places TensorFlow.js users know — a file path (Node), `indexeddb://name` and
 * `localstorage://name` (browsers), `http(s)://…` (loading, with fetch; in a page a
 * plain path is a URL relative to the page).
 *
 * A loaded file's format is found from its content, never from its name:
 *   "DPRP" magic         → deltaprop binary (binary.ts)
 *   '{' … "format": "deltaprop"  → deltaprop JSON (model.ts)
 *   '{' … "modelTopology" → TF.js layers model (its weight files read beside it)
 *   anything else        → ONNX (protobuf), or CORRUPT_MODEL naming what failed
 * Every format is checked whole before a network is built, so a damaged file is
 * refused (CORRUPT_MODEL), never half loaded.
 */
import { decodeModel, encodeModel } from '../binary.js';
import { DeltapropError, fail } from '../errors.js';
import { checkModel } from '../model.js';
import type { Network } from '../network.js';
import { readOptions } from '../options.js';
import { describe } from '../spec.js';
import type { ModelJSON } from '../types.js';
import { build, checkImportOptions, type CarriedModel, type ImportOptions, modelOf } from './common.js';
import { onnxModel, toONNX } from './onnx.js';
import { modelJSONOf, tfjsModel, toTFJS, type TFJSModelJSON } from './tfjs.js';

/** A model file's format: deltaprop JSON, deltaprop binary, ONNX, or a TF.js layers model. */
export type ModelFormat = 'json' | 'binary' | 'onnx' | 'tfjs';
const formats: readonly ModelFormat[] = ['json', 'binary', 'onnx', 'tfjs'];

/** The files of a saved model: the one named by the destination, and any beside it (TF.js weights). */
export interface Files {
  main: Uint8Array;
  beside: Record<string, Uint8Array>;
}

/** A place a model is read from or written to. */
export interface Place {
  /** The format a save writes when none is asked for. */
  defaultFormat: ModelFormat;
  read(): Promise<Uint8Array>;
  /** A file beside the main one (a relative path, as a TF.js weights manifest gives it). */
  readBeside(path: string): Promise<Uint8Array>;
  write(files: Files): Promise<void>;
}

/** Opens file paths (and file:// URLs); set by the Node entry, null in browsers. */
let openFile: ((path: string) => Place) | null = null;
export function setFileAccess(open: (path: string) => Place): void {
  openFile = open;
}

/** Options of `save`. */
export interface SaveOptions {
  /**
   * Default: for a file path, by its extension (`.onnx` ONNX, `.json` deltaprop JSON,
   * anything else deltaprop binary); elsewhere deltaprop binary. `tfjs` writes
   * `model.json` at the destination and its weights beside it (`<name>.weights.bin`).
   */
  format?: ModelFormat;
}

/** Saves the network (or a model object) at `destination` in the format asked for. */
export async function save(net: Network | ModelJSON, destination: string, options: SaveOptions = {}): Promise<void> {
  const o = readOptions<SaveOptions>(options, { format: true }, 'save options');
  const place = open(destination, 'save');
  const format = o.format ?? place.defaultFormat;
  if (!formats.includes(format)) fail('INVALID_OPTION', `unknown format ${describe(format)}; use one of ${formats.map((f) => `'${f}'`).join(', ')}`);
  const model = modelOf(net, 'save');
  await place.write(encodeAs(model, format, destination));
}

function encodeAs(model: CarriedModel, format: ModelFormat, destination: string): Files {
  switch (format) {
    case 'json':
      return { main: new TextEncoder().encode(JSON.stringify(model)), beside: {} };
    case 'binary':
      return { main: encodeModel(model), beside: {} };
    case 'onnx':
      return { main: toONNX(model), beside: {} };
    case 'tfjs': {
      const artifacts = toTFJS(model);
      const stem = (destination.split(/[/\\]/).pop() ?? 'model').replace(/\.json$/i, '') || 'model';
      const weights = `${stem}.weights.bin`;
      return { main: new TextEncoder().encode(JSON.stringify(modelJSONOf(artifacts, weights))), beside: { [weights]: new Uint8Array(artifacts.weightData) } };
    }
    default:
      return assertNever(format);
  }
}

/**
 * Loads a network from a path or URL, or from a file's bytes, whatever its format
 * (deltaprop JSON or binary, ONNX, TF.js layers model).
 */
export async function load(source: string | Uint8Array | ArrayBuffer, options?: ImportOptions): Promise<Network> {
  const o = checkImportOptions(options, 'load');
  let model: CarriedModel;
  if (typeof source === 'string') {
    const place = open(source, 'load');
    model = await readModel(await place.read(), o, place);
  } else if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    model = await readModel(source instanceof Uint8Array ? source : new Uint8Array(source), o, null);
  } else {
    fail('INVALID_OPTION', `load takes a path, a URL or the bytes of a model file, got ${describe(source)}`);
  }
  return build(model, o);
}

/** The format of a model file, from its first bytes (null: none of deltaprop's formats; possibly ONNX, which has no magic). */
export function formatOf(bytes: Uint8Array): ModelFormat | null {
  if (bytes.length >= 4 && bytes[0] === 0x44 && bytes[1] === 0x50 && bytes[2] === 0x52 && bytes[3] === 0x50) return 'binary'; // "DPRP"
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (i === 0 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3; // a UTF-8 byte-order mark
  if (bytes[i] === 0x7b) return 'json'; // '{': deltaprop JSON or a TF.js model.json
  return null;
}

/** The checked model file of any format (see the top of this file). */
async function readModel(bytes: Uint8Array, options: ImportOptions, place: Place | null): Promise<CarriedModel> {
  if (bytes.length === 0) fail('CORRUPT_MODEL', 'the model file is empty (0 bytes)');
  const kind = formatOf(bytes);
  let model: CarriedModel;
  if (kind === 'binary') model = decodeModel(bytes) as CarriedModel;
  else if (kind === 'json') {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (e) {
      fail('CORRUPT_MODEL', `the model file starts like JSON but is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('CORRUPT_MODEL', 'the model file is JSON but not an object');
    if (Object.hasOwn(json, 'modelTopology')) {
      if (!place) fail('INVALID_OPTION', 'a TF.js model.json needs its weight files: load it from a path or URL, or call fromTFJS(modelJSON, weights)');
      const manifest = (json as unknown as TFJSModelJSON).weightsManifest;
      if (!Array.isArray(manifest)) fail('CORRUPT_MODEL', 'the TF.js model.json has no weightsManifest');
      const paths = manifest.flatMap((g) =>
        Array.isArray(g?.paths) && g.paths.every((p) => typeof p === 'string')
          ? g.paths
          : fail('CORRUPT_MODEL', 'a weightsManifest entry has no list of paths'),
      );
      const weights = await Promise.all(paths.map((p) => place.readBeside(p)));
      return tfjsModel(json as unknown as TFJSModelJSON, weights, options);
    }
    if (json.format !== 'deltaprop')
      fail('CORRUPT_MODEL', 'the model file is JSON but neither a deltaprop model (format: "deltaprop") nor a TF.js layers model (modelTopology)');
    model = json as unknown as CarriedModel;
  } else {
    try {
      return onnxModel(bytes, options);
    } catch (e) {
      if (e instanceof DeltapropError && e.code === 'CORRUPT_MODEL') {
        throw new DeltapropError(
          'CORRUPT_MODEL',
          `not a deltaprop (JSON or binary), TF.js or ONNX model; read as ONNX: ${e.message}`,
          e.details as Record<string, unknown>,
        );
      }
      throw e;
    }
  }
  if (options.loss !== undefined) model = { ...model, loss: options.loss };
  checkModel(model);
  return model;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

function open(where: string, verb: 'save' | 'load'): Place {
  if (typeof where !== 'string' || where === '') fail('INVALID_OPTION', `${verb} needs a path or URL, got ${describe(where)}`);
  const scheme = SCHEME.exec(where)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'file') {
    if (openFile) return openFile(where);
    // In a page, a path is a URL relative to it (as TF.js's loadLayersModel takes one): loaded with fetch.
    const page = (globalThis as { location?: { href?: string } }).location?.href;
    if (scheme === undefined && verb === 'load' && typeof page === 'string' && /^https?:/.test(page)) return httpPlace(new URL(where, page).href, verb);
    fail(
      'INVALID_OPTION',
      `'${where}' is a file path, which needs Node; in browsers ${verb} with indexeddb://name or localstorage://name${verb === 'load' ? ', or an http(s) URL' : ''}`,
    );
  }
  const name = where.slice(scheme.length + 3);
  if (scheme === 'http' || scheme === 'https') return httpPlace(where, verb);
  if (scheme === 'indexeddb') return indexedDBPlace(storeName(name, where));
  if (scheme === 'localstorage') return localStoragePlace(storeName(name, where));
  fail('INVALID_OPTION', `unknown scheme '${scheme}://' in '${where}'; use a file path, indexeddb://, localstorage:// or http(s)://`);
}

function storeName(name: string, where: string): string {
  if (name === '') fail('INVALID_OPTION', `'${where}' has no model name after the scheme`);
  return name;
}

/** A saved model's record in browser storage. */
interface Stored {
  main: Uint8Array;
  beside: Record<string, Uint8Array>;
}

function notFound(where: string, cause?: unknown): never {
  fail('INVALID_OPTION', `no model at ${where}${cause ? `: ${(cause as Error).message ?? String(cause)}` : ''}`, { source: where });
}

function httpPlace(url: string, verb: 'save' | 'load'): Place {
  if (verb === 'save') fail('INVALID_OPTION', `save cannot write to ${url}; http(s) URLs are for loading (save to a file, indexeddb:// or localstorage://)`);
  const get = async (target: string): Promise<Uint8Array> => {
    let response: Response;
    try {
      response = await fetch(target);
    } catch (e) {
      notFound(target, e);
    }
    if (!response.ok) notFound(target, new Error(`HTTP ${response.status} ${response.statusText}`));
    return new Uint8Array(await response.arrayBuffer());
  };
  return {
    defaultFormat: 'binary',
    read: () => get(url),
    readBeside: (path) => get(new URL(path, url).href),
    write: async () => fail('INVALID_OPTION', `save cannot write to ${url}`),
  };
}

const DB_NAME = 'deltaprop';
const DB_STORE = 'models';

function indexedDBPlace(name: string): Place {
  const where = `indexeddb://${name}`;
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) fail('INVALID_OPTION', `${where} needs IndexedDB, which this environment does not have`);
  const db = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(DB_STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest): Promise<T> => {
    const d = await db();
    try {
      return await new Promise<T>((resolve, reject) => {
        const tx = d.transaction(DB_STORE, mode);
        const request = work(tx.objectStore(DB_STORE));
        // A write counts once the transaction commits, not when its request succeeds.
        tx.oncomplete = () => resolve(request.result as T);
        tx.onerror = () => reject(tx.error ?? request.error);
        tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
      });
    } finally {
      d.close();
    }
  };
  let record: Promise<Stored> | null = null;
  const stored = () =>
    (record ??= run<Stored | undefined>('readonly', (s) => s.get(name)).then((r) => {
      if (r === undefined) notFound(where);
      if (typeof r !== 'object' || r === null || !(r.main instanceof Uint8Array) || typeof r.beside !== 'object' || r.beside === null) {
        fail('CORRUPT_MODEL', `the record at ${where} is not a model saved by deltaprop (no model bytes)`);
      }
      return r;
    }));
  return {
    defaultFormat: 'binary',
    read: async () => (await stored()).main,
    readBeside: async (path) => (await stored()).beside[path] ?? notFound(`${where} (its file '${path}')`),
    write: async (files) => {
      await run('readwrite', (s) => s.put({ main: files.main, beside: files.beside } satisfies Stored, name));
    },
  };
}

const LS_PREFIX = 'deltaprop/';

function localStoragePlace(name: string): Place {
  const where = `localstorage://${name}`;
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  if (!storage) fail('INVALID_OPTION', `${where} needs localStorage, which this environment does not have`);
  const stored = (): Stored => {
    const text = storage.getItem(LS_PREFIX + name);
    if (text === null) notFound(where);
    let parsed: { main?: unknown; beside?: Record<string, unknown> };
    try {
      parsed = JSON.parse(text);
    } catch {
      fail('CORRUPT_MODEL', `the record at ${where} is not valid JSON`);
    }
    const bytes = (v: unknown, what: string) =>
      typeof v === 'string' ? fromBase64(v, `${where} (${what})`) : fail('CORRUPT_MODEL', `the record at ${where} has no ${what}`);
    const beside: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(parsed?.beside ?? {})) beside[k] = bytes(v, `file '${k}'`);
    return { main: bytes(parsed?.main, 'model'), beside };
  };
  return {
    defaultFormat: 'binary',
    read: async () => stored().main,
    readBeside: async (path) => stored().beside[path] ?? notFound(`${where} (its file '${path}')`),
    write: async (files) => {
      const beside: Record<string, string> = {};
      for (const [k, v] of Object.entries(files.beside)) beside[k] = toBase64(v);
      try {
        storage.setItem(LS_PREFIX + name, JSON.stringify({ main: toBase64(files.main), beside }));
      } catch (e) {
        fail('INVALID_OPTION', `could not save to ${where}: ${(e as Error).message} (localStorage holds a few MB; IndexedDB holds more)`);
      }
    },
  };
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string, what: string): Uint8Array {
  let s: string;
  try {
    s = atob(text);
  } catch {
    fail('CORRUPT_MODEL', `${what} is not valid base64`);
  }
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}
