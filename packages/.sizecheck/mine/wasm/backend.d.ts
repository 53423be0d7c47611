import type { Backend, BackendState, TrainingSession } from '../backend.js';
import { type Spec, type TrainPlan } from '../spec.js';
import type { Gradients, Parameters } from '../types.js';
import type { Kernels } from './kernels.js';
export declare class WasmBackend implements Backend {
    readonly spec: Spec;
    private readonly seed;
    /** Threads that train together (1: this thread alone). */
    readonly threads: number;
    readonly engine: "wasm-simd" | "wasm-relaxed-simd";
    private readonly k;
    private readonly L;
    private readonly desc;
    /** Byte offsets of W^(l+1) and b^(l+1) inside θ (add grad − θ for the gradient). */
    private readonly wAt;
    private readonly bAt;
    private readonly theta;
    private readonly grad;
    private readonly thetaLength;
    private core;
    private state;
    private stateType;
    private work;
    private capacity;
    /** Whether the work block holds dropout masks for the hidden layers. */
    private masks;
    constructor(kernels: Kernels, spec: Spec, initial: Parameters, seed: number, 
    /** Threads that train together (1: this thread alone). */
    threads?: number);
    /** A block of the arena, zeroed unless the caller overwrites all of it (`zero` false). */
    private alloc;
    private free;
    private setWord;
    private word;
    private setReal;
    private setField;
    private field;
    /**
     * Makes the work block hold at least `rows` rows of every activation and δ (and,
     * with `masks`, the dropout mask and dropped output of every hidden layer).
     */
    private ensureCapacity;
    /** Allocates a work block of `rows` rows and points the descriptor `desc` at it. */
    private layWork;
    /**
     * The descriptors of threads 1 … T − 1 of a team: copies of this network's with
     * their own work block (a share of a batch), packing scratch, row index and dropout
     * stream, and the shared θ, gradient and optimizer state (team.ts in the kernels).
     */
    private teamDescriptors;
    getParameters(): Parameters;
    setParameters(p: Parameters): void;
    /** Runs `body` with `data` copied into temporary blocks, freed afterwards. */
    private withData;
    predict(x: Float32Array, rows: number): Float32Array;
    gradients(x: Float32Array, y: Float32Array, rows: number): Gradients;
    evaluate(x: Float32Array, y: Float32Array, rows: number): {
        loss: number;
        correct: number;
    };
    readonly checksData = true;
    startTraining(x: Float32Array, y: Float32Array, rows: number, plan: TrainPlan): TrainingSession;
    /** Whether the rows copied to X (and Y) are all finite. */
    private finite;
    /** Throws NON_FINITE naming the first value of x (then y) that is not finite. */
    private throwNonFinite;
    saveState(): BackendState;
    memory(): {
        network: number;
        linear: number;
    };
    locateNonFinite(): number;
    dispose(): void;
}
