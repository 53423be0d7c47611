/**
 * The WebAssembly predictor: one block of the arena, laid out once, and one call
 * into predict_rows (kernels: assembly/predict.ts) per ROWS rows.
 *
 *   ┌──────────────────┬───────────────────┬──────────────────────────────┐
 *   │ X: ROWS × s_1    │ Out: ROWS × s_n   │ work: predict_work_bytes     │
 *   └──────────────────┴───────────────────┴──────────────────────────────┘
 *
 * A call copies the rows into X, runs the forward pass (which checks X for
 * non-finite values first, in the kernels' memory) and copies Out to the caller's
 * array: no allocation, no conversion, nothing checked twice. The weights are read
 * in place in θ, so the predictor always sees the network's current parameters.
 */
import { fail } from '../errors.js';
import { checkRun, copyRows, throwNonFinite, type Predictor } from '../predictor.js';
import { align } from './arena.js';
import type { Kernels } from './kernels.js';

/** Rows per call into the kernels: the forward pass reads W once for this many rows. */
export const ROWS = 64;

export class WasmPredictor implements Predictor {
  readonly inputs: number;
  readonly outputs: number;
  private readonly X: number;
  private readonly Out: number;
  private readonly work: number;
  /** Bytes of the arena it holds. */
  readonly bytes: number;
  private live = true;

  constructor(
    private readonly k: Kernels,
    /** The network's descriptor (its address never changes while the network lives). */
    private readonly desc: number,
    layers: readonly number[],
    private readonly onDispose: (p: WasmPredictor) => void,
    /**
     * Whether the network is still there (its dispose() may come while it trains,
     * before its memory is freed), and the network itself: held so that it is not
     * garbage-collected, and its memory freed, while this predictor reads it.
     */
    private readonly owner: { alive: () => boolean; network?: object } = { alive: () => true },
  ) {
    this.inputs = layers[0]!;
    this.outputs = layers[layers.length - 1]!;
    const x = align(ROWS * this.inputs * 4);
    const out = align(ROWS * this.outputs * 4);
    this.bytes = x + out + k.exports.predict_work_bytes(desc, ROWS);
    this.X = k.arena.alloc(this.bytes);
    this.Out = this.X + x;
    this.work = this.Out + out;
  }

  run(input: ArrayLike<number>, output?: Float32Array): Float32Array {
    if (!this.live || !this.owner.alive()) fail('DISPOSED', 'this predictor or its network was disposed');
    const { rows, output: out } = checkRun(input, output, this.inputs, this.outputs);
    const { inputs, outputs } = this;
    for (let first = 0; first < rows; first += ROWS) {
      const n = Math.min(ROWS, rows - first);
      copyRows(input, first * inputs, n * inputs, this.k.f32, this.X >>> 2, inputs);
      if (this.k.exports.predict_rows(this.desc, this.X, this.Out, n, this.work) === 0) throwNonFinite(this.k.read(this.X, n * inputs), inputs, first);
      // Element by element: a subarray view for set() would be an allocation per call.
      const f32 = this.k.f32;
      const from = this.Out >>> 2;
      const to = first * outputs;
      for (let i = 0; i < n * outputs; i++) out[to + i] = f32[from + i]!;
    }
    return out;
  }

  dispose(): void {
    if (!this.live) return;
    this.live = false;
    this.k.arena.release(this.X, this.bytes);
    this.onDispose(this);
  }
}
