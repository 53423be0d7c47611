/**
 * TensorFlow.js layers models out and in (the `model.json` + `weights.bin` that
 * `model.save` writes and `tf.loadLayersModel` reads).
 *
 * Out: a `Sequential` of `Dense` layers, u = t · W + b with the kernel W stored
 * s_l × s_(l+1) as deltaprop keeps it (Keras's layout too), the activation inside
 * the Dense layer where Keras has it by name, or as a layer after a linear Dense
 * (`LeakyReLU`, alpha 0.01). The weights are float32, kernel then bias, layer by
 * layer.
 *
 * In: a `Sequential` of `Dense` layers with activations by name or as `Activation`,
 * `ReLU`, `LeakyReLU` (alpha 0.01), `ELU` (alpha 1), `Softmax` layers; `InputLayer`, a leading
 * `Flatten` and `Dropout` (nothing at inference) are taken too. Everything else is
 * refused with UNSUPPORTED_MODEL naming the layer.
 */
import { fail } from '../errors.js';
import type { Network } from '../network.js';
import { describe } from '../spec.js';
import type { ActivationName, ModelJSON } from '../types.js';
import {
  build,
  checkImportOptions,
  ELU_ALPHA,
  floatBytes,
  LEAKY_SLOPE,
  type ImportOptions,
  type Imported,
  modelOf,
  readFloats,
  toModel,
  VERSION,
} from './common.js';

/** A layer of a layers model's topology: `{ class_name, config }`. */
/** One layer of a layers model's topology, as Keras and TF.js write it. */
export interface TFJSLayer {
  /** The layer's class: `Dense`, `LeakyReLU`, `InputLayer`, … */
  class_name: string;
  /** The layer's settings (units, activation, kernel shape, …). */
  config: Record<string, unknown>;
}

/** Where one weight tensor lies in the weight data, in the order of the specs. */
export interface TFJSWeightSpec {
  /** The tensor's name, `<layer>/kernel` or `<layer>/bias`. */
  name: string;
  /** Its dimensions: `[inputs, units]` for a kernel, `[units]` for a bias. */
  shape: number[];
  /** `float32` (the only type deltaprop reads). */
  dtype: string;
  /** Present on quantized weights, which deltaprop refuses. */
  quantization?: unknown;
}

/** What `toTFJS` returns: the ModelArtifacts of TF.js (`tf.io.fromMemory(artifacts)` loads them). */
export interface TFJSArtifacts {
  /** A `Sequential` of `Dense` layers (and `LeakyReLU` layers for leaky-relu). */
  modelTopology: {
    /** Always `Sequential`. */
    class_name: 'Sequential';
    /** The model's name and its layers in order. */
    config: {
      /** The model's name. */
      name: string;
      /** The layers, input side first. */
      layers: TFJSLayer[];
    };
    /** The Keras version the topology follows. */
    keras_version: string;
    /** The backend the topology names. */
    backend: string;
  };
  /** The weight tensors of `weightData`, in order. */
  weightSpecs: TFJSWeightSpec[];
  /** Every weight as little-endian float32, in the order of `weightSpecs`. */
  weightData: ArrayBuffer;
  /** Always `layers-model`. */
  format: 'layers-model';
  /** `deltaprop <version>`. */
  generatedBy: string;
  /** No converter wrote it. */
  convertedBy: null;
  /** The deltaprop loss and, where the network has one, its preprocessing. */
  userDefinedMetadata: Record<string, unknown>;
}

/** The `model.json` of a layers model: topology, and the manifest naming the weight files. */
export interface TFJSModelJSON {
  /** The Keras topology (`Sequential`, or a converter's `model_config` around one). */
  modelTopology: unknown;
  /** The weight files and the tensors in each, as `model.save` writes them. */
  weightsManifest?: {
    /** The weight files, relative to model.json, read one after the other. */
    paths: string[];
    /** The tensors those files hold, in order. */
    weights: TFJSWeightSpec[];
  }[];
  /** The tensors, when the weights are given as one buffer (artifacts in memory). */
  weightSpecs?: TFJSWeightSpec[];
  /** `layers-model` where the writer says it. */
  format?: string;
  /** The program that wrote the file. */
  generatedBy?: string;
  /** The converter that made it, if any. */
  convertedBy?: string | null;
  /** Anything the writer added; deltaprop reads its loss and preprocessing from here. */
  userDefinedMetadata?: Record<string, unknown>;
}

/**
 * Activation → what a Dense layer says (`activation`) and any layer after it.
 * An activation missing here is refused by toTFJS.
 */
const exported: { readonly [A in ActivationName]?: (name: string) => { activation: string; after?: TFJSLayer } } = {
  linear: () => ({ activation: 'linear' }),
  sigmoid: () => ({ activation: 'sigmoid' }),
  tanh: () => ({ activation: 'tanh' }),
  relu: () => ({ activation: 'relu' }),
  softmax: () => ({ activation: 'softmax' }),
  // Keras's elu activation has alpha 1, deltaprop's ELU_ALPHA (the tests check they agree).
  elu: () => ({ activation: 'elu' }),
  softplus: () => ({ activation: 'softplus' }),
  // gelu: deltaprop's is the tanh approximation, TF.js's 'gelu' the erf form, and the
  // tanh form's 'gelu_new' does not load in TF.js 4.22 (it looks up 'geluNew'): refused.
  'leaky-relu': (name) => ({
    activation: 'linear',
    after: { class_name: 'LeakyReLU', config: { name: `${name}_leaky_relu`, alpha: LEAKY_SLOPE, trainable: true, dtype: 'float32' } },
  }),
};

/** The network as a TF.js layers model (ModelArtifacts: topology, weight specs, weight bytes, metadata). */
export function toTFJS(net: Network | ModelJSON): TFJSArtifacts {
  const model = modelOf(net, 'toTFJS');
  const L = model.layers.length - 1;
  const layers: TFJSLayer[] = [];
  const weightSpecs: TFJSWeightSpec[] = [];
  const parts: Uint8Array[] = [];
  for (let l = 0; l < L; l++) {
    const activation = model.activation[l]!;
    const entry = Object.hasOwn(exported, activation) ? exported[activation] : undefined;
    if (!entry)
      fail('UNSUPPORTED_MODEL', `toTFJS: activation '${activation}' of layer ${l + 1} has no TF.js layers form in this deltaprop`, {
        layer: l + 1,
        activation,
      });
    const name = `dense_${l + 1}`;
    const [rows, cols] = [model.layers[l]!, model.layers[l + 1]!];
    const { activation: named, after } = entry(name);
    const config: Record<string, unknown> = { name, trainable: true, dtype: 'float32', units: cols, activation: named, use_bias: true };
    if (l === 0) config.batch_input_shape = [null, rows];
    layers.push({ class_name: 'Dense', config });
    if (after) layers.push(after);
    weightSpecs.push({ name: `${name}/kernel`, shape: [rows, cols], dtype: 'float32' }, { name: `${name}/bias`, shape: [cols], dtype: 'float32' });
    parts.push(floatBytes(model.weights[l]!), floatBytes(model.biases[l]!));
  }
  const weightData = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    weightData.set(p, at);
    at += p.length;
  }
  const deltaprop: Record<string, unknown> = { loss: model.loss };
  if (model.preprocessing !== undefined) deltaprop.preprocessing = model.preprocessing;
  return {
    modelTopology: { class_name: 'Sequential', config: { name: 'deltaprop', layers }, keras_version: `deltaprop ${VERSION}`, backend: 'tensor_flow.js' },
    weightSpecs,
    weightData: weightData.buffer,
    format: 'layers-model',
    generatedBy: `deltaprop ${VERSION}`,
    convertedBy: null,
    userDefinedMetadata: { deltaprop },
  };
}

/** `model.json` for artifacts whose weights are saved beside it in one file named `weightsPath`. */
export function modelJSONOf(artifacts: TFJSArtifacts, weightsPath: string): TFJSModelJSON {
  const { weightSpecs, weightData: _, ...rest } = artifacts;
  return { ...rest, weightsManifest: [{ paths: [weightsPath], weights: weightSpecs }] };
}

/**
 * Loads a TF.js layers model: `modelJSON` is the parsed `model.json` (or its text, or
 * ModelArtifacts with `weightSpecs`), `weights` the bytes of its weight files in the
 * manifest's order (one buffer, or one per file).
 */
export async function fromTFJS(
  modelJSON: TFJSModelJSON | string,
  weights: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[],
  options?: ImportOptions,
): Promise<Network> {
  const o = checkImportOptions(options, 'fromTFJS');
  return build(tfjsModel(modelJSON, weights, o), o);
}

/** The deltaprop model file of a TF.js layers model (checked; no network is built). */
export function tfjsModel(
  modelJSON: TFJSModelJSON | string,
  weights: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[],
  options: ImportOptions = {},
): ModelJSON {
  return toModel(readTFJS(modelJSON, weights), options, 'TF.js model');
}

/** Keras activation names → deltaprop's. */
const activations: Readonly<Record<string, ActivationName>> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  elu: 'elu',
  softplus: 'softplus',
};

export function readTFJS(input: TFJSModelJSON | string, weightsIn: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[]): Imported {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      fail('CORRUPT_MODEL', `the TF.js model.json is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('CORRUPT_MODEL', `a TF.js model.json must be an object, got ${describe(json)}`);
  const m = json as TFJSModelJSON;
  if (m.format !== undefined && m.format !== 'layers-model')
    fail('UNSUPPORTED_MODEL', `TF.js model format '${String(m.format)}' is not a layers model (graph models are not taken)`);
  let topology = m.modelTopology as Record<string, unknown> | undefined;
  if (typeof topology !== 'object' || topology === null) fail('CORRUPT_MODEL', 'the TF.js model.json has no modelTopology');
  // Converted from Keras: { keras_version, backend, model_config: { class_name, config }, training_config }.
  if (typeof topology.model_config === 'object' && topology.model_config !== null) topology = topology.model_config as Record<string, unknown>;
  if (topology.class_name !== 'Sequential')
    fail('UNSUPPORTED_MODEL', `a TF.js '${String(topology.class_name)}' model; only Sequential models of dense layers are taken`, {
      layer: String(topology.class_name),
    });
  const config = topology.config as unknown;
  // Keras 1 and early tfjs wrote the layer list as the config itself.
  const layerList = Array.isArray(config) ? config : (config as { layers?: unknown } | null)?.layers;
  if (!Array.isArray(layerList)) fail('CORRUPT_MODEL', 'the TF.js Sequential model has no list of layers');

  const specs =
    m.weightSpecs ??
    m.weightsManifest?.flatMap((g) => (Array.isArray(g?.weights) ? g.weights : fail('CORRUPT_MODEL', 'a weightsManifest entry has no weights list')));
  if (!Array.isArray(specs)) fail('CORRUPT_MODEL', 'the TF.js model.json has neither weightsManifest nor weightSpecs');
  const buffers = Array.isArray(weightsIn) ? weightsIn : [weightsIn];
  const chunks = buffers.map((w) =>
    w instanceof Uint8Array ? w : w instanceof ArrayBuffer ? new Uint8Array(w) : fail('INVALID_OPTION', 'TF.js weights must be ArrayBuffers or Uint8Arrays'),
  );
  const bytes = chunks.length === 1 ? chunks[0]! : concat(chunks);
  let need = 0;
  for (const [i, s] of specs.entries()) {
    if (typeof s !== 'object' || s === null || !Array.isArray(s.shape) || !s.shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0)) {
      fail('CORRUPT_MODEL', `weight spec ${i} of the TF.js model has no valid shape`);
    }
    if (s.dtype !== 'float32' || s.quantization !== undefined)
      fail('UNSUPPORTED_MODEL', `weight '${s.name}' is ${s.quantization ? 'quantized' : s.dtype}; only float32 weights are taken`);
    need += 4 * s.shape.reduce((a: number, d: number) => a * d, 1);
  }
  if (bytes.length !== need)
    fail('CORRUPT_MODEL', `the TF.js weight specs need ${need} bytes of weights, got ${bytes.length} (truncated, or not this model's weights)`);

  const found: Imported = { layers: [], activation: [], weights: [], biases: [] };
  const meta = m.userDefinedMetadata?.deltaprop as { loss?: unknown; preprocessing?: unknown } | undefined;
  if (meta && typeof meta === 'object') {
    if (typeof meta.loss === 'string') found.loss = meta.loss;
    if (meta.preprocessing !== undefined) found.preprocessing = JSON.stringify(meta.preprocessing);
  }

  let nextSpec = 0;
  let at = 0;
  const take = (layer: string, shape: number[], role: string): Float32Array => {
    const s = specs[nextSpec++];
    if (!s) fail('CORRUPT_MODEL', `layer '${layer}' needs a ${role}, but the weight specs have run out`);
    if (s.shape.length !== shape.length || s.shape.some((d: number, i: number) => d !== shape[i])) {
      fail('CORRUPT_MODEL', `layer '${layer}' needs a ${role} of shape [${shape.join(', ')}], the next weight '${s.name}' has [${s.shape.join(', ')}]`);
    }
    const count = shape.reduce((a, d) => a * d, 1);
    const values = readFloats(bytes.subarray(at, at + 4 * count), count);
    at += 4 * count;
    return values;
  };

  let inputWidth: number | null = null;
  /** An input of more than one dimension, not yet flattened (a Dense layer would act on its last axis). */
  let unflattened = false;
  let open: { activation: ActivationName | null; name: string } | null = null;
  for (const [i, raw] of layerList.entries()) {
    if (typeof raw !== 'object' || raw === null) fail('CORRUPT_MODEL', `layer ${i} of the TF.js model is not an object`);
    const cls = String((raw as TFJSLayer).class_name);
    const c = ((raw as TFJSLayer).config ?? {}) as Record<string, unknown>;
    const name = typeof c.name === 'string' ? c.name : `#${i}`;
    const refuse: (why: string) => never = (why) =>
      fail('UNSUPPORTED_MODEL', `layer ${cls} '${name}' cannot be taken into a dense network: ${why}`, { op: cls, node: name });
    const shape = (c.batch_input_shape ?? c.batch_shape ?? (Array.isArray(c.input_shape) ? [null, ...c.input_shape] : undefined)) as unknown;
    if (Array.isArray(shape) && found.layers.length === 0 && !open) {
      const dims = shape.slice(1);
      if (!dims.every((d) => Number.isInteger(d) && d > 0)) refuse(`an input shape ${JSON.stringify(shape)} that is not fixed`);
      inputWidth = dims.reduce((a: number, d: number) => a * d, 1);
      unflattened = dims.length > 1 && cls !== 'Flatten';
    }
    if (cls === 'InputLayer') {
      if (found.layers.length > 0 || open) refuse('an InputLayer after the first layer');
    } else if (cls === 'Flatten') {
      if (found.layers.length > 0 || open) refuse('Flatten is taken only before the first layer');
      unflattened = false;
    } else if (cls === 'Dropout') {
      // Nothing at inference.
    } else if (cls === 'Dense') {
      if (unflattened) refuse('the model input has several dimensions and no Flatten before this layer; deltaprop takes rows');
      const units = c.units;
      if (!Number.isInteger(units) || (units as number) < 1) fail('CORRUPT_MODEL', `Dense layer '${name}' has units ${describe(units)}`);
      const act = c.activation ?? 'linear';
      const activation =
        typeof act === 'string' && Object.hasOwn(activations, act)
          ? activations[act]!
          : refuse(`activation ${JSON.stringify(act)}; deltaprop takes ${Object.keys(activations).join(', ')}`);
      const rows = found.layers.length ? found.layers[found.layers.length - 1]! : (inputWidth ?? refuse('the first Dense layer has no input shape'));
      const W = take(name, [rows, units as number], 'kernel');
      const b = c.use_bias === false ? new Float32Array(units as number) : take(name, [units as number], 'bias');
      if (found.layers.length === 0) found.layers.push(rows);
      found.layers.push(units as number);
      found.weights.push(W);
      found.biases.push(b);
      found.activation.push(activation);
      open = { activation: activation === 'linear' ? null : activation, name };
    } else {
      // A separate activation layer: applies to a Dense layer that has none.
      let activation: ActivationName;
      if (cls === 'Activation') {
        const a = c.activation;
        activation = typeof a === 'string' && Object.hasOwn(activations, a) ? activations[a]! : refuse(`activation ${JSON.stringify(a)}`);
      } else if (cls === 'LeakyReLU') {
        // tfjs and Keras 2 say alpha, Keras 3 negative_slope; both default to 0.3.
        const alpha = (c.alpha ?? c.negative_slope ?? 0.3) as number;
        if (typeof alpha !== 'number' || Math.fround(alpha) !== Math.fround(LEAKY_SLOPE))
          refuse(`alpha ${String(alpha)}, where deltaprop's leaky-relu has ${LEAKY_SLOPE}`);
        activation = 'leaky-relu';
      } else if (cls === 'ELU') {
        const alpha = (c.alpha ?? 1) as number;
        if (typeof alpha !== 'number' || Math.fround(alpha) !== Math.fround(ELU_ALPHA))
          refuse(`alpha ${String(alpha)}, where deltaprop's elu has ${ELU_ALPHA}`);
        activation = 'elu';
      } else if (cls === 'ReLU') {
        if ((c.max_value ?? null) !== null || (c.negative_slope ?? 0) !== 0 || (c.threshold ?? 0) !== 0)
          refuse('a ReLU with max_value, negative_slope or threshold');
        activation = 'relu';
      } else if (cls === 'Softmax') {
        const axis = c.axis ?? -1;
        if (axis !== -1 && axis !== 1 && !(Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 1)))
          refuse(`axis ${JSON.stringify(axis)}`);
        activation = 'softmax';
      } else {
        refuse(
          `deltaprop networks are Sequential models of Dense layers with activations (Activation, ReLU, LeakyReLU, Softmax), InputLayer, Flatten and Dropout`,
        );
      }
      if (!open || open.activation !== null) refuse('an activation that does not follow a linear Dense layer');
      found.activation[found.activation.length - 1] = activation;
      open.activation = activation;
    }
  }
  if (found.layers.length === 0) fail('UNSUPPORTED_MODEL', 'the TF.js model has no Dense layer');
  if (nextSpec !== specs.length)
    fail('UNSUPPORTED_MODEL', `the TF.js model has ${specs.length - nextSpec} weights that no Dense layer uses (from '${specs[nextSpec]!.name}' on)`);
  if (inputWidth !== null && inputWidth !== found.layers[0])
    fail('CORRUPT_MODEL', `the TF.js model's input has ${inputWidth} values a row but its first Dense layer takes ${found.layers[0]}`);
  const softmaxAt = found.activation.indexOf('softmax');
  if (softmaxAt !== -1 && softmaxAt !== found.activation.length - 1) {
    fail('UNSUPPORTED_MODEL', `softmax on hidden layer ${softmaxAt + 1}; deltaprop takes softmax on the output layer only`, { layer: softmaxAt + 1 });
  }
  return found;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
