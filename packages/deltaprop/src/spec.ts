/**
 * Checks and normalises what a user asks for (layers, activations, loss, training
 * options) before anything is allocated, so a bad request fails with a clear error
 * and touches nothing.
 */
import type { Optimizer } from '@deltaprop/kernels';
import { activationCodes, initNames, lossCodes, optimizerCodes } from './families/index.js';
import { parameterShapes } from './shapes.js';
import { fail } from './errors.js';
import { describe, type Known, lookup, readOptions } from './options.js';
import { workerHost } from './worker/host.js';
import type {
  ActivationName,
  BackendName,
  InitName,
  KernelBuild,
  LossName,
  NetworkOptions,
  OptimizerName,
  OptimizerOptions,
  Parameters,
  TrainOptions,
} from './types.js';

export { describe } from './options.js';

export { activationCodes, lossCodes, optimizerCodes };
/** Name tables without codes: looked up like the others (lookup), the value unused. */
const inits: Readonly<Record<InitName, true>> = Object.fromEntries(initNames.map((name) => [name, true])) as Record<InitName, true>;
const kernelBuilds: Readonly<Record<KernelBuild, true>> = { auto: true, simd: true, 'relaxed-simd': true };
const backends: Readonly<Record<BackendName, true>> = { wasm: true, reference: true };

/**
 * The keys each options object may have, one line per option: adding an option to
 * a type in types.ts without adding it here is a compile error.
 */
export const networkOptionKeys: Known<NetworkOptions> = {
  layers: true,
  activation: true,
  loss: true,
  seed: true,
  backend: true,
  init: true,
  kernels: true,
  threads: true,
  preprocessing: true,
};
export type LoadOptions = Pick<NetworkOptions, 'backend' | 'seed' | 'kernels' | 'threads'>;
/** What fromJSON and fromBinary take: the file gives the layers, activations and loss. */
export const loadOptionKeys: Known<LoadOptions> = { backend: true, seed: true, kernels: true, threads: true };
export const trainOptionKeys: Known<TrainOptions> = {
  epochs: true,
  batchSize: true,
  learningRate: true,
  optimizer: true,
  schedule: true,
  weightDecay: true,
  dropout: true,
  shuffle: true,
  validationSplit: true,
  validationData: true,
  earlyStopping: true,
  onEpochEnd: true,
  onBatchEnd: true,
  signal: true,
  classWeight: true,
  sampleWeight: true,
};
export const validationDataKeys: Known<NonNullable<TrainOptions['validationData']>> = { inputs: true, targets: true };
export const parameterKeys: Known<Parameters> = { weights: true, biases: true };
/** Hyper-parameters of each optimizer (besides `type`). */
const optimizerKeys: Record<OptimizerName, Readonly<Record<string, true>>> = {
  sgd: { type: true, learningRate: true },
  momentum: { type: true, learningRate: true, momentum: true },
  nesterov: { type: true, learningRate: true, momentum: true },
  adam: { type: true, learningRate: true, beta1: true, beta2: true, epsilon: true },
  rmsprop: { type: true, learningRate: true, rho: true, epsilon: true },
};

const anyOptimizerKeys: Readonly<Record<string, true>> = Object.assign({}, ...Object.values(optimizerKeys));

/** Keys users put in one call's options that belong to another's. */
const trainOnly = Object.fromEntries(Object.keys(trainOptionKeys).map((k) => [k, 'train(), not of Network.create']));
const createOnly = Object.fromEntries(Object.keys(networkOptionKeys).map((k) => [k, 'Network.create, not of train()']));

/** A network's shape, checked. `activation[l]` belongs to weight layer l (0-based). */
export interface Spec {
  layers: number[];
  activation: ActivationName[];
  loss: LossName;
}

const list = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

export function checkSpec(layers: unknown, activation: unknown, loss: unknown): Spec {
  if (!Array.isArray(layers) || layers.length < 2) {
    fail('INVALID_LAYERS', `layers must be an array of at least two sizes (inputs and outputs), got ${describe(layers)}`);
  }
  layers.forEach((s, i) => {
    if (!Number.isInteger(s) || (s as number) < 1) fail('INVALID_LAYERS', `layers[${i}] must be an integer ≥ 1, got ${describe(s)}`, { index: i });
    if ((s as number) > 1 << 20) fail('INVALID_LAYERS', `layers[${i}] = ${s} is larger than the 1,048,576 neurons a layer may have`, { index: i });
  });
  const weightLayers = layers.length - 1;
  if (activation === null) fail('INVALID_OPTION', 'activation is null; leave it out for the default (sigmoid)');
  const names: unknown[] = Array.isArray(activation) ? [...activation] : new Array(weightLayers).fill(activation ?? 'sigmoid');
  if (names.length !== weightLayers) {
    fail('INVALID_OPTION', `activation has ${names.length} entries but the network has ${weightLayers} weight layers (layers.length − 1)`);
  }
  names.forEach((name, l) => {
    if (lookup(activationCodes, name) === undefined) {
      fail('UNKNOWN_ACTIVATION', `unknown activation ${describe(name)} for layer ${l + 1}; use one of ${list(Object.keys(activationCodes))}`, { layer: l + 1 });
    }
    if (name === 'softmax' && l !== weightLayers - 1) {
      fail('INVALID_OPTION', `softmax is only allowed on the output layer, not on hidden layer ${l + 1}`, { layer: l + 1 });
    }
    if (name === 'softmax' && (layers[l + 1] as number) === 1) {
      // e^u / e^u: the one output would be 1 for every input.
      fail('INVALID_OPTION', 'softmax on an output layer of one unit always gives 1; use sigmoid for one output (or two softmax outputs)', { layer: l + 1 });
    }
  });
  const lossName = loss ?? 'mse';
  if (lookup(lossCodes, lossName) === undefined) {
    fail('UNKNOWN_LOSS', `unknown loss ${describe(lossName)}; use one of ${list(Object.keys(lossCodes))}`);
  }
  const out = names[weightLayers - 1];
  if (lossName === 'cross-entropy' && out !== 'softmax' && out !== 'sigmoid') {
    fail('INVALID_OPTION', `cross-entropy needs a softmax or sigmoid output layer, the output layer is ${out}`);
  }
  return { layers: [...(layers as number[])], activation: names as ActivationName[], loss: lossName as LossName };
}

export interface NetworkPlan extends Spec {
  seed: number;
  init: InitName;
  kernels: KernelBuild;
  backend: BackendName;
  threads: number;
}

export function checkNetworkOptions(input: NetworkOptions): NetworkPlan {
  if (typeof input !== 'object' || input === null) fail('INVALID_OPTION', 'Network.create needs an options object with at least { layers }');
  const options = readOptions(input, networkOptionKeys, 'Network.create options', 'INVALID_OPTION', trainOnly);
  const spec = checkSpec(options.layers, options.activation, options.loss);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail('INVALID_OPTION', `seed must be an integer in [0, 2³²), got ${describe(seed)}`);
  const init = options.init ?? 'auto';
  if (!lookup(inits, init)) fail('INVALID_OPTION', `unknown init ${describe(init)}; use one of ${list(Object.keys(inits))}`);
  const kernels = options.kernels ?? 'auto';
  if (!lookup(kernelBuilds, kernels)) fail('INVALID_OPTION', `kernels must be 'auto', 'simd' or 'relaxed-simd', got ${describe(kernels)}`);
  const backend = options.backend ?? 'wasm';
  if (!lookup(backends, backend)) fail('UNKNOWN_BACKEND', `unknown backend ${describe(backend)}; use 'wasm' or 'reference'`);
  const threads = options.threads ?? 'auto';
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    fail('INVALID_OPTION', `threads must be 'auto' or an integer from 1 to 64, got ${describe(threads)}`);
  }
  return { ...spec, seed, init, kernels, backend, threads: threads === 'auto' ? autoThreads(spec.layers) : threads };
}

/** Bytes a WebAssembly memory (wasm32) can hold at most: 65,536 pages of 64 KiB. */
const WASM_MEMORY_LIMIT = 2 ** 32;
/** The longest typed array V8 makes (2³² − 1 elements on 64-bit machines; less on 32-bit ones, which then fail to allocate). */
const TYPED_ARRAY_LIMIT = 2 ** 32 - 1;
/** Rows the activation buffers of a new WebAssembly network hold (wasm/backend.ts). */
const FIRST_CAPACITY = 64;

/**
 * Refuses, before anything is allocated, a network that cannot exist: on WebAssembly,
 * parameters and gradients (4 bytes each) and the first activation buffers beyond
 * the 4 GiB of a wasm32 memory; on the reference backend, a weight matrix longer
 * than a typed array may be. (Smaller networks may still find the memory full: the
 * allocation then fails with OUT_OF_MEMORY as well.)
 */
export function checkFits(layers: readonly number[], backend: BackendName): void {
  let parameters = 0;
  let largest = 0;
  let units = 0;
  for (const shape of parameterShapes(layers)) {
    parameters += shape.weights + shape.biases;
    largest = Math.max(largest, shape.weights);
    units += 2 * shape.outputs;
  }
  units += layers[0]! + layers[layers.length - 1]!;
  const shown = `layers [${layers.join(', ')}] have ${parameters.toLocaleString('en-US')} parameters`;
  if (backend === 'wasm') {
    const bytes = 2 * 4 * parameters + 4 * FIRST_CAPACITY * units;
    if (bytes > WASM_MEMORY_LIMIT) {
      fail(
        'OUT_OF_MEMORY',
        `${shown}: with their gradients and activation buffers they need ${mib(bytes)}, more than the ${mib(WASM_MEMORY_LIMIT)} a WebAssembly memory can hold`,
        {
          parameters,
          bytes,
          limit: WASM_MEMORY_LIMIT,
        },
      );
    }
  } else if (largest > TYPED_ARRAY_LIMIT) {
    fail(
      'OUT_OF_MEMORY',
      `${shown}; a weight matrix of ${largest.toLocaleString('en-US')} values is longer than the ${TYPED_ARRAY_LIMIT.toLocaleString('en-US')} a typed array may hold`,
      {
        parameters,
        largest,
        limit: TYPED_ARRAY_LIMIT,
      },
    );
  }
}

const mib = (bytes: number) => `${Math.ceil(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;

/** The optimizer and its hyper-parameters, every default filled in. */
export interface OptimizerPlan {
  type: OptimizerName;
  code: Optimizer;
  learningRate: number;
  /** Momentum μ, Adam's β1 or RMSprop's ρ. */
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface TrainPlan {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  /** L2 coefficient λ: the gradient of ½ λ ‖W‖² is added to every weight's (biases excluded). */
  weightDecay: number;
  /** Dropout probability of each weight layer's output (0 for the output layer). */
  dropout: number[];
  optimizer: OptimizerPlan;
  /** Weight wᵢ of every training row (class and sample weights, see weights.ts); absent: all 1. */
  weights?: Float32Array | null;
}

/** The train options as a checked plain copy (see readOptions); the other checks read this copy. */
export function readTrainOptions(options: unknown): TrainOptions {
  if (typeof options !== 'object' || options === null) fail('INVALID_OPTION', 'train options must be an object');
  return readOptions(options, trainOptionKeys, 'train options', 'INVALID_OPTION', createOnly);
}

/** `options`: a copy made by readTrainOptions. */
export function checkTrainOptions(options: TrainOptions, rows: number, layers: number): TrainPlan {
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 1) fail('INVALID_OPTION', `epochs must be an integer ≥ 1, got ${describe(epochs)}`);
  const batchSize = options.batchSize ?? Math.min(32, rows);
  if (!Number.isInteger(batchSize) || batchSize < 1) fail('INVALID_OPTION', `batchSize must be an integer ≥ 1, got ${describe(batchSize)}`);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean') fail('INVALID_OPTION', `shuffle must be true or false, got ${describe(shuffle)}`);
  const weightDecay = options.weightDecay ?? 0;
  if (typeof weightDecay !== 'number' || !Number.isFinite(weightDecay) || weightDecay < 0) {
    fail('INVALID_OPTION', `weightDecay must be a finite number ≥ 0, got ${describe(weightDecay)}`);
  }
  const rates = options.dropout ?? 0;
  const hidden = layers - 2;
  const perLayer: unknown[] = Array.isArray(rates) ? rates : new Array(hidden).fill(rates);
  if (perLayer.length !== hidden) fail('INVALID_OPTION', `dropout has ${perLayer.length} rates but the network has ${hidden} hidden layers`);
  perLayer.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) fail('INVALID_OPTION', `dropout for hidden layer ${i + 1} must be a number in [0, 1), got ${describe(p)}`);
  });
  const dropout = [...(perLayer as number[]), 0];
  return { epochs, batchSize: Math.min(batchSize, rows), shuffle, weightDecay, dropout, optimizer: checkOptimizer(options.optimizer, options.learningRate) };
}

function checkOptimizer(optimizer: OptimizerName | OptimizerOptions | undefined, learningRate: unknown): OptimizerPlan {
  let o: Record<string, unknown> = { type: optimizer ?? 'sgd' };
  if (typeof optimizer === 'object' && optimizer !== null) {
    // Read once against every optimizer's keys; then against those of its type.
    o = readOptions<Record<string, unknown>>(optimizer, anyOptimizerKeys, 'optimizer');
    const keys = lookup(optimizerKeys, o.type);
    if (keys) readOptions(o, keys, `optimizer { type: '${String(o.type)}' }`);
  }
  const type = o.type;
  if (lookup(optimizerCodes, type) === undefined) {
    fail('UNKNOWN_OPTIMIZER', `unknown optimizer ${describe(type)}; use one of ${list(Object.keys(optimizerCodes))}`);
  }
  const name = type as OptimizerName;
  const rate = o.learningRate ?? learningRate ?? (name === 'adam' ? 0.001 : 0.01);
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    fail('INVALID_OPTION', `learningRate must be a positive finite number, got ${describe(rate)}`);
  }
  const unit = (key: string, fallback: number, open = false) => {
    const v = o[key] ?? fallback;
    if (typeof v !== 'number' || !(v >= 0 && (open ? v < 1 : v <= 1)))
      fail('INVALID_OPTION', `${name} ${key} must be a number in [0, 1${open ? ')' : ']'}, got ${describe(v)}`);
    return v as number;
  };
  const positive = (key: string, fallback: number) => {
    const v = o[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail('INVALID_OPTION', `${name} ${key} must be a positive finite number, got ${describe(v)}`);
    return v as number;
  };
  const plan: OptimizerPlan = { type: name, code: optimizerCodes[name], learningRate: rate, beta1: 0, beta2: 0, epsilon: 0 };
  if (name === 'momentum' || name === 'nesterov') plan.beta1 = unit('momentum', 0.9);
  if (name === 'adam') {
    plan.beta1 = unit('beta1', 0.9, true);
    plan.beta2 = unit('beta2', 0.999, true);
    plan.epsilon = positive('epsilon', 1e-8);
  }
  if (name === 'rmsprop') {
    plan.beta1 = unit('rho', 0.9, true);
    plan.epsilon = positive('epsilon', 1e-7);
  }
  return plan;
}

/** The `auto` thread count: every core (up to 4) for networks of at least 100,000 weights. */
function autoThreads(layers: readonly number[]): number {
  const weights = parameterShapes(layers).reduce((sum, shape) => sum + shape.weights, 0);
  if (weights < 100_000) return 1;
  return Math.max(1, Math.min(4, workerHost()?.cores() ?? 1));
}
