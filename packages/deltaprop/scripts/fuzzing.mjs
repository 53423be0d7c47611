/**
 * What the fuzz tests (test/fuzz.test.ts, a short run) and `npm run fuzz` (a long one,
 * scripts/fuzz.mjs) share: fast-check arbitraries for mutated model files of both
 * formats and for option objects, and the property each case must have.
 *
 * Model files: every mutated file either loads into a network whose predictions are
 * numbers of the right count (finite when every parameter is at most 1e6 in size),
 * equal to its toFunction()'s, or is refused with CORRUPT_MODEL — never any other
 * exception. Binary files get their CRC-32 recomputed after each mutation, so the
 * checks behind the checksum are what is exercised.
 *
 * Option objects: every one is accepted, or refused with a DeltapropError; one with
 * an unknown key or an explicit null at its top is never accepted.
 *
 * Plain JavaScript against the package's public API, so that the long run works on
 * the built dist/ and the short one on the sources.
 */
import fc from 'fast-check';

// ─── values that have broken validators before ───────────────────────────────

const hostile = () => ({
  toString() {
    throw new Error('toString');
  },
  valueOf() {
    throw new Error('valueOf');
  },
});
const throwingGetter = () =>
  Object.defineProperty({}, 'type', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });

/** Values of every kind a hand-edited or hostile file or options object may hold. */
export const nastyValue = fc.oneof(
  fc.constantFrom(
    'toString',
    'valueOf',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    'sigmoid',
    'softmax',
    'relu',
    'linear',
    'mse',
    'cross-entropy',
    'adam',
    'deltaprop',
    '',
    null,
    undefined,
    true,
    false,
    0,
    -0,
    1,
    2,
    -1,
    0.5,
    1.5,
    2 ** 20,
    2 ** 20 + 1,
    2 ** 32,
    Number.MAX_SAFE_INTEGER,
    NaN,
    Infinity,
    -Infinity,
    1e39,
    3.4e38,
    -3.4e38,
    1e-45,
    1n,
    2n ** 70n,
  ),
  fc.constant(Symbol('s')),
  fc.constant(() => 1),
  fc.constant([]),
  fc.constant({}),
  fc.constant(Object.create(null)),
  fc.constant([1, 2]),
  fc.constant([[0.5]]),
  fc.constant(new Float32Array(2)),
  fc.constant(new Uint8Array(3)),
  fc.constant(undefined).map(hostile),
  fc.constant(undefined).map(throwingGetter),
  fc.double({ min: -4, max: 4, noNaN: true }),
  fc.integer({ min: -3, max: 8 }),
  fc.string({ maxLength: 6 }),
);

/** A value that JSON text can carry (for files that go through JSON.stringify). */
const isPlainJSON = (v) => {
  try {
    return JSON.stringify(v) !== undefined;
  } catch {
    return false;
  }
};

// ─── model files ─────────────────────────────────────────────────────────────

/** Small model files of every shape the format has: one and several weight layers, every activation, both losses. */
export async function baseModels(Network) {
  const shapes = [
    { layers: [2, 3, 1], activation: 'sigmoid' },
    { layers: [3, 4, 2], activation: ['relu', 'softmax'], loss: 'cross-entropy' },
    { layers: [2, 2], activation: 'linear' },
    { layers: [1, 3, 2, 1], activation: ['tanh', 'leaky-relu', 'sigmoid'], loss: 'cross-entropy' },
    { layers: [1, 1], activation: 'relu' },
  ];
  const models = [];
  for (const [i, shape] of shapes.entries()) {
    const net = await Network.create({ ...shape, seed: i + 1, backend: 'reference' });
    models.push(net.toJSON());
  }
  return models;
}

const clone = (v) =>
  typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)
    ? Array.isArray(v)
      ? v.map(clone)
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]))
    : v;

const kinds = ['replace', 'replace', 'delete', 'insert', 'push', 'pop', 'tweak', 'grow'];

/** One mutation: a path (indices chosen modulo each container's size), what to do there, and a value. */
const mutation = fc.record({
  path: fc.array(fc.nat(), { minLength: 0, maxLength: 4 }),
  kind: fc.constantFrom(...kinds),
  value: nastyValue,
  key: fc.constantFrom('extra', 'toString', '__proto__', 'layers', 'weights', 'x'),
});

function containerAt(root, path) {
  // Walks as deep as the path goes through objects and arrays; returns the last container and a key in it.
  let parent = root;
  let key = null;
  for (const step of path) {
    const here = key === null ? parent : parent[key];
    if (typeof here !== 'object' || here === null) break;
    const keys = Array.isArray(here) ? here.map((_, i) => i) : Object.keys(here);
    if (keys.length === 0) break;
    if (key !== null) parent = here;
    key = keys[step % keys.length];
  }
  return { parent, key };
}

function applyMutation(model, { path, kind, value, key: newKey }) {
  const { parent, key } = containerAt(model, path);
  if (key === null) return model; // nowhere to go: the file stays as it was
  const target = parent[key];
  switch (kind) {
    case 'replace':
      parent[key] = value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
      break;
    case 'insert':
      if (Array.isArray(parent)) parent.splice(key, 0, value);
      else Object.defineProperty(parent, newKey, { value, enumerable: true, configurable: true, writable: true });
      break;
    case 'push':
      if (Array.isArray(target)) target.push(value);
      else parent[key] = value;
      break;
    case 'pop':
      if (Array.isArray(target)) target.pop();
      break;
    case 'tweak':
      if (typeof target === 'number') parent[key] = [target + 1, target - 1, target * 2, -target, 0, target + 0.5][Math.abs(path.length) % 6];
      break;
    case 'grow':
      // A layer count and the arrays that go with it: keeps the file consistent enough to reach the deeper checks.
      if (typeof target === 'number' && Number.isInteger(target)) parent[key] = target + 1;
      break;
  }
  return model;
}

/** A model object (not necessarily JSON-able) mutated 1–3 times from one of `bases`. */
export function mutatedModel(bases) {
  return fc.record({ base: fc.nat({ max: bases.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }).map(({ base, mutations }) => {
    let model = clone(bases[base]);
    for (const m of mutations) {
      if (typeof model !== 'object' || model === null) break;
      try {
        model = applyMutation(model, m);
      } catch {
        // walked into a hostile value an earlier mutation put there: leave it as it is
      }
    }
    return model;
  });
}

/** CRC-32 (IEEE), written here again so the fuzzer does not lean on the code it tests. */
const table = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The last four bytes set to the CRC-32 of the rest (when there are four). */
function resealed(bytes) {
  if (bytes.length >= 4)
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  return bytes;
}

/** A binary file in the format's layout from a (possibly mutated) model object: header JSON, float32 values, CRC-32. */
function encodeLoosely(model) {
  const header = new TextEncoder().encode(JSON.stringify({ layers: model?.layers, activation: model?.activation, loss: model?.loss }) ?? '');
  const values = [];
  for (const key of ['weights', 'biases']) if (!Array.isArray(model?.[key])) return null;
  model.weights.forEach((w, l) => {
    for (const v of [...(Array.isArray(w) ? w : []), ...(Array.isArray(model.biases[l]) ? model.biases[l] : [])]) values.push(typeof v === 'number' ? v : NaN);
  });
  const start = (12 + header.length + 3) & ~3;
  const bytes = new Uint8Array(start + 4 * values.length + 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x50525044, true);
  view.setUint32(4, 1, true);
  view.setUint32(8, header.length, true);
  bytes.set(header, 12);
  values.forEach((v, i) => view.setFloat32(start + 4 * i, v, true));
  return resealed(bytes);
}

const byteEdit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate', 'append', 'header-length'),
  byte: fc.nat({ max: 255 }),
  bit: fc.nat({ max: 7 }),
  count: fc.integer({ min: 1, max: 9 }),
});

function editBytes(bytes, { at, kind, byte, bit, count }) {
  const i = bytes.length ? at % bytes.length : 0;
  switch (kind) {
    case 'flip':
      if (bytes.length) bytes[i] ^= 1 << bit;
      return bytes;
    case 'set':
      if (bytes.length) bytes[i] = byte;
      return bytes;
    case 'insert':
      return Uint8Array.from([...bytes.subarray(0, i), ...new Array(count).fill(byte), ...bytes.subarray(i)]);
    case 'delete':
      return Uint8Array.from([...bytes.subarray(0, i), ...bytes.subarray(i + count)]);
    case 'truncate':
      return bytes.slice(0, i);
    case 'append':
      return Uint8Array.from([...bytes, ...new Array(count).fill(byte)]);
    case 'header-length':
      if (bytes.length >= 12) new DataView(bytes.buffer).setUint32(8, [0, 1, 2 ** 31, 0xffffffff, byte, bytes.length][count % 6], true);
      return bytes;
  }
}

/**
 * A binary file: either a well-formed file whose model was mutated (the header and the
 * values), or a file whose bytes were edited; the CRC-32 recomputed either way.
 */
export function mutatedBinary(bases, encodings) {
  const structural = mutatedModel(bases)
    .map((model) => {
      try {
        return encodeLoosely(model);
      } catch {
        return null; // a BigInt or a cycle: no header to write
      }
    })
    .filter((bytes) => bytes !== null);
  const edited = fc
    .record({ base: fc.nat({ max: encodings.length - 1 }), edits: fc.array(byteEdit, { minLength: 1, maxLength: 3 }) })
    .map(({ base, edits }) => {
      let bytes = encodings[base].slice();
      for (const e of edits) bytes = editBytes(bytes, e);
      return resealed(bytes);
    });
  return fc.oneof(structural, edited);
}

/** Network.fromJSON also takes the file's text: the object, when JSON can carry it, goes both ways. */
export function asText(model) {
  return isPlainJSON(model) ? JSON.stringify(model) : null;
}

const largest = (p) => Math.max(0, ...[...p.weights, ...p.biases].flatMap((a) => Array.from(a, Math.abs)));

/**
 * Loads `file` (`load(file)` returns a promise of a network) and checks the property;
 * returns 'loaded' or the code it was refused with, or throws an Error describing the failure.
 */
export async function checkModelCase(load, DeltapropError, file) {
  let net;
  try {
    net = await load(file);
  } catch (e) {
    // "could not be read" is the net under the checks for getters that throw, which
    // these files never hold (their values are data properties): here it would hide an
    // exception of a check itself.
    if (e instanceof DeltapropError && e.code === 'CORRUPT_MODEL' && !/could not be read/.test(e.message)) return 'CORRUPT_MODEL';
    throw new Error(`refused with ${e instanceof DeltapropError ? e.code : 'a plain exception'}: ${e?.message ?? e}`);
  }
  try {
    const { layers } = net;
    const input = Array.from({ length: layers[0] }, (_, i) => ((i * 7) % 5) / 2 - 1);
    const out = net.predict(input);
    if (out.length !== layers.at(-1) || !Array.from(out).every((v) => typeof v === 'number'))
      throw new Error(`predict gave ${out.length} values for ${layers.at(-1)} outputs`);
    const size = largest(net.getParameters());
    if (size <= 1e6 && !Array.from(out).every(Number.isFinite)) throw new Error(`predict gave a non-finite output with parameters of at most ${size}`);
    if (size <= 10) {
      // float32 (wasm) against float64 (the function) over small networks with parameters of at most 10
      const f = net.toFunction()(input);
      f.forEach((v, j) => {
        if (!(Math.abs(v - out[j]) <= 1e-3 * (1 + Math.abs(v)))) throw new Error(`toFunction gave ${v}, predict ${out[j]} (output ${j})`);
      });
    }
    return 'loaded';
  } finally {
    net.dispose();
  }
}

// ─── option objects ──────────────────────────────────────────────────────────

const createKeys = ['layers', 'activation', 'loss', 'seed', 'backend', 'init', 'kernels', 'threads'];
const trainKeys = [
  'epochs',
  'batchSize',
  'learningRate',
  'optimizer',
  'schedule',
  'weightDecay',
  'dropout',
  'shuffle',
  'validationSplit',
  'validationData',
  'earlyStopping',
  'onEpochEnd',
  'onBatchEnd',
  'signal',
];
const strayKeys = ['lr', 'epoch', 'batch_size', 'learningrate', 'activaton', 'layer', 'toString', '__proto__', 'constructor', 'type', 'momentum'];

/** Valid values per key, so that many objects get past the first check. */
const goodValues = {
  layers: fc.constantFrom([2, 1], [2, 3, 1], [2, 2], [2, 4, 3, 2]),
  activation: fc.constantFrom('sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear', 'softmax', ['relu', 'softmax'], ['tanh', 'sigmoid']),
  loss: fc.constantFrom('mse', 'cross-entropy'),
  seed: fc.constantFrom(0, 1, 7, 2 ** 32 - 1),
  backend: fc.constantFrom('wasm', 'reference'),
  init: fc.constantFrom('auto', 'glorot-uniform', 'he-normal', 'lecun-uniform'),
  kernels: fc.constantFrom('auto', 'simd'),
  threads: fc.constantFrom(1, 'auto'),
  epochs: fc.constantFrom(1, 2, 3),
  batchSize: fc.constantFrom(1, 2, 4, 100),
  learningRate: fc.constantFrom(0.01, 0.5, 1e-6),
  optimizer: fc.oneof(
    fc.constantFrom('sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'),
    fc.record(
      {
        type: fc.constantFrom('sgd', 'adam', 'momentum', 'rmsprop', 'toString'),
        learningRate: fc.constantFrom(0.1, -1, undefined),
        beta1: fc.constantFrom(0.9, 1, undefined),
        momentum: fc.constantFrom(0.5, 2, undefined),
        rho: fc.constantFrom(0.9, undefined),
        lr: fc.constantFrom(undefined, undefined, 0.1),
      },
      { requiredKeys: ['type'] },
    ),
  ),
  schedule: fc.oneof(
    fc.record(
      {
        type: fc.constantFrom('step', 'exponential', 'cosine', 'valueOf'),
        every: fc.constantFrom(1, 2, 0, undefined),
        gamma: fc.constantFrom(0.5, 2, -1, undefined),
        min: fc.constantFrom(0, 1e-4, undefined),
        epochs: fc.constantFrom(3, undefined),
      },
      { requiredKeys: ['type'] },
    ),
    fc.constant((epoch) => 0.1 / epoch),
  ),
  weightDecay: fc.constantFrom(0, 1e-3, -1),
  dropout: fc.constantFrom(0, 0.2, [0.1], [0.1, 0.2], 1),
  shuffle: fc.boolean(),
  validationSplit: fc.constantFrom(0.25, 0.5, 0.9, 0),
  validationData: fc.constantFrom({ inputs: [[0, 1]], targets: [[1]] }, { inputs: [[0, 1]], targets: [[1]], extra: 1 }, {}),
  earlyStopping: fc.oneof(
    fc.boolean(),
    fc.record(
      {
        patience: fc.constantFrom(1, 2, 0),
        monitor: fc.constantFrom('loss', 'valLoss', 'toString'),
        minDelta: fc.constantFrom(0, 1e-3, -1),
        restoreBestWeights: fc.boolean(),
        patiance: fc.constantFrom(undefined, 3),
      },
      { requiredKeys: [] },
    ),
  ),
  onEpochEnd: fc.constantFrom(() => {}, 'no'),
  onBatchEnd: fc.constantFrom(() => {}, 1),
  signal: fc.constantFrom(new AbortController().signal, AbortSignal.abort(), {}),
};

function optionsObject(keys) {
  const entry = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...keys)
        .chain((k) => fc.tuple(fc.constant(k), fc.oneof({ weight: 3, arbitrary: goodValues[k] ?? nastyValue }, { weight: 1, arbitrary: nastyValue }))),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...strayKeys), nastyValue) },
  );
  return fc.array(entry, { maxLength: 6 }).map((entries) => {
    const o = {};
    for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
    return o;
  });
}

/** Options for Network.create (with layers most of the time) and for train(). */
export const createOptions = fc
  .tuple(goodValues.layers, optionsObject(createKeys), fc.boolean())
  .map(([layers, o, withLayers]) => (withLayers && !Object.hasOwn(o, 'layers') ? { layers, ...o } : o));
export const trainOptions = fc.oneof({ weight: 9, arbitrary: optionsObject(trainKeys) }, { weight: 1, arbitrary: nastyValue });

/** An unknown key or an explicit null at the top of an options object (own data properties only). */
function mistake(o, known) {
  if (typeof o !== 'object' || o === null) return null;
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) return `the unknown key '${key}'`;
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d && Object.hasOwn(d, 'value') && d.value === null) return `${key}: null`;
  }
  return null;
}

function cap(o, key, most) {
  const d = typeof o === 'object' && o !== null ? Object.getOwnPropertyDescriptor(o, key) : undefined;
  if (d && Object.hasOwn(d, 'value') && typeof d.value === 'number' && d.value > most) Object.defineProperty(o, key, { ...d, value: most });
}

/** Creates a network with `options` (and trains it on XOR with `train`); returns 'accepted' or the error code; throws on anything but a DeltapropError. */
export async function checkOptionsCase(Network, DeltapropError, options, train) {
  // Valid but slow requests are made small: many epochs only cost time, and more
  // threads start workers. Data properties only (the generators make no getters here).
  cap(options, 'threads', 2);
  cap(train, 'epochs', 3);
  let net;
  const refused = (e) => {
    // "could not be read" is the net under the checks for Proxies and the like, which
    // these objects never hold: here it would hide an exception of a check itself.
    if (e instanceof DeltapropError && !/could not be read/.test(e.message)) return e.code;
    throw new Error(`${e instanceof DeltapropError ? 'an exception inside a check' : 'a plain exception'}: ${e?.message ?? e}`);
  };
  try {
    net = await Network.create(options);
  } catch (e) {
    return refused(e);
  }
  const wrong = mistake(options, createKeys);
  if (wrong) {
    net.dispose();
    throw new Error(`Network.create accepted ${wrong}`);
  }
  try {
    // The width of the data follows the network, so that a refusal is about the options.
    const [inputs, outputs] = [net.layers[0], net.layers.at(-1)];
    const x = [0, 1, 2, 3].map((r) => Array.from({ length: inputs }, (_, c) => ((r + c) % 2) - 0.5));
    const y = [0, 1, 2, 3].map((r) => Array.from({ length: outputs }, (_, c) => (r + c) % 2));
    await net.train(x, y, train);
    const wrong = mistake(train, trainKeys);
    if (wrong) throw new Error(`train accepted ${wrong}`);
    return 'accepted';
  } catch (e) {
    return refused(e);
  } finally {
    net.dispose();
  }
}
