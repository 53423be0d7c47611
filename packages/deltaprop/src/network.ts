/**
 * Network: the API users hold. It checks every argument, converts data to the flat
 * float32 layout of the kernels, and leaves the arithmetic to a backend. A call
 * that fails leaves the network exactly as it was.
 */
import type { Backend, Engine } from './backend.js';
import { fromMatrix, ownData, toMatrix } from './data.js';
import { DeltapropError, fail } from './errors.js';
import { BulkFigures } from './history.js';
import { initialParameters } from './init.js';
import { checkModel } from './model.js';
import { ReferenceBackend } from './reference/backend.js';
import { checkNetworkOptions, checkTrainOptions, describe, type Spec } from './spec.js';
import type {
  ActivationName,
  BackendName,
  EpochInfo,
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
import { checkEarlyStopping, checkSchedule } from './schedule.js';
import { decodeModel, encodeModel } from './binary.js';
import { compile, moduleSource } from './standalone.js';
import { BackendPredictor, type Predictor } from './predictor.js';
import { workerHost } from './worker/host.js';
import { WasmBackend } from './wasm/backend.js';
import { getKernels } from './wasm/kernels.js';

/** Without callbacks, a training call with a signal returns to the event loop about this often. */
const SLICE_MS = 20;

export class Network {
  private impl: Backend | null;

  private constructor(
    impl: Backend,
    private readonly seed: number,
    private readonly kernels: KernelBuild,
    private readonly threadCount: number,
    /** Neurons per layer, input first. */
    readonly layers: readonly number[],
    /** Activation of each weight layer. */
    readonly activation: readonly ActivationName[],
    readonly loss: LossName,
    readonly backend: BackendName,
  ) {
    this.impl = impl;
  }

  /** Builds a network with seeded initial weights; loads the WebAssembly kernels on first use. */
  static async create(options: NetworkOptions): Promise<Network> {
    const o = checkNetworkOptions(options);
    const backend = options.backend ?? 'wasm';
    const initial = initialParameters(o.layers, o.activation, o.init, o.seed);
    return Network.build(o, initial, o.seed, backend, o.kernels, o.threads);
  }

  /** Loads a network saved by `toJSON` (an object or its JSON text); the file is checked first. */
  static async fromJSON(json: ModelJSON | string, options: Pick<NetworkOptions, 'backend' | 'seed' | 'kernels' | 'threads'> = {}): Promise<Network> {
    const { spec, parameters } = checkModel(json);
    const o = checkNetworkOptions({ layers: spec.layers, activation: spec.activation, loss: spec.loss, ...options });
    return Network.build(spec, parameters, o.seed, options.backend ?? 'wasm', o.kernels, o.threads);
  }

  private static async build(spec: Spec, initial: Parameters, seed: number, backend: BackendName, kernels: KernelBuild, threads: number): Promise<Network> {
    let impl: Backend;
    if (backend === 'wasm') {
      const k = await getKernels(kernels === 'auto' ? undefined : kernels, threads);
      impl = new WasmBackend(k, spec, initial, seed, k.team ? Math.min(threads, k.team.size + 1) : 1);
    }
    else if (backend === 'reference') impl = new ReferenceBackend(spec, initial, seed);
    else fail('UNKNOWN_BACKEND', `unknown backend ${describe(backend)}; use 'wasm' or 'reference'`);
    return new Network(impl, seed, kernels, threads, spec.layers, spec.activation, spec.loss, backend);
  }

  /** Threads that train this network together (1 on the reference backend, or without shared memory). */
  get threads(): number {
    const impl = this.live();
    return impl instanceof WasmBackend ? impl.threads : 1;
  }

  /**
   * Memory, in bytes: what this network holds now (parameters, gradients, optimizer
   * state, activation buffers) and the size of the WebAssembly memory it lives in
   * (shared with other networks; it grows and never shrinks, so it is also the peak).
   * Both 0 on the reference backend.
   */
  memory(): { network: number; linear: number } {
    const impl = this.live();
    return impl instanceof WasmBackend ? impl.memory() : { network: 0, linear: 0 };
  }

  /** What computes: 'wasm-simd', 'wasm-relaxed-simd' or 'reference'. */
  get engine(): Engine {
    return this.live().engine;
  }

  get disposed(): boolean {
    return this.impl === null;
  }

  private live(): Backend {
    if (this.impl === null) fail('DISPOSED', 'this network was disposed; create a new one or load it with Network.fromJSON');
    return this.impl;
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
  predict(inputs: { data: Float32Array; rows: number }): { data: Float32Array; rows: number };
  predict(inputs: Rows | Row): unknown {
    const backend = this.live();
    const x = toMatrix(inputs, this.inputs, 'inputs', true, !backend.checksData);
    return fromMatrix(backend.predict(x.data, x.rows), x.rows, this.outputs, x.form);
  }

  /** ∂E/∂W and ∂E/∂b of every weight layer by the δ rule, E the mean per-sample loss over the rows. */
  gradients(inputs: Rows, targets: Rows): Gradients {
    const backend = this.live();
    const { x, y } = this.pair(inputs, targets, undefined, !backend.checksData);
    return backend.gradients(x.data, y.data, x.rows);
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
   * Trains on the rows for `epochs` epochs of mini-batches. Each call into the
   * kernels runs as many epochs as it can: all of them; one at a time when anything
   * happens between epochs (onEpochEnd, validation, early stopping, a schedule); or
   * slices of about 20 ms when only `signal` is given, so that an abort is seen.
   *
   * If the loss, a parameter or the optimizer state becomes NaN or infinite, or a
   * callback throws, the network is put back as it was before the call and the
   * error is thrown (DIVERGED for the former).
   */
  async train(inputs: Rows, targets: Rows, options: TrainOptions = {}): Promise<TrainHistory> {
    const backend = this.live();
    if (typeof options !== 'object' || options === null) fail('INVALID_OPTION', 'train options must be an object');
    const { onEpochEnd, onBatchEnd, signal } = options;
    for (const [name, fn] of [['onEpochEnd', onEpochEnd], ['onBatchEnd', onBatchEnd]] as const) {
      if (fn !== undefined && typeof fn !== 'function') fail('INVALID_OPTION', `${name} must be a function`);
    }
    if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal)) fail('INVALID_OPTION', 'signal must be an AbortSignal');
    const { train, validation } = this.split(inputs, targets, options, backend);
    const plan = checkTrainOptions(options, train.x.rows, this.layers.length);
    const rateAt = checkSchedule(options.schedule, plan.optimizer.learningRate, plan.epochs);
    const early = checkEarlyStopping(options.earlyStopping, validation !== null);

    const history: TrainHistory = { epochs: 0, loss: [], learningRate: [], aborted: false, stoppedEarly: false };
    if (validation) history.valLoss = [];
    if (this.classifies) history.accuracy = [];
    if (validation && this.classifies) history.valAccuracy = [];
    const perEpoch = Boolean(onEpochEnd || validation || early || options.schedule);
    const bulk = perEpoch ? null : new BulkFigures(history, train.x.rows);
    let lastLoss = NaN;
    const batchesPerEpoch = Math.ceil(train.x.rows / plan.batchSize);
    let best = { value: Infinity, epoch: 0, parameters: null as Parameters | null };
    let waited = 0;

    const saved = backend.saveState();
    const session = backend.startTraining(train.x.data, train.y.data, train.x.rows, plan);
    try {
      let slice = 1;
      while (history.epochs < plan.epochs && !history.stoppedEarly) {
        if (signal?.aborted) {
          history.aborted = true;
          break;
        }
        const rate = rateAt(history.epochs + 1);
        const left = plan.epochs - history.epochs;
        const chunk = perEpoch ? 1 : signal ? Math.min(slice, left) : left;
        const started = performance.now();
        const result = session.run(chunk, rate);
        if (bulk) {
          // Nothing to do between epochs: take the figures in bulk.
          history.epochs += result.completed;
          bulk.add(result, rate);
          if (result.completed > 0) lastLoss = result.losses[result.completed - 1]!;
        }
        for (let i = 0; perEpoch && i < result.completed; i++) {
          const info: EpochInfo = { epoch: history.epochs + 1, loss: result.losses[i]!, learningRate: rate };
          if (history.accuracy) info.accuracy = result.correct[i]! / train.x.rows;
          if (validation) {
            const v = backend.evaluate(validation.x.data, validation.y.data, validation.x.rows);
            info.valLoss = v.loss;
            if (history.valAccuracy) info.valAccuracy = v.correct / validation.x.rows;
          }
          record(history, info);
          onEpochEnd?.(info);
          if (early) {
            const value = early.monitor === 'valLoss' ? info.valLoss! : info.loss;
            if (value < best.value - early.minDelta) {
              best = { value, epoch: info.epoch, parameters: early.restoreBestWeights ? backend.getParameters() : null };
              waited = 0;
            } else if (++waited >= early.patience) {
              history.stoppedEarly = info.epoch < plan.epochs;
              break;
            }
          }
        }
        if (result.diverged) {
          const layer = backend.locateNonFinite();
          const epoch = history.epochs + 1;
          throw new DeltapropError(
            'DIVERGED',
            `training diverged in epoch ${epoch}` +
              (result.diverged.batch >= 0 ? `, batch ${result.diverged.batch + 1}` : '') +
              (layer ? `, first in layer ${layer}` : '') +
              `: the loss or the parameters became NaN or infinite. The network was restored to its state before this call. ` +
              `Try a smaller learning rate (it was ${rate}) or standardize the inputs.`,
            { epoch, batch: result.diverged.batch >= 0 ? result.diverged.batch + 1 : undefined, layer, learningRate: rate },
          );
        }
        if (!bulk) lastLoss = history.loss[history.loss.length - 1]!;
        onBatchEnd?.({ epoch: history.epochs, batches: history.epochs * batchesPerEpoch, loss: lastLoss });
        if (signal) {
          const ms = performance.now() - started;
          slice = Math.max(1, Math.min(slice * 4, Math.round((chunk * SLICE_MS) / Math.max(ms, 0.01))));
          await yieldToEventLoop();
        }
      }
      if (early) {
        history.bestEpoch = best.epoch;
        if (best.parameters) backend.setParameters(best.parameters);
      }
    } catch (e) {
      saved.restore();
      throw e;
    } finally {
      session.end();
    }
    return history;
  }

  /** The training rows and the validation rows (from validationSplit or validationData). */
  private split(inputs: Rows, targets: Rows, options: TrainOptions, backend: Backend | null = null) {
    const { validationSplit: fraction, validationData: data } = options;
    // Rows that all go to training are checked by a backend that checks its own.
    const all = this.pair(inputs, targets, undefined, !(backend?.checksData && fraction === undefined));
    if (fraction !== undefined && data !== undefined) fail('INVALID_OPTION', 'give validationSplit or validationData, not both');
    if (data !== undefined) {
      if (typeof data !== 'object' || data === null) fail('INVALID_OPTION', 'validationData must be { inputs, targets }');
      // Copied: the rows are read again after each epoch, and training may await between epochs.
      const v = this.pair(data.inputs, data.targets, ['validationData.inputs', 'validationData.targets']);
      return { train: all, validation: { x: { ...v.x, data: ownData(v.x) }, y: { ...v.y, data: ownData(v.y) } } };
    }
    if (fraction === undefined) return { train: all, validation: null };
    if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) fail('INVALID_OPTION', `validationSplit must be a number between 0 and 1, got ${describe(fraction)}`);
    const rows = all.x.rows;
    const held = Math.floor(rows * fraction);
    if (held < 1 || held >= rows) fail('INVALID_OPTION', `validationSplit ${fraction} of ${rows} rows leaves ${held} validation rows and ${rows - held} training rows; both need at least one`);
    const part = (m: typeof all.x, from: number, to: number) => ({ ...m, data: m.data.slice(from * m.cols, to * m.cols), rows: to - from });
    return {
      train: { x: part(all.x, 0, rows - held), y: part(all.y, 0, rows - held) },
      validation: { x: part(all.x, rows - held, rows), y: part(all.y, rows - held, rows) },
    };
  }

  /**
   * The same training as `train`, in a worker (Node worker_threads, or a module Web
   * Worker in browsers), so this thread stays free. Progress arrives through
   * onEpochEnd / onBatchEnd; `signal` aborts. When it finishes, this network holds
   * the trained parameters. The worker starts from this network's parameters and
   * seed (shuffling and dropout streams start afresh; optimizer state is not carried
   * over), so a new network trains there exactly as it would here.
   */
  async trainInWorker(inputs: Rows, targets: Rows, options: TrainOptions = {}): Promise<TrainHistory> {
    this.live();
    const host = workerHost();
    if (!host) fail('INVALID_OPTION', "trainInWorker needs the 'node' or the browser entry of deltaprop (this environment has no worker support)");
    if (typeof options !== 'object' || options === null) fail('INVALID_OPTION', 'train options must be an object');
    const { onEpochEnd, onBatchEnd, signal, schedule, validationData, ...rest } = options;
    if (typeof schedule === 'function') fail('INVALID_OPTION', 'a schedule function cannot be sent to a worker; use a step, exponential or cosine schedule');
    for (const [name, fn] of [['onEpochEnd', onEpochEnd], ['onBatchEnd', onBatchEnd]] as const) {
      if (fn !== undefined && typeof fn !== 'function') fail('INVALID_OPTION', `${name} must be a function`);
    }
    // Check everything here, so that mistakes surface as they would in train().
    this.split(inputs, targets, options);
    const { x, y } = this.pair(inputs, targets);
    checkTrainOptions(options, x.rows, this.layers.length);
    const validation = validationData && this.pair(validationData.inputs, validationData.targets, ['validationData.inputs', 'validationData.targets']);
    const request = {
      type: 'train',
      model: this.toJSON(),
      seed: this.seed,
      kernels: this.kernels,
      threads: this.threadCount,
      // Own copies, transferred: the caller's flat arrays are not copied by pair().
      inputs: { data: ownData(x), rows: x.rows },
      targets: { data: ownData(y), rows: y.rows },
      options: {
        ...rest,
        ...(schedule ? { schedule } : {}),
        ...(validation ? { validationData: { inputs: { data: validation.x.data, rows: validation.x.rows }, targets: { data: validation.y.data, rows: validation.y.rows } } } : {}),
      },
      epochEvents: Boolean(onEpochEnd),
      batchEvents: Boolean(onBatchEnd),
    };
    const port = host.spawn();
    return new Promise<TrainHistory>((resolve, reject) => {
      const abort = () => port.post({ type: 'abort' });
      const finish = () => {
        signal?.removeEventListener('abort', abort);
        port.terminate();
      };
      port.onMessage((message) => {
        try {
          if (message.type === 'epoch') onEpochEnd?.(message.info);
          else if (message.type === 'batch') onBatchEnd?.(message.info);
          else if (message.type === 'done') {
            finish();
            this.setParameters(checkModel(message.model).parameters);
            resolve(message.history);
          } else if (message.type === 'error') {
            finish();
            reject(message.code ? new DeltapropError(message.code, message.message, message.details ?? {}) : new Error(message.message));
          }
        } catch (e) {
          finish();
          reject(e);
        }
      });
      port.onError((e) => {
        finish();
        reject(e);
      });
      signal?.addEventListener('abort', abort);
      if (signal?.aborted) abort();
      port.post(request, [request.inputs.data.buffer, request.targets.data.buffer]);
    });
  }

  /**
   * The fast path for a row or a few at a time: `predictor.run(input, output)` takes
   * flat rows (a Float32Array of rows × inputs values) and writes the outputs into
   * `output`, with no allocation and every check that does not depend on the rows
   * done here, once. It reads the network's current parameters at every call; the
   * network's `dispose` frees it (or its own `dispose`, earlier). See Predictor.
   */
  predictor(): Predictor {
    const impl = this.live();
    return impl instanceof WasmBackend ? impl.predictor() : new BackendPredictor(impl, () => this.impl === impl);
  }

  /** Copies of the weights and biases (layout of `Gradients`). */
  getParameters(): Parameters {
    return this.live().getParameters();
  }

  /** Replaces the weights and biases; the sizes and values are checked first. */
  setParameters(parameters: Parameters): void {
    const backend = this.live();
    const { parameters: checked } = checkModel({ format: 'deltaprop', version: 1, layers: [...this.layers], activation: [...this.activation], loss: this.loss, weights: parameters?.weights as never, biases: parameters?.biases as never }, 'parameters');
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
    };
  }

  /** The binary model file (see binary.ts): a header, float32 weights and a CRC-32. */
  toBinary(): Uint8Array<ArrayBuffer> {
    return encodeModel(this.toJSON());
  }

  /** Loads a binary model file; it is checked first (CORRUPT_MODEL if anything is wrong). */
  static async fromBinary(bytes: Uint8Array | ArrayBuffer, options: Pick<NetworkOptions, 'backend' | 'seed' | 'kernels' | 'threads'> = {}): Promise<Network> {
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

  /** Frees the network's WebAssembly memory; any later call throws DISPOSED. */
  dispose(): void {
    this.impl?.dispose();
    this.impl = null;
  }
}

function record(history: TrainHistory, info: EpochInfo): void {
  history.epochs = info.epoch;
  history.loss.push(info.loss);
  history.learningRate.push(info.learningRate);
  if (info.accuracy !== undefined) history.accuracy?.push(info.accuracy);
  if (info.valLoss !== undefined) history.valLoss?.push(info.valLoss);
  if (info.valAccuracy !== undefined) history.valAccuracy?.push(info.valAccuracy);
}

/** Lets timers and messages run: setImmediate in Node, a message round trip in browsers (setTimeout waits ≥ 1 ms or more). */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
