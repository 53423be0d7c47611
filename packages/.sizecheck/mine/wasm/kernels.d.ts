/**
 * The one file that touches `instance.exports`. It loads the kernels once per
 * JavaScript realm, owns the single linear memory and its arena, and gives the rest
 * of the package typed functions.
 */
import { type Variant } from '@deltaprop/kernels';
import { Team } from './team.js';
import { Arena } from './arena.js';
/** The exports of packages/kernels/assembly/index.ts; pointers are byte offsets. */
export interface KernelExports {
    heap_base(): number;
    scratch_bytes(): number;
    matmul_nn(A: number, B: number, C: number, m: number, k: number, n: number, accumulate: number, scratch: number): void;
    matmul_tn(A: number, B: number, C: number, m: number, k: number, n: number, accumulate: number, scratch: number): void;
    matmul_nt(A: number, B: number, C: number, m: number, k: number, n: number, accumulate: number, scratch: number): void;
    bias_activate(T: number, b: number, rows: number, cols: number, act: number): void;
    times_derivative(D: number, T: number, count: number, act: number): void;
    column_sum(D: number, gb: number, rows: number, cols: number, accumulate: number): void;
    loss_delta(T: number, Y: number, D: number, rows: number, cols: number, loss: number, act: number, scale: number): number;
    sgd_step(theta: number, g: number, n: number, eta: number): void;
    momentum_step(theta: number, g: number, vel: number, n: number, eta: number, mu: number, nesterov: number): void;
    adam_step(theta: number, g: number, m: number, v: number, n: number, alpha: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void;
    rmsprop_step(theta: number, g: number, s: number, n: number, eta: number, rho: number, epsilon: number): void;
    add_weight_decay(g: number, theta: number, n: number, lambda: number): void;
    all_finite(x: number, n: number): number;
    shuffle(idx: number, n: number, state: number): void;
    next_u32(state: number): number;
    train_epochs_team(d: number, X: number, Y: number, idx: number, N: number, batch: number, epochs: number, lossOut: number, correctOut: number, team: number, t: number, T: number, canWait: number): number;
    predict_team(d: number, X: number, Out: number, N: number, t: number, T: number): void;
    train_epochs(d: number, X: number, Y: number, idx: number, N: number, batch: number, epochs: number, lossOut: number, correctOut: number): number;
    evaluate(d: number, X: number, Y: number, N: number, Out: number): number;
    count_correct(T: number, Y: number, rows: number, cols: number): number;
    predict(d: number, X: number, Out: number, N: number): void;
    gradients(d: number, X: number, Y: number, N: number): number;
}
export declare class Kernels {
    readonly exports: KernelExports;
    readonly memory: WebAssembly.Memory;
    readonly variant: Variant;
    /** The compiled threads build, kept to start team workers; null for the single-threaded kernels. */
    readonly module: WebAssembly.Module | null;
    readonly arena: Arena;
    /** Helper threads sharing this memory (threads build only). */
    team: Team | null;
    /** The packing buffer of the matrix products, shared by every network (one thread). */
    readonly scratch: number;
    private f32View;
    private u32View;
    constructor(exports: KernelExports, memory: WebAssembly.Memory, variant: Variant, 
    /** The compiled threads build, kept to start team workers; null for the single-threaded kernels. */
    module?: WebAssembly.Module | null);
    /** A float32 view of all memory; views are remade after memory grows. */
    get f32(): Float32Array;
    get u32(): Uint32Array;
    /** Copies `data` to byte offset `at`. */
    write(at: number, data: ArrayLike<number>): void;
    /** A copy of `count` floats at byte offset `at`. */
    read(at: number, count: number): Float32Array;
}
/**
 * The kernels of this realm, loaded on first use; `variant` forces a build (tests
 * compare them). With `threads` > 1: the threads build over a shared memory, with a
 * team of up to threads − 1 helper workers, or — where shared memory or workers are
 * missing — the single-threaded kernels, silently.
 */
export declare function getKernels(variant?: Variant, threads?: number): Promise<Kernels>;
/** The kernels loaded by the first successful getKernels(), or null. */
export declare function loadedKernels(): Kernels | null;
