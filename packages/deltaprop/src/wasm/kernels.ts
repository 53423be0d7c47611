/**
 * The one file that touches `instance.exports`. It loads the kernels once per
 * JavaScript realm, owns the single linear memory and its arena, and gives the rest
 * of the package typed functions.
 */
import { detectFeatures, loadKernels, KernelLoadError, type Variant } from '@deltaprop/kernels';
import { Team } from './team.js';
import { DeltapropError } from '../errors.js';
import { Arena } from './arena.js';

/** The exports of packages/kernels/assembly/index.ts; pointers are byte offsets. */
export interface KernelExports {
  heap_base(): number;
  scratch_bytes(): number;
  matmul_nn(A: number, B: number, C: number, m: number, k: number, n: number, accumulate: number, scratch: number): void;
  matmul_tn(A: number, B: number, C: number, m: number, k: number, n: number, accumulate: number, scratch: number): void;
  matmul_nt(A: number, B: number, C: number, m: number, k: number, n: number, accumulate: number, scratch: number): void;
  bias_activate(T: number, b: number, rows: number, cols: number, act: number, U: number): void;
  times_derivative(D: number, T: number, count: number, act: number, U: number): void;
  keeps_u(act: number): number;
  column_sum(D: number, gb: number, rows: number, cols: number, accumulate: number): void;
  loss_delta(T: number, Y: number, D: number, rows: number, cols: number, loss: number, act: number, scale: number, U: number): number;
  sgd_step(theta: number, g: number, n: number, eta: number): void;
  momentum_step(theta: number, g: number, vel: number, n: number, eta: number, mu: number, nesterov: number): void;
  adam_step(
    theta: number,
    g: number,
    m: number,
    v: number,
    n: number,
    alpha: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    c1: number,
    c2: number,
  ): void;
  rmsprop_step(theta: number, g: number, s: number, n: number, eta: number, rho: number, epsilon: number): void;
  add_weight_decay(g: number, theta: number, n: number, lambda: number): void;
  all_finite(x: number, n: number): number;
  shuffle(idx: number, n: number, state: number): void;
  next_u32(state: number): number;
  train_epochs_team(
    d: number,
    X: number,
    Y: number,
    idx: number,
    N: number,
    batch: number,
    epochs: number,
    lossOut: number,
    correctOut: number,
    team: number,
    t: number,
    T: number,
    canWait: number,
  ): number;
  predict_team(d: number, X: number, Out: number, N: number, words: number): void;
  team_bytes(threads: number, layers: number): number;
  train_epochs(d: number, X: number, Y: number, idx: number, N: number, batch: number, epochs: number, lossOut: number, correctOut: number): number;
  evaluate(d: number, X: number, Y: number, N: number, Out: number): number;
  count_correct(T: number, Y: number, rows: number, cols: number): number;
  predict(d: number, X: number, Out: number, N: number): void;
  /** Bytes of work predict_rows needs for N rows of the network at d. */
  predict_work_bytes(d: number, N: number): number;
  /** Out = the outputs of N rows of X (N ≤ the rows work was laid out for); 0 if X has a non-finite value. */
  predict_rows(d: number, X: number, Out: number, N: number, work: number): number;
  /** Thread t of T's share of Out = the outputs of N rows of X (T = 1: all), BatchCapacity rows at a time. */
  predict_batch(d: number, X: number, Out: number, N: number, first: number, rows: number): void;
  gradients(d: number, X: number, Y: number, N: number): number;
}

export class Kernels {
  readonly arena: Arena;
  /** Helper threads sharing this memory (threads build only). */
  team: Team | null = null;
  /** The packing buffer of the matrix products, shared by every network (one thread). */
  readonly scratch: number;
  private f32View: Float32Array;
  private u32View: Uint32Array;

  constructor(
    readonly exports: KernelExports,
    readonly memory: WebAssembly.Memory,
    readonly variant: Variant,
    /** The compiled threads build, kept to start team workers; null for the single-threaded kernels. */
    readonly module: WebAssembly.Module | null = null,
  ) {
    this.arena = new Arena(memory, exports.heap_base());
    this.scratch = this.arena.alloc(exports.scratch_bytes());
    this.f32View = new Float32Array(memory.buffer);
    this.u32View = new Uint32Array(memory.buffer);
  }

  /** A float32 view of all memory; views are remade after memory grows. */
  get f32(): Float32Array {
    if (this.f32View.byteLength !== this.memory.buffer.byteLength || this.f32View.buffer !== this.memory.buffer)
      this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  get u32(): Uint32Array {
    if (this.u32View.byteLength !== this.memory.buffer.byteLength || this.u32View.buffer !== this.memory.buffer)
      this.u32View = new Uint32Array(this.memory.buffer);
    return this.u32View;
  }

  /** Copies `data` to byte offset `at`. */
  write(at: number, data: ArrayLike<number>): void {
    this.f32.set(data, at >>> 2);
  }

  /** A copy of `count` floats at byte offset `at`. */
  read(at: number, count: number): Float32Array {
    return this.f32.slice(at >>> 2, (at >>> 2) + count);
  }
}

const loaded = new Map<string, Promise<Kernels>>();

/**
 * The kernels of this realm, loaded on first use; `variant` forces a build (tests
 * compare them). With `threads` > 1: the threads build over a shared memory, with a
 * team of up to threads − 1 helper workers, or — where shared memory or workers are
 * missing — the single-threaded kernels, silently.
 */
export function getKernels(variant?: Variant, threads = 1): Promise<Kernels> {
  const shared = threads > 1 && detectFeatures().threads;
  const key = `${variant ?? 'auto'}${shared ? '/threads' : ''}`;
  let p = loaded.get(key);
  if (!p) {
    p = instantiate(variant, shared);
    loaded.set(key, p);
    p.catch(() => loaded.delete(key));
  }
  return shared ? p.then((k) => withTeam(k, threads - 1)) : p;
}

let current: Kernels | null = null;

/** The kernels loaded by the first successful getKernels(), or null. */
export function loadedKernels(): Kernels | null {
  return current;
}

async function instantiate(variant: Variant | undefined, shared: boolean): Promise<Kernels> {
  let module: WebAssembly.Module;
  let chosen: Variant;
  try {
    const loaded = await loadKernels(variant, shared);
    module = loaded.module as WebAssembly.Module;
    chosen = loaded.variant;
  } catch (e) {
    if (e instanceof KernelLoadError) throw new DeltapropError('NO_SIMD', e.message);
    throw e;
  }
  // A shared memory must declare its maximum: the threads build's 2 GiB.
  const memory = shared ? new WebAssembly.Memory({ initial: 32, maximum: 32768, shared: true }) : new WebAssembly.Memory({ initial: 32 });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kernels = new Kernels(instance.exports as unknown as KernelExports, memory, chosen, shared ? module : null);
  current ??= kernels;
  return kernels;
}

const teams = new WeakMap<Kernels, Promise<Kernels>>();

/** Grows the team to `helpers` workers, once (more are never taken away). */
function withTeam(k: Kernels, helpers: number): Promise<Kernels> {
  if (!k.module || (k.team && k.team.size >= helpers)) return Promise.resolve(k);
  const pending = teams.get(k);
  if (pending) return pending.then((done) => (done.team && done.team.size >= helpers ? done : withTeam(done, helpers)));
  const p = Team.create(k.module, k.memory, helpers, k.arena.alloc(16)).then((team) => {
    if (team) k.team = team;
    teams.delete(k);
    return k;
  });
  teams.set(k, p);
  return p;
}
