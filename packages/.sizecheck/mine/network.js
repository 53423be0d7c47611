import { fromMatrix, ownData, toMatrix } from './data.js';
import { Encoder } from './encoder.js';
import { DeltapropError, fail } from './errors.js';
import { BulkFigures } from './history.js';
import { initialParameters } from './init.js';
import { checkModel } from './model.js';
import { classifyOutputs, evaluateOutputs } from './metrics.js';
import { ReferenceBackend } from './reference/backend.js';
import { checkNetworkOptions, checkTrainOptions, describe } from './spec.js';
import { checkEarlyStopping, checkSchedule } from './schedule.js';
import { isChunkStream, trainStream } from './stream.js';
import { rowWeights } from './weights.js';
import { decodeModel, encodeModel } from './binary.js';
import { compile, moduleSource } from './standalone.js';
import { workerHost } from './worker/host.js';
import { WasmBackend } from './wasm/backend.js';
import { getKernels } from './wasm/kernels.js';
/** Without callbacks, a training call with a signal returns to the event loop about this often. */
const SLICE_MS = 20;
export class Network {
    seed;
    kernels;
    threadCount;
    layers;
    activation;
    loss;
    backend;
    impl;
    encoder = null;
    constructor(impl, seed, kernels, threadCount, 
    /** Neurons per layer, input first. */
    layers, 
    /** Activation of each weight layer. */
    activation, loss, backend) {
        this.seed = seed;
        this.kernels = kernels;
        this.threadCount = threadCount;
        this.layers = layers;
        this.activation = activation;
        this.loss = loss;
        this.backend = backend;
        this.impl = impl;
    }
    /** Builds a network with seeded initial weights; loads the WebAssembly kernels on first use. */
    static async create(options) {
        const o = checkNetworkOptions(options);
        const backend = options.backend ?? 'wasm';
        const initial = initialParameters(o.layers, o.activation, o.init, o.seed);
        const encoder = checkEncoder(options.preprocessing, o.layers);
        const net = await Network.build(o, initial, o.seed, backend, o.kernels, o.threads);
        net.encoder = encoder;
        return net;
    }
    /**
     * The fitted encoder of raw rows (see encoder.ts), or null. Setting it checks that
     * it encodes as many inputs and outputs as the network has; null removes it.
     */
    get preprocessing() {
        return this.encoder;
    }
    set preprocessing(encoder) {
        this.encoder = checkEncoder(encoder ?? undefined, this.layers);
    }
    /** Loads a network saved by `toJSON` (an object or its JSON text); the file is checked first. */
    static async fromJSON(json, options = {}) {
        const { spec, parameters, preprocessing } = checkModel(json);
        const o = checkNetworkOptions({ layers: spec.layers, activation: spec.activation, loss: spec.loss, ...options });
        const net = await Network.build(spec, parameters, o.seed, options.backend ?? 'wasm', o.kernels, o.threads);
        net.encoder = preprocessing;
        return net;
    }
    static async build(spec, initial, seed, backend, kernels, threads) {
        let impl;
        if (backend === 'wasm') {
            const k = await getKernels(kernels === 'auto' ? undefined : kernels, threads);
            impl = new WasmBackend(k, spec, initial, seed, k.team ? Math.min(threads, k.team.size + 1) : 1);
        }
        else if (backend === 'reference')
            impl = new ReferenceBackend(spec, initial, seed);
        else
            fail('UNKNOWN_BACKEND', `unknown backend ${describe(backend)}; use 'wasm' or 'reference'`);
        return new Network(impl, seed, kernels, threads, spec.layers, spec.activation, spec.loss, backend);
    }
    /** Threads that train this network together (1 on the reference backend, or without shared memory). */
    get threads() {
        const impl = this.live();
        return impl instanceof WasmBackend ? impl.threads : 1;
    }
    /**
     * Memory, in bytes: what this network holds now (parameters, gradients, optimizer
     * state, activation buffers) and the size of the WebAssembly memory it lives in
     * (shared with other networks; it grows and never shrinks, so it is also the peak).
     * Both 0 on the reference backend.
     */
    memory() {
        const impl = this.live();
        return impl instanceof WasmBackend ? impl.memory() : { network: 0, linear: 0 };
    }
    /** What computes: 'wasm-simd', 'wasm-relaxed-simd' or 'reference'. */
    get engine() {
        return this.live().engine;
    }
    get disposed() {
        return this.impl === null;
    }
    live() {
        if (this.impl === null)
            fail('DISPOSED', 'this network was disposed; create a new one or load it with Network.fromJSON');
        return this.impl;
    }
    get inputs() {
        return this.layers[0];
    }
    get outputs() {
        return this.layers[this.layers.length - 1];
    }
    predict(inputs) {
        const backend = this.live();
        const raw = this.encoder ? rawRows(inputs) : null;
        if (raw) {
            const x = this.encoder.encode(raw.rows);
            const out = fromMatrix(backend.predict(x.data, x.rows), x.rows, this.outputs, 'arrays');
            return raw.single ? out[0] : out;
        }
        const x = toMatrix(inputs, this.inputs, 'inputs', true, !backend.checksData);
        return fromMatrix(backend.predict(x.data, x.rows), x.rows, this.outputs, x.form);
    }
    classify(rows) {
        const backend = this.live();
        if (!this.classifies)
            fail('INVALID_OPTION', 'classify needs a classification network (a softmax or sigmoid output, or cross-entropy)');
        let x;
        let single;
        if (this.encoder) {
            const raw = rawRows(rows, true);
            x = this.encoder.encode(raw.rows);
            single = raw.single;
        }
        else {
            const m = toMatrix(rows, this.inputs, 'inputs', true);
            x = m;
            single = m.form === 'single-array' || m.form === 'single-float32';
        }
        const out = classifyOutputs(backend.predict(x.data, x.rows), x.rows, this.outputs, this.classNames());
        return single ? out[0] : out;
    }
    /**
     * Figures of the network on rows it was not trained on (see metrics.ts):
     * classification networks (a class target in the preprocessing, or without
     * preprocessing a softmax or sigmoid output or cross-entropy) get loss, accuracy,
     * the confusion matrix and per-class precision, recall and F1; the others MSE,
     * RMSE, MAE and R² beside the training loss.
     */
    evaluate(inputs, targets) {
        const backend = this.live();
        const { x, y } = this.pair(inputs, targets);
        const { loss } = backend.evaluate(x.data, y.data, x.rows);
        return evaluateOutputs(backend.predict(x.data, x.rows), y.data, x.rows, this.outputs, loss, this.classNames());
    }
    /** The names of the classes the outputs stand for, or null for a regression network. */
    classNames() {
        if (this.encoder)
            return this.encoder.classes ?? null;
        if (!this.classifies)
            return null;
        return this.outputs === 1 ? ['0', '1'] : Array.from({ length: this.outputs }, (_, k) => String(k));
    }
    /** ∂E/∂W and ∂E/∂b of every weight layer by the δ rule, E the mean per-sample loss over the rows. */
    gradients(inputs, targets) {
        const backend = this.live();
        const { x, y } = this.pair(inputs, targets, undefined, !backend.checksData);
        return backend.gradients(x.data, y.data, x.rows);
    }
    pair(inputs, targets, names = ['inputs', 'targets'], check = true) {
        const x = toMatrix(inputs, this.inputs, names[0], false, check);
        const y = toMatrix(targets, this.outputs, names[1], false, check);
        if (x.rows !== y.rows)
            fail('SHAPE_MISMATCH', `${names[0]} have ${x.rows} rows but ${names[1]} have ${y.rows}`, { inputs: x.rows, targets: y.rows });
        return { x, y };
    }
    /** Networks whose outputs name classes get accuracy figures: a softmax or sigmoid output, or cross-entropy. */
    get classifies() {
        const out = this.activation[this.activation.length - 1];
        return this.loss === 'cross-entropy' || out === 'softmax' || out === 'sigmoid';
    }
    async train(inputs, targets, options = {}) {
        const backend = this.live();
        if (isChunkStream(inputs)) {
            const pair = (x, y, names, check) => this.pair(x, y, names, check);
            return trainStream({ backend, layers: this.layers, classifies: this.classifies, pair }, inputs, targets);
        }
        if (targets === undefined)
            fail('SHAPE_MISMATCH', 'train needs inputs and targets, or a stream of { inputs, targets } chunks');
        targets = targets;
        if (typeof options !== 'object' || options === null)
            fail('INVALID_OPTION', 'train options must be an object');
        const { onEpochEnd, onBatchEnd, signal } = options;
        for (const [name, fn] of [['onEpochEnd', onEpochEnd], ['onBatchEnd', onBatchEnd]]) {
            if (fn !== undefined && typeof fn !== 'function')
                fail('INVALID_OPTION', `${name} must be a function`);
        }
        if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal))
            fail('INVALID_OPTION', 'signal must be an AbortSignal');
        const { train, validation } = this.split(inputs, targets, options, backend);
        const plan = checkTrainOptions(options, train.x.rows, this.layers.length);
        plan.weights = this.rowWeights(options, train.y, validation !== null && options.validationSplit !== undefined);
        const rateAt = checkSchedule(options.schedule, plan.optimizer.learningRate, plan.epochs);
        const early = checkEarlyStopping(options.earlyStopping, validation !== null);
        const history = { epochs: 0, loss: [], learningRate: [], aborted: false, stoppedEarly: false };
        if (validation)
            history.valLoss = [];
        if (this.classifies)
            history.accuracy = [];
        if (validation && this.classifies)
            history.valAccuracy = [];
        const perEpoch = Boolean(onEpochEnd || validation || early || options.schedule);
        const bulk = perEpoch ? null : new BulkFigures(history, train.x.rows);
        let lastLoss = NaN;
        const batchesPerEpoch = Math.ceil(train.x.rows / plan.batchSize);
        let best = { value: Infinity, epoch: 0, parameters: null };
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
                    if (result.completed > 0)
                        lastLoss = result.losses[result.completed - 1];
                }
                for (let i = 0; perEpoch && i < result.completed; i++) {
                    const info = { epoch: history.epochs + 1, loss: result.losses[i], learningRate: rate };
                    if (history.accuracy)
                        info.accuracy = result.correct[i] / train.x.rows;
                    if (validation) {
                        const v = backend.evaluate(validation.x.data, validation.y.data, validation.x.rows);
                        info.valLoss = v.loss;
                        if (history.valAccuracy)
                            info.valAccuracy = v.correct / validation.x.rows;
                    }
                    record(history, info);
                    onEpochEnd?.(info);
                    if (early) {
                        const value = early.monitor === 'valLoss' ? info.valLoss : info.loss;
                        if (value < best.value - early.minDelta) {
                            best = { value, epoch: info.epoch, parameters: early.restoreBestWeights ? backend.getParameters() : null };
                            waited = 0;
                        }
                        else if (++waited >= early.patience) {
                            history.stoppedEarly = info.epoch < plan.epochs;
                            break;
                        }
                    }
                }
                if (result.diverged) {
                    const layer = backend.locateNonFinite();
                    const epoch = history.epochs + 1;
                    throw new DeltapropError('DIVERGED', `training diverged in epoch ${epoch}` +
                        (result.diverged.batch >= 0 ? `, batch ${result.diverged.batch + 1}` : '') +
                        (layer ? `, first in layer ${layer}` : '') +
                        `: the loss or the parameters became NaN or infinite. The network was restored to its state before this call. ` +
                        `Try a smaller learning rate (it was ${rate}) or standardize the inputs.`, { epoch, batch: result.diverged.batch >= 0 ? result.diverged.batch + 1 : undefined, layer, learningRate: rate });
                }
                if (!bulk)
                    lastLoss = history.loss[history.loss.length - 1];
                onBatchEnd?.({ epoch: history.epochs, batches: history.epochs * batchesPerEpoch, loss: lastLoss });
                if (signal) {
                    const ms = performance.now() - started;
                    slice = Math.max(1, Math.min(slice * 4, Math.round((chunk * SLICE_MS) / Math.max(ms, 0.01))));
                    await yieldToEventLoop();
                }
            }
            if (early) {
                history.bestEpoch = best.epoch;
                if (best.parameters)
                    backend.setParameters(best.parameters);
            }
        }
        catch (e) {
            saved.restore();
            throw e;
        }
        finally {
            session.end();
        }
        return history;
    }
    /** The weight of every training row from classWeight and sampleWeight (weights.ts), or null. */
    rowWeights(options, y, held) {
        const { classWeight, sampleWeight } = options;
        if (classWeight !== undefined && !this.classifies)
            fail('INVALID_OPTION', 'classWeight needs a classification network (a softmax or sigmoid output, or cross-entropy); use sampleWeight');
        // With validationSplit, sampleWeight may cover every row: the training rows are the first ones.
        const sw = held && sampleWeight && sampleWeight.length > y.rows ? Array.from(sampleWeight).slice(0, y.rows) : sampleWeight;
        return rowWeights(classWeight, sw, y.data, y.rows, this.outputs, this.classNames() ?? []);
    }
    /** The training rows and the validation rows (from validationSplit or validationData). */
    split(inputs, targets, options, backend = null) {
        const { validationSplit: fraction, validationData: data } = options;
        // Rows that all go to training are checked by a backend that checks its own.
        const all = this.pair(inputs, targets, undefined, !(backend?.checksData && fraction === undefined));
        if (fraction !== undefined && data !== undefined)
            fail('INVALID_OPTION', 'give validationSplit or validationData, not both');
        if (data !== undefined) {
            if (typeof data !== 'object' || data === null)
                fail('INVALID_OPTION', 'validationData must be { inputs, targets }');
            // Copied: the rows are read again after each epoch, and training may await between epochs.
            const v = this.pair(data.inputs, data.targets, ['validationData.inputs', 'validationData.targets']);
            return { train: all, validation: { x: { ...v.x, data: ownData(v.x) }, y: { ...v.y, data: ownData(v.y) } } };
        }
        if (fraction === undefined)
            return { train: all, validation: null };
        if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1))
            fail('INVALID_OPTION', `validationSplit must be a number between 0 and 1, got ${describe(fraction)}`);
        const rows = all.x.rows;
        const held = Math.floor(rows * fraction);
        if (held < 1 || held >= rows)
            fail('INVALID_OPTION', `validationSplit ${fraction} of ${rows} rows leaves ${held} validation rows and ${rows - held} training rows; both need at least one`);
        const part = (m, from, to) => ({ ...m, data: m.data.slice(from * m.cols, to * m.cols), rows: to - from });
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
    async trainInWorker(inputs, targets, options = {}) {
        this.live();
        const host = workerHost();
        if (!host)
            fail('INVALID_OPTION', "trainInWorker needs the 'node' or the browser entry of deltaprop (this environment has no worker support)");
        if (typeof options !== 'object' || options === null)
            fail('INVALID_OPTION', 'train options must be an object');
        const { onEpochEnd, onBatchEnd, signal, schedule, validationData, ...rest } = options;
        if (typeof schedule === 'function')
            fail('INVALID_OPTION', 'a schedule function cannot be sent to a worker; use a step, exponential or cosine schedule');
        for (const [name, fn] of [['onEpochEnd', onEpochEnd], ['onBatchEnd', onBatchEnd]]) {
            if (fn !== undefined && typeof fn !== 'function')
                fail('INVALID_OPTION', `${name} must be a function`);
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
        return new Promise((resolve, reject) => {
            const abort = () => port.post({ type: 'abort' });
            const finish = () => {
                signal?.removeEventListener('abort', abort);
                port.terminate();
            };
            port.onMessage((message) => {
                try {
                    if (message.type === 'epoch')
                        onEpochEnd?.(message.info);
                    else if (message.type === 'batch')
                        onBatchEnd?.(message.info);
                    else if (message.type === 'done') {
                        finish();
                        this.setParameters(checkModel(message.model).parameters);
                        resolve(message.history);
                    }
                    else if (message.type === 'error') {
                        finish();
                        reject(message.code ? new DeltapropError(message.code, message.message, message.details ?? {}) : new Error(message.message));
                    }
                }
                catch (e) {
                    finish();
                    reject(e);
                }
            });
            port.onError((e) => {
                finish();
                reject(e);
            });
            signal?.addEventListener('abort', abort);
            if (signal?.aborted)
                abort();
            port.post(request, [request.inputs.data.buffer, request.targets.data.buffer]);
        });
    }
    /** Copies of the weights and biases (layout of `Gradients`). */
    getParameters() {
        return this.live().getParameters();
    }
    /** Replaces the weights and biases; the sizes and values are checked first. */
    setParameters(parameters) {
        const backend = this.live();
        const { parameters: checked } = checkModel({ format: 'deltaprop', version: 1, layers: [...this.layers], activation: [...this.activation], loss: this.loss, weights: parameters?.weights, biases: parameters?.biases }, 'parameters');
        backend.setParameters(checked);
    }
    /** The model file: a versioned, plain-JSON object (see ModelJSON). */
    toJSON() {
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
    toBinary() {
        return encodeModel(this.toJSON());
    }
    /** Loads a binary model file; it is checked first (CORRUPT_MODEL if anything is wrong). */
    static async fromBinary(bytes, options = {}) {
        return Network.fromJSON(decodeModel(bytes), options);
    }
    /** This network's forward pass as a plain function, independent of the network (and of WebAssembly). */
    toFunction() {
        return compile(this.toJSON());
    }
    /** An ES module that runs this network without deltaprop installed: `import predict from './model.js'`. */
    toModuleSource() {
        return moduleSource(this.toJSON());
    }
    /** Frees the network's WebAssembly memory; any later call throws DISPOSED. */
    dispose() {
        this.impl?.dispose();
        this.impl = null;
    }
}
function checkEncoder(encoder, layers) {
    if (encoder === undefined || encoder === null)
        return null;
    if (!(encoder instanceof Encoder))
        fail('INVALID_OPTION', 'preprocessing must be an Encoder (Encoder.fit or Encoder.fromJSON)');
    if (encoder.inputs !== layers[0] || encoder.outputs !== layers.at(-1)) {
        fail('SHAPE_MISMATCH', `the preprocessing encodes ${encoder.inputs} inputs and ${encoder.outputs} outputs; layers ${JSON.stringify(layers)} have ${layers[0]} and ${layers.at(-1)}`);
    }
    return encoder;
}
/** An object keyed by column name (not flat rows), or an array of plain values holding text. */
const isRawRow = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v.data instanceof Float32Array)) ||
    (Array.isArray(v) && v.some((c) => typeof c === 'string') && v.every((c) => typeof c !== 'object' || c === null));
/**
 * Raw rows, or null for encoded ones: an object keyed by column name, or an array
 * holding text, is one raw row. With `arrays`, any array of plain values is one raw
 * row (classify reads arrays as the source's columns).
 */
function rawRows(input, arrays = false) {
    const one = (v) => isRawRow(v) || (arrays && (Array.isArray(v) || ArrayBuffer.isView(v)));
    if (Array.isArray(input) && input.length > 0 && (typeof input[0] === 'object' && input[0] !== null) && one(input[0]))
        return { rows: input, single: false };
    if (one(input))
        return { rows: [ArrayBuffer.isView(input) ? Array.from(input) : input], single: true };
    return null;
}
function record(history, info) {
    history.epochs = info.epoch;
    history.loss.push(info.loss);
    history.learningRate.push(info.learningRate);
    if (info.accuracy !== undefined)
        history.accuracy?.push(info.accuracy);
    if (info.valLoss !== undefined)
        history.valLoss?.push(info.valLoss);
    if (info.valAccuracy !== undefined)
        history.valAccuracy?.push(info.valAccuracy);
}
/** Lets timers and messages run: setImmediate in Node, a message round trip in browsers (setTimeout waits ≥ 1 ms or more). */
function yieldToEventLoop() {
    if (typeof setImmediate === 'function')
        return new Promise((resolve) => setImmediate(resolve));
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
//# sourceMappingURL=network.js.map