/**
 * Network: the API users hold. It checks every argument, converts data to the flat
 * float32 layout of the kernels, and leaves the arithmetic to a backend. A call
 * that fails leaves the network exactly as it was.
 */
import type { Backend, Engine } from './backend.js';
import { fromMatrix, ownData, toMatrix } from './data.js';
import { gradientsDiverged } from './divergence.js';
import { checkEarlyStopping, EarlyStopper } from './early-stopping.js';
import type { Encoder, RawRow } from './encoder.js';
import { fail } from './errors.js';
import { initialParameters } from './init.js';
import { Activity, type ActivityKind, busy, release, watch } from './lifetime.js';
import { checkModel } from './model.js';
import { type Classification, classifyOutputs, type Evaluation, evaluateOutputs } from './metrics.js';
import { describe, errorText, guarded, readOptions } from './options.js';
import { ReferenceBackend } from './reference/backend.js';
import {
  checkFits,
  checkNetworkOptions,
  checkTrainOptions,
  type LoadOptions,
  loadOptionKeys,
  parameterKeys,
  readTrainOptions,
  type Spec,
  validationDataKeys,
} from './spec.js';
import { newHistory, runTraining } from './training.js';
import type {
  ActivationName,
  BackendName,
  Gradients,
  KernelBuild,
  LossName,
  ModelJSON,
  NetworkOptions,
  Parameters,
  Row,
  Rows,
  TrainHistory,
  TrainOptions,
} from './types.js';
import { checkSchedule } from './schedule.js';
import { isChunkStream, type RowChunk, trainStream } from './stream.js';
import { rowWeights } from './weights.js';
import { decodeModel, encodeModel } from './binary.js';
import { compile, moduleSource } from './standalone.js';
import { BackendPredictor, type Predictor } from './predictor.js';
import { workerHost } from './worker/host.js';
import type { TrainRequest } from './worker/serve.js';
import { trainRemotely } from './worker/train.js';
import { WasmBackend } from './wasm/backend.js';
import { getKernels } from './wasm/kernels.js';

/**
 * A fully connected network: create it (`Network.create`) or load it (`fromJSON`,
 * `fromBinary`), then `train`, `predict`, `gradients`, save, and `dispose` it.
 */
export class Network {
  private impl: Backend | null;
  /** Set while the network trains (see lifetime.ts). */
  private activity: Activity | null = null;
  private encoder: Encoder | null = null;

  private constructor(
    impl: Backend,
    private readonly seed: number,
    private readonly kernels: KernelBuild,
    private readonly threadCount: number,
    /** Neurons per layer, input first. */
    readonly layers: readonly number[],
    /** Activation of each weight layer. */
    readonly activation: readonly ActivationName[],
    /** The loss it trains on. */
    readonly loss: LossName,
    /** `wasm` or `reference`. */
    readonly backend: BackendName,
  ) {
    this.impl = impl;
  }

  /** Builds a network with seeded initial weights; loads the WebAssembly kernels on first use. */
  static async create(options: NetworkOptions): Promise<Network> {
    // guarded: a Proxy or a throwing getter deep inside the options is INVALID_OPTION too
    const o = guarded('INVALID_OPTION', 'the options of Network.create', () => checkNetworkOptions(options));
    checkFits(o.layers, o.backend);
    const encoder = checkEncoder(options.preprocessing, o.layers);
    const initial = allocating(o.layers, () => initialParameters(o.layers, o.activation, o.init, o.seed));
    const net = await Network.build(o, initial, o.seed, o.backend, o.kernels, o.threads);
    net.encoder = encoder;
    return net;
  }

  /**
   * The fitted encoder of raw rows (see encoder.ts), or null. Setting it checks that
   * it encodes as many inputs and outputs as the network has; null removes it.
   */
  get preprocessing(): Encoder | null {
    return this.encoder;
  }

  /** Attaches a fitted encoder (checked against the layer widths), or removes it with null. */
  set preprocessing(encoder: Encoder | null) {
    this.encoder = checkEncoder(encoder ?? undefined, this.layers);
  }

  /** Loads a network saved by `toJSON` (an object or its JSON text); the file is checked first. */
  static async fromJSON(json: ModelJSON | string, options: LoadOptions = {}): Promise<Network> {
    const load = readOptions(options, loadOptionKeys, 'the load options of Network.fromJSON and Network.fromBinary');
    const { spec, parameters, preprocessing } = checkModel(json);
    const o = checkNetworkOptions({ layers: spec.layers, activation: spec.activation, loss: spec.loss, ...load });
    checkFits(o.layers, o.backend);
    const net = await Network.build(spec, parameters, o.seed, o.backend, o.kernels, o.threads);
    net.encoder = preprocessing;
    return net;
  }

  private static async build(spec: Spec, initial: Parameters, seed: number, backend: BackendName, kernels: KernelBuild, threads: number): Promise<Network> {
    let impl: Backend;
    if (backend === 'wasm') {
      const k = await getKernels(kernels === 'auto' ? undefined : kernels, threads);
      impl = allocating(spec.layers, () => new WasmBackend(k, spec, initial, seed, k.team ? Math.min(threads, k.team.size + 1) : 1));
    } else if (backend === 'reference') impl = allocating(spec.layers, () => new ReferenceBackend(spec, initial, seed));
    else fail('UNKNOWN_BACKEND', `unknown backend ${describe(backend)}; use 'wasm' or 'reference'`);
    const network = new Network(impl, seed, kernels, threads, spec.layers, spec.activation, spec.loss, backend);
    // The reference backend's arrays are the garbage collector's already.
    if (impl instanceof WasmBackend) watch(network, impl);
    return network;
  }

  /** Threads that train this network together (1 on the reference backend, or without shared memory). */
  get threads(): number {
    return this.live().threads;
  }

  /**
   * Memory, in bytes: what this network holds now (parameters, gradients, optimizer
   * state, activation buffers) and the size of the WebAssembly memory it lives in
   * (shared with other networks; it grows and never shrinks, so it is also the peak).
   * Both 0 on the reference backend.
   */
  memory(): {
    /** Bytes this network holds. */
    network: number;
    /** Bytes of the WebAssembly memory it lives in. */
    linear: number;
  } {
    return this.live().memory();
  }

  /** What computes: 'wasm-simd', 'wasm-relaxed-simd' or 'reference'. */
  get engine(): Engine {
    return this.live().engine;
  }

  /** True after `dispose()`. */
  get disposed(): boolean {
    return this.impl === null;
  }

  private live(): Backend {
    if (this.impl === null) fail('DISPOSED', 'this network was disposed; create a new one or load it with Network.fromJSON');
    return this.impl;
  }

  /** Throws BUSY while the network trains. */
  private idle(call: string): void {
    if (this.activity) throw busy(this.activity, call);
  }

  /**
   * Runs a training as this network's activity. `run` calls activity.end() when it
   * stops; when dispose() came meanwhile, the memory is freed then.
   */
  private training<T>(kind: ActivityKind, backend: Backend, run: (activity: Activity) => Promise<T>): Promise<T> {
    this.activity = new Activity(kind, (activity) => {
      if (this.activity === activity) this.activity = null;
      if (activity.disposed) backend.dispose();
    });
    return run(this.activity);
  }

  private get inputs(): number {
    return this.layers[0]!;
  }

  private get outputs(): number {
    return this.layers[this.layers.length - 1]!;
  }

  /** The network's outputs t^(n) for one row or many, in the form the input came in. */
  predict(inputs: Row): number[] | Float32Array;
  predict(inputs: readonly (readonly number[])[]): number[][];
  predict(inputs: readonly Float32Array[]): Float32Array[];
  predict(inputs: {
    /** Rows one after the other (see `FlatRows`). */
    data: Float32Array;
    /** How many rows `data` holds. */
    rows: number;
  }): {
    /** One output row per input row, one after the other. */
    data: Float32Array;
    /** As many as the input. */
    rows: number;
  };
  /** With preprocessing: raw rows (objects keyed by column name, or arrays holding text) are encoded first. */
  predict(inputs: RawRow | readonly RawRow[]): number[] | number[][];
  predict(inputs: Rows | Row | RawRow | readonly RawRow[]): unknown {
    const backend = this.live();
    const raw = this.encoder ? rawRows(inputs) : null;
    if (raw) {
      const x = this.encoder!.encode(raw.rows);
      const out = fromMatrix(backend.predict(x.data, x.rows), x.rows, this.outputs, 'arrays') as number[][];
      return raw.single ? out[0] : out;
    }
    const x = toMatrix(inputs as Rows | Row, this.inputs, 'inputs', true, !backend.checksData);
    return fromMatrix(backend.predict(x.data, x.rows), x.rows, this.outputs, x.form);
  }

  /**
   * The class of each row with its probability: raw rows when the network has
   * preprocessing (objects keyed by column name, or arrays in the source's column
   * order), encoded rows otherwise. Class names come from the preprocessing ('0',
   * '1', … without it). One row in, one answer out; many in, an array out.
   */
  classify(rows: RawRow | Row): Classification;
  classify(rows: readonly RawRow[] | Rows): Classification[];
  classify(rows: RawRow | readonly RawRow[] | Rows | Row): Classification | Classification[] {
    const backend = this.live();
    if (!this.classifies) fail('INVALID_OPTION', 'classify needs a classification network (a softmax or sigmoid output, or cross-entropy)');
    let x: { data: Float32Array; rows: number };
    let single: boolean;
    if (this.encoder) {
      const raw = rawRows(rows, true)!;
      x = this.encoder.encode(raw.rows);
      single = raw.single;
    } else {
      const m = toMatrix(rows as Rows | Row, this.inputs, 'inputs', true);
      x = m;
      single = m.form === 'single-array' || m.form === 'single-float32';
    }
    const out = classifyOutputs(backend.predict(x.data, x.rows), x.rows, this.outputs, this.classNames()!);
    return single ? out[0]! : out;
  }

  /**
   * Figures of the network on rows it was not trained on (see metrics.ts):
   * classification networks (a class target in the preprocessing, or without
   * preprocessing a softmax or sigmoid output or cross-entropy) get loss, accuracy,
   * the confusion matrix and per-class precision, recall and F1; the others MSE,
   * RMSE, MAE and R² beside the training loss.
   */
  evaluate(inputs: Rows, targets: Rows): Evaluation {
    const backend = this.live();
    const { x, y } = this.pair(inputs, targets);
    const { loss } = backend.evaluate(x.data, y.data, x.rows);
    return evaluateOutputs(backend.predict(x.data, x.rows), y.data, x.rows, this.outputs, loss, this.classNames());
  }

  /** The names of the classes the outputs stand for, or null for a regression network. */
  private classNames(): readonly string[] | null {
    if (this.encoder) return this.encoder.classes ?? null;
    if (!this.classifies) return null;
    return this.outputs === 1 ? ['0', '1'] : Array.from({ length: this.outputs }, (_, k) => String(k));
  }

  /** The weight of every training row from classWeight and sampleWeight (weights.ts), or null. */
  private rowWeights(options: TrainOptions, y: { data: Float32Array; rows: number }, held: boolean): Float32Array | null {
    const { classWeight, sampleWeight } = options;
    if (classWeight !== undefined && !this.classifies)
      fail('INVALID_OPTION', 'classWeight needs a classification network (a softmax or sigmoid output, or cross-entropy); use sampleWeight');
    // With validationSplit, sampleWeight may cover every row: the training rows are the first ones.
    const sw = held && sampleWeight && sampleWeight.length > y.rows ? Array.from(sampleWeight).slice(0, y.rows) : sampleWeight;
    return rowWeights(classWeight, sw, y.data, y.rows, this.outputs, this.classNames() ?? []);
  }

  /** ∂E/∂W and ∂E/∂b of every weight layer by the δ rule, E the mean per-sample loss over the rows. */
  gradients(inputs: Rows, targets: Rows): Gradients {
    const backend = this.live();
    const { x, y } = this.pair(inputs, targets, undefined, !backend.checksData);
    const g = backend.gradients(x.data, y.data, x.rows);
    const diverged = gradientsDiverged(g);
    if (diverged) throw diverged;
    return g;
  }

  private pair(inputs: Rows, targets: Rows, names = ['inputs', 'targets'], check = true) {
    const x = toMatrix(inputs, this.inputs, names[0]!, false, check);
    const y = toMatrix(targets, this.outputs, names[1]!, false, check);
    if (x.rows !== y.rows) fail('SHAPE_MISMATCH', `${names[0]} have ${x.rows} rows but ${names[1]} have ${y.rows}`, { inputs: x.rows, targets: y.rows });
    return { x, y };
  }

  /** Networks whose outputs name classes get accuracy figures: a softmax or sigmoid output, or cross-entropy. */
  private get classifies(): boolean {
    const out = this.activation[this.activation.length - 1];
    return this.loss === 'cross-entropy' || out === 'softmax' || out === 'sigmoid';
  }

  /**
   * Trains on the rows for `epochs` epochs of mini-batches (the loop: training.ts).
   *
   * If the loss, a parameter or the optimizer state becomes NaN or infinite, or a
   * callback throws, the network is put back as it was before the call and the
   * error is thrown (DIVERGED for the former). While it trains, a second training or
   * setParameters throws BUSY; dispose() stops it (the call rejects with DISPOSED).
   */
  async train(inputs: Rows, targets: Rows, options?: TrainOptions): Promise<TrainHistory>;
  /** Trains on a stream of `{ inputs, targets }` chunks, one chunk in memory at a time (see stream.ts). */
  async train(chunks: AsyncIterable<RowChunk>, options?: TrainOptions): Promise<TrainHistory>;
  async train(inputs: Rows | AsyncIterable<RowChunk>, targets?: Rows | TrainOptions, options: TrainOptions = {}): Promise<TrainHistory> {
    const backend = this.live();
    this.idle('train()');
    if (isChunkStream(inputs)) {
      const o = readTrainOptions(targets ?? {});
      const events = checkEvents(o);
      const pair = (x: Rows, y: Rows, names: string[], check: boolean) => this.pair(x, y, names, check);
      const weigh = (y: { data: Float32Array; rows: number }) => this.rowWeights(o, y, false);
      return this.training('train', backend, (activity) =>
        trainStream({ backend, layers: this.layers, classifies: this.classifies, pair, weigh }, inputs, o, events, activity),
      );
    }
    if (targets === undefined) fail('SHAPE_MISMATCH', 'train needs inputs and targets, or a stream of { inputs, targets } chunks');
    const o = readTrainOptions(options);
    const { onEpochEnd, onBatchEnd, signal } = checkEvents(o);
    const { train, validation } = this.split(inputs, targets as Rows, o, backend);
    const { plan, rateAt, rule } = guarded('INVALID_OPTION', 'the train options', () => {
      const plan = checkTrainOptions(o, train.x.rows, this.layers.length);
      plan.weights = this.rowWeights(o, train.y, validation !== null && o.validationSplit !== undefined);
      return {
        plan,
        rateAt: checkSchedule(o.schedule, plan.optimizer.learningRate, plan.epochs),
        rule: checkEarlyStopping(o.earlyStopping, validation !== null),
      };
    });
    const early = rule ? new EarlyStopper(rule, backend) : null;
    return this.training('train', backend, (activity) =>
      runTraining(
        backend,
        { train, validation, plan, rateAt, early, classifies: this.classifies, events: { onEpochEnd, onBatchEnd, signal, schedule: o.schedule } },
        activity,
      ),
    );
  }

  /** The training rows and the validation rows (from validationSplit or validationData). */
  private split(inputs: Rows, targets: Rows, options: TrainOptions, backend: Backend | null = null) {
    const { validationSplit: fraction, validationData: given } = options;
    // Rows that all go to training are checked by a backend that checks its own.
    const all = this.pair(inputs, targets, undefined, !(backend?.checksData && fraction === undefined));
    if (fraction !== undefined && given !== undefined) fail('INVALID_OPTION', 'give validationSplit or validationData, not both');
    if (given !== undefined) {
      if (typeof given !== 'object' || given === null) fail('INVALID_OPTION', 'validationData must be { inputs, targets }');
      const data = readOptions(given, validationDataKeys, 'validationData') as NonNullable<TrainOptions['validationData']>;
      // Copied: the rows are read again after each epoch, and training may await between epochs.
      const v = this.pair(data.inputs, data.targets, ['validationData.inputs', 'validationData.targets']);
      return { train: all, validation: { x: { ...v.x, data: ownData(v.x) }, y: { ...v.y, data: ownData(v.y) } } };
    }
    if (fraction === undefined) return { train: all, validation: null };
    if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1))
      fail('INVALID_OPTION', `validationSplit must be a number between 0 and 1, got ${describe(fraction)}`);
    const rows = all.x.rows;
    const held = Math.floor(rows * fraction);
    if (held < 1 || held >= rows)
      fail(
        'INVALID_OPTION',
        `validationSplit ${fraction} of ${rows} rows leaves ${held} validation rows and ${rows - held} training rows; both need at least one`,
      );
    const part = (m: typeof all.x, from: number, to: number) => ({ ...m, data: m.data.slice(from * m.cols, to * m.cols), rows: to - from });
    return {
      train: { x: part(all.x, 0, rows - held), y: part(all.y, 0, rows - held) },
      validation: { x: part(all.x, rows - held, rows), y: part(all.y, rows - held, rows) },
    };
  }

  /**
   * The same training as `train`, in a worker (Node worker_threads, or a module Web
   * Worker in browsers), so this thread stays free, on this network's threads (the
   * worker leads a team of its own; on a page, a team led from there blocks at its
   * barriers, where one led by the page's main thread can only spin). Progress arrives through
   * onEpochEnd / onBatchEnd; `signal` aborts. When it finishes, this network holds
   * the trained parameters. The worker starts from this network's parameters and
   * seed (shuffling and dropout streams start afresh; optimizer state is not carried
   * over), so a new network trains there exactly as it would here. Until it
   * finishes, the network is BUSY for another training and setParameters; dispose()
   * stops the worker (the call rejects with DISPOSED). An already-aborted signal
   * answers at once, as train() does: no epoch, nothing changed.
   */
  async trainInWorker(inputs: Rows, targets: Rows, options: TrainOptions = {}): Promise<TrainHistory> {
    const backend = this.live();
    this.idle('trainInWorker()');
    const host = workerHost();
    if (!host) fail('INVALID_OPTION', "trainInWorker needs the 'node' or the browser entry of deltaprop (this environment has no worker support)");
    const o = readTrainOptions(options);
    const { onEpochEnd, onBatchEnd, signal, schedule, validationData, ...rest } = o;
    if (typeof schedule === 'function') fail('INVALID_OPTION', 'a schedule function cannot be sent to a worker; use a step, exponential or cosine schedule');
    checkEvents(o);
    // Check everything here, so that mistakes surface as they would in train().
    const { validation } = this.split(inputs, targets, o);
    const { x, y } = this.pair(inputs, targets);
    const rule = guarded('INVALID_OPTION', 'the train options', () => {
      const plan = checkTrainOptions(o, x.rows, this.layers.length);
      checkSchedule(schedule, plan.optimizer.learningRate, plan.epochs);
      return checkEarlyStopping(o.earlyStopping, validation !== null);
    });
    if (signal?.aborted) {
      // As train() answers an aborted signal: no epoch, nothing changed.
      const history = newHistory(validation !== null, this.classifies);
      history.aborted = true;
      if (rule) history.bestEpoch = 0;
      return history;
    }
    const v = validationData && this.pair(validationData.inputs, validationData.targets, ['validationData.inputs', 'validationData.targets']);
    // The worker trains on encoded rows: it gets no preprocessing, and class weights by index.
    const { preprocessing: _, ...model } = this.toJSON();
    const classes = this.encoder?.classes;
    if (classes && typeof rest.classWeight === 'object' && rest.classWeight !== null) {
      rest.classWeight = Object.fromEntries(
        Object.entries(rest.classWeight).map(([name, w]) => [classes.includes(name) ? String(classes.indexOf(name)) : name, w]),
      );
    }
    const request: TrainRequest = {
      type: 'train',
      model,
      seed: this.seed,
      kernels: this.kernels,
      threads: this.threadCount,
      // Own copies, transferred: the caller's flat arrays are not copied by pair().
      inputs: { data: ownData(x), rows: x.rows },
      targets: { data: ownData(y), rows: y.rows },
      options: {
        ...rest,
        ...(schedule ? { schedule } : {}),
        ...(v ? { validationData: { inputs: { data: v.x.data, rows: v.x.rows }, targets: { data: v.y.data, rows: v.y.rows } } } : {}),
      },
      epochEvents: Boolean(onEpochEnd),
      batchEvents: Boolean(onBatchEnd),
    };
    return this.training('trainInWorker', backend, async (activity) => {
      try {
        const { history, model } = await trainRemotely(host, request, { onEpochEnd, onBatchEnd, signal }, activity);
        activity.check();
        backend.setParameters(checkModel(model).parameters);
        return history;
      } finally {
        activity.end();
      }
    });
  }

  /**
   * The fast path for a row or a few at a time: `predictor.run(input, output)` takes
   * flat rows (a Float32Array of rows × inputs values) and writes the outputs into
   * `output`, with no allocation and every check that does not depend on the rows
   * done here, once. It reads the network's current parameters at every call; the
   * network's `dispose` frees it (or its own `dispose`, earlier). See Predictor.
   */
  predictor(options?: never): Predictor {
    const impl = this.live();
    if (options !== undefined) fail('INVALID_OPTION', 'predictor() takes no options');
    // The predictor holds the network: while it is reachable, so is the network, and the
    // finalizer of a dropped network cannot free memory the predictor reads.
    const owner = { alive: () => this.impl === impl, network: this };
    return impl instanceof WasmBackend ? impl.predictor(owner) : new BackendPredictor(impl, owner);
  }

  /** Copies of the weights and biases (layout of `Gradients`). */
  getParameters(): Parameters {
    return this.live().getParameters();
  }

  /** Replaces the weights and biases; the sizes and values are checked first. BUSY while the network trains. */
  setParameters(parameters: Parameters): void {
    const backend = this.live();
    this.idle('setParameters()');
    const p = readOptions(parameters, parameterKeys, 'parameters');
    const { parameters: checked } = checkModel(
      {
        format: 'deltaprop',
        version: 1,
        layers: [...this.layers],
        activation: [...this.activation],
        loss: this.loss,
        weights: p.weights as never,
        biases: p.biases as never,
      },
      'parameters',
    );
    backend.setParameters(checked);
  }

  /** The model file: a versioned, plain-JSON object (see ModelJSON). */
  toJSON(): ModelJSON {
    const { weights, biases } = this.live().getParameters();
    return {
      format: 'deltaprop',
      version: 1,
      layers: [...this.layers],
      activation: [...this.activation],
      loss: this.loss,
      weights: weights.map((w) => Array.from(w)),
      biases: biases.map((b) => Array.from(b)),
      ...(this.encoder ? { preprocessing: this.encoder.toJSON() } : {}),
    };
  }

  /** The binary model file (see binary.ts): a header, float32 weights and a CRC-32. */
  toBinary(): Uint8Array<ArrayBuffer> {
    return encodeModel(this.toJSON());
  }

  /** Loads a binary model file; it is checked first (CORRUPT_MODEL if anything is wrong). */
  static async fromBinary(bytes: Uint8Array | ArrayBuffer, options: LoadOptions = {}): Promise<Network> {
    return Network.fromJSON(decodeModel(bytes), options);
  }

  /**
   * This network's forward pass as a plain function, independent of the network (and
   * of WebAssembly): a closure over a copy of the parameters, with no code generated at
   * run time, so it runs under a Content-Security-Policy without 'unsafe-eval'.
   */
  toFunction(): (input: ArrayLike<number>) => number[] {
    return compile(this.layers, this.activation, this.live().getParameters());
  }

  /** An ES module that runs this network without deltaprop installed: `import predict from './model.js'`. */
  toModuleSource(): string {
    return moduleSource(this.toJSON());
  }

  /**
   * Frees the network's WebAssembly memory; any later call throws DISPOSED. During a
   * training, the training stops at its next check and rejects with DISPOSED; the
   * memory is freed once it has stopped. Optional: a network that is no longer
   * referenced is freed when it is garbage-collected, but later.
   */
  dispose(): void {
    const impl = this.impl;
    if (!impl) return;
    this.impl = null;
    release(this);
    if (this.activity) this.activity.dispose();
    else impl.dispose();
  }
}

/** The callbacks and the signal of train options, checked. */
function checkEvents(o: TrainOptions): Pick<TrainOptions, 'onEpochEnd' | 'onBatchEnd' | 'signal'> {
  const { onEpochEnd, onBatchEnd, signal } = o;
  for (const [name, fn] of [
    ['onEpochEnd', onEpochEnd],
    ['onBatchEnd', onBatchEnd],
  ] as const) {
    if (fn !== undefined && typeof fn !== 'function') fail('INVALID_OPTION', `${name} must be a function, got ${describe(fn)}`);
  }
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && typeof (signal as { aborted?: unknown }).aborted === 'boolean')) {
    fail('INVALID_OPTION', 'signal must be an AbortSignal');
  }
  return { onEpochEnd, onBatchEnd, signal };
}

function checkEncoder(encoder: Encoder | undefined, layers: readonly number[]): Encoder | null {
  if (encoder === undefined || encoder === null) return null;
  // Told by its shape: network.ts does not import encoder.ts (see model.ts).
  if (typeof encoder !== 'object' || typeof encoder.encode !== 'function' || typeof encoder.toJSON !== 'function')
    fail('INVALID_OPTION', 'preprocessing must be an Encoder (Encoder.fit or Encoder.fromJSON)');
  if (encoder.inputs !== layers[0] || encoder.outputs !== layers.at(-1)) {
    fail(
      'SHAPE_MISMATCH',
      `the preprocessing encodes ${encoder.inputs} inputs and ${encoder.outputs} outputs; layers ${JSON.stringify(layers)} have ${layers[0]} and ${layers.at(-1)}`,
    );
  }
  return encoder;
}

/** An object keyed by column name (not flat rows), or an array of plain values holding text. */
const isRawRow = (v: unknown) =>
  (typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !((v as { data?: unknown }).data instanceof Float32Array)) ||
  (Array.isArray(v) && v.some((c) => typeof c === 'string') && v.every((c) => typeof c !== 'object' || c === null));

/**
 * Raw rows, or null for encoded ones: an object keyed by column name, or an array
 * holding text, is one raw row. With `arrays`, any array of plain values is one raw
 * row (classify reads arrays as the source's columns).
 */
function rawRows(input: unknown, arrays = false): { rows: RawRow[]; single: boolean } | null {
  const one = (v: unknown) => isRawRow(v) || (arrays && (Array.isArray(v) || ArrayBuffer.isView(v)));
  if (Array.isArray(input) && input.length > 0 && typeof input[0] === 'object' && input[0] !== null && one(input[0]))
    return { rows: input as RawRow[], single: false };
  if (one(input)) return { rows: [ArrayBuffer.isView(input) ? Array.from(input as Float32Array) : (input as RawRow)], single: true };
  return null;
}

/** Runs an allocation of a network of these layers; a RangeError (the engine refused the memory) becomes OUT_OF_MEMORY. */
function allocating<T>(layers: readonly number[], allocate: () => T): T {
  try {
    return allocate();
  } catch (e) {
    if (e instanceof RangeError)
      fail('OUT_OF_MEMORY', `the memory for a network of layers [${layers.join(', ')}] could not be allocated: ${errorText(e)}`, { layers: [...layers] });
    throw e;
  }
}
