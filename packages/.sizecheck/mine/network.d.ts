/**
 * Network: the API users hold. It checks every argument, converts data to the flat
 * float32 layout of the kernels, and leaves the arithmetic to a backend. A call
 * that fails leaves the network exactly as it was.
 */
import type { Engine } from './backend.js';
import { Encoder, type RawRow } from './encoder.js';
import { type Classification, type Evaluation } from './metrics.js';
import type { ActivationName, BackendName, Gradients, LossName, ModelJSON, NetworkOptions, Parameters, Row, Rows, TrainHistory, TrainOptions } from './types.js';
import { type RowChunk } from './stream.js';
export declare class Network {
    private readonly seed;
    private readonly kernels;
    private readonly threadCount;
    /** Neurons per layer, input first. */
    readonly layers: readonly number[];
    /** Activation of each weight layer. */
    readonly activation: readonly ActivationName[];
    readonly loss: LossName;
    readonly backend: BackendName;
    private impl;
    private encoder;
    private constructor();
    /** Builds a network with seeded initial weights; loads the WebAssembly kernels on first use. */
    static create(options: NetworkOptions): Promise<Network>;
    /**
     * The fitted encoder of raw rows (see encoder.ts), or null. Setting it checks that
     * it encodes as many inputs and outputs as the network has; null removes it.
     */
    get preprocessing(): Encoder | null;
    set preprocessing(encoder: Encoder | null);
    /** Loads a network saved by `toJSON` (an object or its JSON text); the file is checked first. */
    static fromJSON(json: ModelJSON | string, options?: Pick<NetworkOptions, 'backend' | 'seed' | 'kernels' | 'threads'>): Promise<Network>;
    private static build;
    /** Threads that train this network together (1 on the reference backend, or without shared memory). */
    get threads(): number;
    /**
     * Memory, in bytes: what this network holds now (parameters, gradients, optimizer
     * state, activation buffers) and the size of the WebAssembly memory it lives in
     * (shared with other networks; it grows and never shrinks, so it is also the peak).
     * Both 0 on the reference backend.
     */
    memory(): {
        network: number;
        linear: number;
    };
    /** What computes: 'wasm-simd', 'wasm-relaxed-simd' or 'reference'. */
    get engine(): Engine;
    get disposed(): boolean;
    private live;
    private get inputs();
    private get outputs();
    /** The network's outputs t^(n) for one row or many, in the form the input came in. */
    predict(inputs: Row): number[] | Float32Array;
    predict(inputs: readonly (readonly number[])[]): number[][];
    predict(inputs: readonly Float32Array[]): Float32Array[];
    predict(inputs: {
        data: Float32Array;
        rows: number;
    }): {
        data: Float32Array;
        rows: number;
    };
    /** With preprocessing: raw rows (objects keyed by column name, or arrays holding text) are encoded first. */
    predict(inputs: RawRow | readonly RawRow[]): number[] | number[][];
    /**
     * The class of each row with its probability: raw rows when the network has
     * preprocessing (objects keyed by column name, or arrays in the source's column
     * order), encoded rows otherwise. Class names come from the preprocessing ('0',
     * '1', … without it). One row in, one answer out; many in, an array out.
     */
    classify(rows: RawRow | Row): Classification;
    classify(rows: readonly RawRow[] | Rows): Classification[];
    /**
     * Figures of the network on rows it was not trained on (see metrics.ts):
     * classification networks (a class target in the preprocessing, or without
     * preprocessing a softmax or sigmoid output or cross-entropy) get loss, accuracy,
     * the confusion matrix and per-class precision, recall and F1; the others MSE,
     * RMSE, MAE and R² beside the training loss.
     */
    evaluate(inputs: Rows, targets: Rows): Evaluation;
    /** The names of the classes the outputs stand for, or null for a regression network. */
    private classNames;
    /** ∂E/∂W and ∂E/∂b of every weight layer by the δ rule, E the mean per-sample loss over the rows. */
    gradients(inputs: Rows, targets: Rows): Gradients;
    private pair;
    /** Networks whose outputs name classes get accuracy figures: a softmax or sigmoid output, or cross-entropy. */
    private get classifies();
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
    train(inputs: Rows, targets: Rows, options?: TrainOptions): Promise<TrainHistory>;
    /** Trains on a stream of `{ inputs, targets }` chunks, one chunk in memory at a time (see stream.ts). */
    train(chunks: AsyncIterable<RowChunk>, options?: TrainOptions): Promise<TrainHistory>;
    /** The weight of every training row from classWeight and sampleWeight (weights.ts), or null. */
    private rowWeights;
    /** The training rows and the validation rows (from validationSplit or validationData). */
    private split;
    /**
     * The same training as `train`, in a worker (Node worker_threads, or a module Web
     * Worker in browsers), so this thread stays free. Progress arrives through
     * onEpochEnd / onBatchEnd; `signal` aborts. When it finishes, this network holds
     * the trained parameters. The worker starts from this network's parameters and
     * seed (shuffling and dropout streams start afresh; optimizer state is not carried
     * over), so a new network trains there exactly as it would here.
     */
    trainInWorker(inputs: Rows, targets: Rows, options?: TrainOptions): Promise<TrainHistory>;
    /** Copies of the weights and biases (layout of `Gradients`). */
    getParameters(): Parameters;
    /** Replaces the weights and biases; the sizes and values are checked first. */
    setParameters(parameters: Parameters): void;
    /** The model file: a versioned, plain-JSON object (see ModelJSON). */
    toJSON(): ModelJSON;
    /** The binary model file (see binary.ts): a header, float32 weights and a CRC-32. */
    toBinary(): Uint8Array<ArrayBuffer>;
    /** Loads a binary model file; it is checked first (CORRUPT_MODEL if anything is wrong). */
    static fromBinary(bytes: Uint8Array | ArrayBuffer, options?: Pick<NetworkOptions, 'backend' | 'seed' | 'kernels' | 'threads'>): Promise<Network>;
    /** This network's forward pass as a plain function, independent of the network (and of WebAssembly). */
    toFunction(): (input: ArrayLike<number>) => number[];
    /** An ES module that runs this network without deltaprop installed: `import predict from './model.js'`. */
    toModuleSource(): string;
    /** Frees the network's WebAssembly memory; any later call throws DISPOSED. */
    dispose(): void;
}
