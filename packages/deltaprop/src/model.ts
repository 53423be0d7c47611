/**
 * The model file, version 1 (see ModelJSON in types.ts), checked field by field
 * before a single number is copied: a corrupt or hand-edited file is refused with
 * CORRUPT_MODEL and the path of the bad field, never half loaded.
 */
import type { Encoder } from './encoder.js';
import { DeltapropError, fail } from './errors.js';
import { describe, guarded } from './options.js';

/** A value of the file as its JSON text shows it (strings in double quotes), for any value. */
const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : describe(v));
import { checkSpec, type Spec } from './spec.js';
import type { ModelJSON, Parameters } from './types.js';
import { parameterShapes } from './shapes.js';

/**
 * Reads a file's `preprocessing` field (Encoder.fromJSON). encoder.ts sets it when it
 * is loaded, which every entry of the package does; this file does not import it, so
 * the training worker's bundle, which never sees a preprocessing field
 * (trainInWorker leaves it out), stays without the encoder.
 */
let readPreprocessing: ((json: unknown, what: string) => Encoder) | null = null;

export function setPreprocessingReader(read: (json: unknown, what: string) => Encoder): void {
  readPreprocessing = read;
}

export interface CheckedModel {
  spec: Spec;
  parameters: Parameters;
  preprocessing: Encoder | null;
}

export function checkModel(input: ModelJSON | string | unknown, what = 'model'): CheckedModel {
  // A hand-made object may hold getters that throw, or Proxies: CORRUPT_MODEL too.
  return guarded('CORRUPT_MODEL', what, () => readModel(input, what));
}

function readModel(input: unknown, what: string): CheckedModel {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      fail('CORRUPT_MODEL', `${what} is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('CORRUPT_MODEL', `${what} must be an object`);
  const m = json as Record<string, unknown>;
  if (m.format !== 'deltaprop') fail('CORRUPT_MODEL', `${what}.format must be 'deltaprop', got ${shown(m.format)}`, { path: 'format' });
  if (m.version !== 1) fail('CORRUPT_MODEL', `${what}.version ${shown(m.version)} is not supported (this deltaprop reads version 1)`, { path: 'version' });
  let spec: Spec;
  try {
    spec = checkSpec(m.layers, m.activation, m.loss);
  } catch (e) {
    if (e instanceof DeltapropError) fail('CORRUPT_MODEL', `${what}: ${e.message}`, { cause: e.code });
    throw e;
  }
  const L = spec.layers.length - 1;
  const arrays = (key: 'weights' | 'biases', size: (l: number) => number): Float32Array[] => {
    const list = m[key];
    if (!Array.isArray(list) || list.length !== L) {
      fail('CORRUPT_MODEL', `${what}.${key} must be an array of ${L} arrays (one per weight layer)`, { path: key });
    }
    return list.map((values: unknown, l: number) => {
      const expected = size(l);
      if (!Array.isArray(values) && !(values instanceof Float32Array))
        fail('CORRUPT_MODEL', `${what}.${key}[${l}] must be an array of numbers`, { path: `${key}[${l}]` });
      if (values.length !== expected) {
        fail('CORRUPT_MODEL', `${what}.${key}[${l}] has ${values.length} values; layers ${JSON.stringify(spec.layers)} need ${expected}`, {
          path: `${key}[${l}]`,
        });
      }
      const out = new Float32Array(expected);
      for (let i = 0; i < expected; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 3.4028234663852886e38) {
          fail('CORRUPT_MODEL', `${what}.${key}[${l}][${i}] is ${shown(v)}, not a finite float32`, { path: `${key}[${l}][${i}]` });
        }
        out[i] = v;
      }
      return out;
    });
  };
  const shapes = parameterShapes(spec.layers);
  const weights = arrays('weights', (l) => shapes[l]!.weights);
  const biases = arrays('biases', (l) => shapes[l]!.biases);
  let preprocessing: Encoder | null = null;
  if (m.preprocessing !== undefined) {
    if (!readPreprocessing) {
      fail(
        'INVALID_OPTION',
        `${what} has preprocessing: import { Encoder } from 'deltaprop' in the program that loads it (a bundler leaves the encoder out of pages that never name it)`,
        { path: 'preprocessing' },
      );
    }
    preprocessing = readPreprocessing(m.preprocessing, `${what}.preprocessing`);
    const [inputs, outputs] = [spec.layers[0]!, spec.layers[L]!];
    if (preprocessing.inputs !== inputs || preprocessing.outputs !== outputs) {
      fail(
        'CORRUPT_MODEL',
        `${what}.preprocessing encodes ${preprocessing.inputs} inputs and ${preprocessing.outputs} outputs; layers ${JSON.stringify(spec.layers)} need ${inputs} and ${outputs}`,
        { path: 'preprocessing' },
      );
    }
  }
  return { spec, parameters: { weights, biases }, preprocessing };
}
