/**
 * What the ONNX, TF.js and storage modules share: the network options an import
 * accepts, the model object they build, and the metadata they carry across.
 */
import { fail } from '../errors.js';
import { checkModel } from '../model.js';
import { Network } from '../network.js';
import { type Known, readOptions } from '../options.js';
import { describe, type LoadOptions, loadOptionKeys } from '../spec.js';
import type { ActivationName, LossName, ModelJSON } from '../types.js';

/** How an imported model becomes a Network: the engine options of `Network.fromJSON`, and the loss to train it with. */
export interface ImportOptions extends LoadOptions {
  /**
   * The loss for further training. ONNX and TF.js files carry none of their own;
   * files that deltaprop wrote carry theirs in their metadata. Default: the file's,
   * else `mse`.
   */
  loss?: LossName;
}

const importKeys: Known<ImportOptions> = { ...loadOptionKeys, loss: true };

/** The options, read as every options object is (unknown names and explicit nulls refused). */
export function checkImportOptions(options: unknown, what: string): ImportOptions {
  return readOptions<ImportOptions>(options, importKeys, `${what} options`);
}

/** A model file with the optional preprocessing that the data helpers save (its schema is theirs; it is carried as is). */
export type CarriedModel = ModelJSON & { preprocessing?: unknown };

/** Metadata keys under which a deltaprop model's own facts travel in other formats. */
export const META_LOSS = 'deltaprop.loss';
export const META_PREPROCESSING = 'deltaprop.preprocessing';

/** What an importer found: dense layers, and the facts of the metadata. */
export interface Imported {
  layers: number[];
  activation: ActivationName[];
  weights: Float32Array[];
  biases: Float32Array[];
  loss?: string;
  /** The preprocessing's JSON text, when the file carries one. */
  preprocessing?: string;
}

/** The model file of an import, checked by `checkModel` (CORRUPT_MODEL for bad numbers or shapes). */
export function toModel(found: Imported, options: ImportOptions, what: string): CarriedModel {
  const loss = options.loss ?? found.loss ?? 'mse';
  const model: CarriedModel = {
    format: 'deltaprop',
    version: 1,
    layers: found.layers,
    activation: found.activation,
    loss: loss as LossName,
    weights: found.weights as unknown as number[][],
    biases: found.biases as unknown as number[][],
  };
  if (found.preprocessing !== undefined) {
    try {
      model.preprocessing = JSON.parse(found.preprocessing);
    } catch (e) {
      fail('CORRUPT_MODEL', `${what}: the ${META_PREPROCESSING} metadata is not valid JSON: ${(e as Error).message}`);
    }
  }
  checkModel(model, what);
  return model;
}

/** A network of the imported model, built the way `Network.fromJSON` builds one (its options checked there too). */
export async function build(model: CarriedModel, options: ImportOptions): Promise<Network> {
  const { loss: _, ...engine } = options;
  return Network.fromJSON(model, engine);
}

/**
 * The model file of a network, or of a model object (checked). A network is known by
 * its toJSON, not by instanceof: a page may hold two copies of the core (a bundle and
 * a CDN import), whose Network classes differ.
 */
export function modelOf(source: Network | ModelJSON, what: string): CarriedModel {
  if (typeof source !== 'object' || source === null) fail('INVALID_OPTION', `${what} takes a Network or a model object (toJSON), got ${describe(source)}`);
  const model = typeof (source as Network).toJSON === 'function' ? (source as Network).toJSON() : source;
  checkModel(model, what);
  return model as CarriedModel;
}

/** The constants of deltaprop's activations, from the kernels that compute them (one source for both). */
export { ELU_ALPHA, LEAKY_SLOPE } from '@deltaprop/kernels';

/** Float32 weights as little-endian bytes. */
export function floatBytes(values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
  return out;
}

export function readFloats(bytes: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

export { VERSION } from './version.js';
