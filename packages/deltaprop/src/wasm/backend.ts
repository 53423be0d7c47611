/**
 * The WebAssembly backend: a network is a few blocks of the shared linear memory
 * and a descriptor that tells the fused kernels where they are.
 *
 *   core   ┌────────────┬──────────────────────────────┬──────────────────────┐
 *          │ descriptor │ θ: W^(2) b^(2) W^(3) b^(3) … │ ∂E/∂θ, same layout   │
 *          └────────────┴──────────────────────────────┴──────────────────────┘
 *   state  ┌──────────────────────┬──────────────────────┐   only for optimizers
 *          │ m (velocity, mean²)  │ v (Adam)             │   that keep state
 *          └──────────────────────┴──────────────────────┘
 *   work   ┌─────────┬──────────┬────────┬────────┬─────┐   `capacity` rows each
 *          │ T^(1)   │ Y        │ T^(2)  │ Δ^(2)  │ …   │
 *          └─────────┴──────────┴────────┴────────┴─────┘
 *
 * Every array starts on a 16-byte boundary (each W and b is padded to a multiple of
 * four floats; the padding is zero and stays zero). θ is one vector so that an
 * optimizer step is one kernel call over all parameters.
 */
import { LayerSlot, Slot } from '@deltaprop/kernels';
import type { Backend, BackendState, EpochsResult, TrainingSession } from '../backend.js';
import { activationCodes, lossCodes, type Spec, type TrainPlan } from '../spec.js';
import { deriveSeed } from '../random.js';
import type { Gradients, Parameters } from '../types.js';
import { align } from './arena.js';
import { checkFinite } from '../data.js';
import { DeltapropError, fail } from '../errors.js';
import type { Kernels } from './kernels.js';
import { ROWS, WasmPredictor } from './predictor.js';

const pad4 = (n: number) => Math.ceil(n / 4) * 4;
const DEFAULT_CAPACITY = 64;

interface Block {
  at: number;
  bytes: number;
}

export class WasmBackend implements Backend {
  readonly engine;
  private readonly k: Kernels;
  private readonly L: number;
  private readonly desc: number;
  /** Byte offsets of W^(l+1) and b^(l+1) inside θ (add grad − θ for the gradient). */
  private readonly wAt: number[] = [];
  private readonly bAt: number[] = [];
  private readonly theta: number;
  private readonly grad: number;
  private readonly thetaLength: number;
  private core: Block;
  private state: Block | null = null;
  private stateType: string | null = null;
  private work: Block | null = null;
  private capacity = 0;
  /** Whether the work block holds dropout masks for the hidden layers. */
  private masks = false;
  /** Predictors made for this network (freed with it), and the one predict uses for few rows. */
  private readonly predictors = new Set<WasmPredictor>();
  private few: WasmPredictor | null = null;

  constructor(
    kernels: Kernels,
    readonly spec: Spec,
    initial: Parameters,
    private readonly seed: number,
    /** Threads that train together (1: this thread alone). */
    readonly threads = 1,
  ) {
    this.k = kernels;
    this.engine = kernels.variant === 'relaxed-simd' ? ('wasm-relaxed-simd' as const) : ('wasm-simd' as const);
    const { layers } = spec;
    this.L = layers.length - 1;
    const descBytes = align((Slot.Header + this.L * LayerSlot.Stride) * 4);
    let floats = 0;
    for (let l = 0; l < this.L; l++) {
      this.wAt.push(floats);
      floats += pad4(layers[l]! * layers[l + 1]!);
      this.bAt.push(floats);
      floats += pad4(layers[l + 1]!);
    }
    this.thetaLength = floats;
    this.core = this.alloc(descBytes + 2 * floats * 4);
    this.desc = this.core.at;
    this.theta = this.desc + descBytes;
    this.grad = this.theta + floats * 4;
    for (let l = 0; l < this.L; l++) {
      this.wAt[l] = this.theta + this.wAt[l]! * 4;
      this.bAt[l] = this.theta + this.bAt[l]! * 4;
    }
    this.setWord(Slot.Layers, this.L);
    this.setWord(Slot.Loss, lossCodes[spec.loss]);
    this.setWord(Slot.Scratch, kernels.scratch);
    this.setWord(Slot.Theta, this.theta);
    this.setWord(Slot.Grad, this.grad);
    this.setWord(Slot.ThetaLength, floats);
    this.setWord(Slot.Rng, deriveSeed(seed, 1));
    this.setWord(Slot.DropoutRng, deriveSeed(seed, 2));
    for (let l = 0; l < this.L; l++) {
      this.setField(l, LayerSlot.In, layers[l]!);
      this.setField(l, LayerSlot.Out, layers[l + 1]!);
      this.setField(l, LayerSlot.Activation, activationCodes[spec.activation[l]!]);
      this.setField(l, LayerSlot.W, this.wAt[l]!);
      this.setField(l, LayerSlot.B, this.bAt[l]!);
      this.setField(l, LayerSlot.GradW, this.wAt[l]! - this.theta + this.grad);
      this.setField(l, LayerSlot.GradB, this.bAt[l]! - this.theta + this.grad);
    }
    this.setParameters(initial);
    this.ensureCapacity(DEFAULT_CAPACITY);
  }

  /** A block of the arena, zeroed unless the caller overwrites all of it (`zero` false). */
  private alloc(bytes: number, zero = true): Block {
    const at = this.k.arena.alloc(bytes);
    if (zero) this.k.u32.fill(0, at >>> 2, (at + align(bytes)) >>> 2);
    return { at, bytes };
  }

  private free(block: Block | null): void {
    if (block) this.k.arena.release(block.at, block.bytes);
  }

  private setWord(slot: number, value: number, desc = this.desc): void {
    this.k.u32[(desc >>> 2) + slot] = value;
  }

  private word(slot: number): number {
    return this.k.u32[(this.desc >>> 2) + slot]!;
  }

  private setReal(slot: number, value: number, desc = this.desc): void {
    this.k.f32[(desc >>> 2) + slot] = value;
  }

  private setField(l: number, slot: number, value: number, desc = this.desc): void {
    this.setWord(Slot.Header + l * LayerSlot.Stride + slot, value, desc);
  }

  private field(l: number, slot: number): number {
    return this.word(Slot.Header + l * LayerSlot.Stride + slot);
  }

  /**
   * Makes the work block hold at least `rows` rows of every activation and δ (and,
   * with `masks`, the dropout mask and dropped output of every hidden layer).
   */
  private ensureCapacity(wanted: number, masks = this.masks): void {
    if (wanted <= this.capacity && (masks === this.masks || !masks)) return;
    const rows = Math.max(wanted, this.capacity);
    const work = this.layWork(this.desc, rows, masks); // throws before anything changed
    this.free(this.work);
    this.work = work;
    this.capacity = rows;
    this.masks = masks;
  }

  /** Allocates a work block of `rows` rows and points the descriptor `desc` at it. */
  private layWork(desc: number, rows: number, masks: boolean): Block {
    const { layers } = this.spec;
    const sizes = [layers[0]!, layers[this.L]!];
    for (let l = 0; l < this.L; l++) sizes.push(layers[l + 1]!, layers[l + 1]!);
    if (masks) for (let l = 0; l + 1 < this.L; l++) sizes.push(layers[l + 1]!, layers[l + 1]!);
    const work = this.alloc(sizes.reduce((s, n) => s + align(rows * n * 4), 0));
    let at = work.at;
    const next = (n: number) => {
      const here = at;
      at += align(rows * n * 4);
      return here;
    };
    this.setWord(Slot.Input, next(layers[0]!), desc);
    this.setWord(Slot.Target, next(layers[this.L]!), desc);
    for (let l = 0; l < this.L; l++) {
      this.setField(l, LayerSlot.T, next(layers[l + 1]!), desc);
      this.setField(l, LayerSlot.Delta, next(layers[l + 1]!), desc);
    }
    for (let l = 0; l + 1 < this.L; l++) {
      this.setField(l, LayerSlot.Mask, masks ? next(layers[l + 1]!) : 0, desc);
      this.setField(l, LayerSlot.Dropped, masks ? next(layers[l + 1]!) : 0, desc);
    }
    this.setWord(Slot.BatchCapacity, rows, desc);
    return work;
  }

  /**
   * The descriptors of threads 1 … T − 1 of a team: copies of this network's with
   * their own work block (a share of a batch), packing scratch, row index and dropout
   * stream, and the shared θ, gradient and optimizer state (team.ts in the kernels).
   */
  private teamDescriptors(threads: number, batchSize: number, rows: number, masks: boolean, blocks: Block[], training = true): { descs: number[]; idx: number[] } {
    const descBytes = this.theta - this.desc;
    const descs = [this.desc];
    const idx: number[] = [];
    const keep = (block: Block) => (blocks.push(block), block.at);
    for (let u = 1; u < threads; u++) {
      const desc = keep(this.alloc(descBytes));
      this.k.u32.copyWithin(desc >>> 2, this.desc >>> 2, (this.desc + descBytes) >>> 2);
      if (training) {
        // The gradient stays this network's: each thread writes its own share of it.
        this.setWord(Slot.DropoutRng, deriveSeed(this.seed, 2 + u), desc);
        const order = keep(this.alloc(rows * 4, false));
        const u32 = this.k.u32;
        for (let i = 0; i < rows; i++) u32[(order >>> 2) + i] = i;
        idx.push(order);
      }
      blocks.push(this.layWork(desc, Math.ceil(batchSize / threads), masks));
      this.setWord(Slot.Scratch, keep(this.alloc(this.k.exports.scratch_bytes())), desc);
      descs.push(desc);
    }
    return { descs, idx };
  }

  getParameters(): Parameters {
    const { layers } = this.spec;
    return {
      weights: this.wAt.map((at, l) => this.k.read(at, layers[l]! * layers[l + 1]!)),
      biases: this.bAt.map((at, l) => this.k.read(at, layers[l + 1]!)),
    };
  }

  setParameters(p: Parameters): void {
    p.weights.forEach((w, l) => this.k.write(this.wAt[l]!, w));
    p.biases.forEach((b, l) => this.k.write(this.bAt[l]!, b));
  }

  /** Runs `body` with `data` copied into temporary blocks, freed afterwards. */
  private withData<T>(data: (Float32Array | Uint32Array | number)[], body: (at: number[]) => T): T {
    const blocks: Block[] = [];
    try {
      for (const d of data) {
        const block = this.k.arena.alloc(typeof d === 'number' ? d * 4 : d.byteLength);
        blocks.push({ at: block, bytes: typeof d === 'number' ? d * 4 : d.byteLength });
        if (d instanceof Float32Array) this.k.f32.set(d, block >>> 2);
        else if (d instanceof Uint32Array) this.k.u32.set(d, block >>> 2);
      }
      return body(blocks.map((b) => b.at));
    } finally {
      for (const b of blocks) this.k.arena.release(b.at, b.bytes);
    }
  }

  /** A predictor over this network's θ (see wasm/predictor.ts). */
  predictor(): WasmPredictor {
    const p = new WasmPredictor(this.k, this.desc, this.spec.layers, (q) => this.predictors.delete(q));
    this.predictors.add(p);
    return p;
  }

  predict(x: Float32Array, rows: number): Float32Array {
    if (rows <= ROWS) return this.predictFew(x);
    const sn = this.spec.layers[this.L]!;
    const team = this.k.team;
    // Rows are independent: a team splits them, when each thread gets whole chunks.
    const threads = team && rows >= 2 * this.capacity ? Math.min(this.threads, team.size + 1) : 1;
    return this.withData([x, rows * sn], ([X, Out]) => {
      if (!this.finite(X!, x)) this.throwNonFinite(x);
      if (threads > 1) {
        const blocks: Block[] = [];
        try {
          const { descs } = this.teamDescriptors(threads, this.capacity * threads, 0, false, blocks, false);
          team!.run('predict_batch', descs.slice(1).map((desc, u) => [desc, X!, Out!, rows, u + 1, threads]));
          this.k.exports.predict_batch(this.desc, X!, Out!, rows, 0, threads);
          team!.join();
        } finally {
          for (const b of blocks) this.k.arena.release(b.at, b.bytes);
        }
      } else {
        this.k.exports.predict_batch(this.desc, X!, Out!, rows, 0, 1);
      }
      return this.k.read(Out!, rows * sn);
    });
  }

  /** A few rows: the forward pass of the predictor, which gives the same bits as the batch path. */
  private predictFew(x: Float32Array): Float32Array {
    this.few ??= this.predictor();
    try {
      return this.few.run(x);
    } catch (e) {
      if (e instanceof DeltapropError && e.code === 'NON_FINITE') this.throwNonFinite(x);
      throw e;
    }
  }

  gradients(x: Float32Array, y: Float32Array, rows: number): Gradients {
    const { layers } = this.spec;
    return this.withData([x, y], ([X, Y]) => {
      if (!this.finite(X!, x, Y!, y)) this.throwNonFinite(x, y);
      const loss = this.k.exports.gradients(this.desc, X!, Y!, rows);
      const g = this.grad - this.theta;
      return {
        loss,
        weights: this.wAt.map((at, l) => this.k.read(at + g, layers[l]! * layers[l + 1]!)),
        biases: this.bAt.map((at, l) => this.k.read(at + g, layers[l + 1]!)),
      };
    });
  }

  evaluate(x: Float32Array, y: Float32Array, rows: number): { loss: number; correct: number } {
    return this.withData([x, y], ([X, Y]) => {
      const loss = this.k.exports.evaluate(this.desc, X!, Y!, rows, 0);
      return { loss, correct: this.word(Slot.Correct) };
    });
  }

  readonly checksData = true;

  startTraining(x: Float32Array, y: Float32Array, rows: number, plan: TrainPlan): TrainingSession {
    // The rows first, before anything changes: one block for what every call needs —
    // X, Y, the row order and the epoch figures (all written before they are read: no
    // zeroing) — and the check that X and Y are finite, made there.
    const blocks: Block[] = [];
    const release = () => {
      for (const b of blocks) this.k.arena.release(b.at, b.bytes);
      blocks.length = 0;
    };
    const sizes = [x.byteLength, y.byteLength, rows * 4, plan.epochs * 4, plan.epochs * 4].map(align);
    const block = this.alloc(sizes[0]! + sizes[1]! + sizes[2]! + sizes[3]! + sizes[4]!, false);
    blocks.push(block);
    const X = block.at;
    const Y = X + sizes[0]!;
    const idx = Y + sizes[1]!;
    const lossOut = idx + sizes[2]!;
    const correctOut = lossOut + sizes[3]!;
    this.k.f32.set(x, X >>> 2);
    this.k.f32.set(y, Y >>> 2);
    if (!this.finite(X, x, Y, y)) {
      release();
      this.throwNonFinite(x, y);
    }
    const u32 = this.k.u32;
    for (let i = 0; i < rows; i++) u32[(idx >>> 2) + i] = i;

    const opt = plan.optimizer;
    const dropout = plan.dropout.some((p) => p > 0);
    // A team only pays when every thread gets rows of every batch; this thread then
    // holds its share of a batch, not all of it.
    const team = this.k.team;
    const threads = team && plan.batchSize >= 2 * this.threads ? Math.min(this.threads, team.size + 1) : 1;
    try {
      this.ensureCapacity(Math.ceil(plan.batchSize / threads), dropout || this.masks);
    } catch (e) {
      release();
      throw e;
    }
    plan.dropout.forEach((p, l) => this.setReal(Slot.Header + l * LayerSlot.Stride + LayerSlot.Dropout, p));
    const needsState = opt.type !== 'sgd';
    if (needsState && this.stateType !== opt.type) {
      let state: Block;
      try {
        state = this.state ?? this.alloc(2 * this.thetaLength * 4);
      } catch (e) {
        release();
        throw e;
      }
      this.k.u32.fill(0, state.at >>> 2, (state.at >>> 2) + 2 * this.thetaLength);
      this.state = state;
      this.stateType = opt.type;
      this.setWord(Slot.Moment1, state.at);
      this.setWord(Slot.Moment2, state.at + this.thetaLength * 4);
      this.setWord(Slot.Step, 0);
    }
    this.setWord(Slot.Optimizer, opt.code);
    this.setReal(Slot.Beta1, opt.beta1);
    this.setReal(Slot.Beta2, opt.beta2);
    this.setReal(Slot.Epsilon, opt.epsilon);
    this.setReal(Slot.WeightDecay, plan.weightDecay);
    this.setWord(Slot.Shuffle, plan.shuffle ? 1 : 0);
    let teamBlock = 0;
    let helpers: { descs: number[]; idx: number[] } = { descs: [this.desc], idx: [] };
    if (threads > 1) {
      try {
        helpers = this.teamDescriptors(threads, plan.batchSize, rows, dropout, blocks);
        const words = this.alloc((4 + 4 * threads + threads) * 4);
        blocks.push(words);
        teamBlock = words.at;
        this.k.u32.set(helpers.descs, (teamBlock >>> 2) + 4 + 4 * threads);
      } catch (e) {
        release();
        throw e;
      }
    }
    return {
      run: (epochs: number, learningRate: number): EpochsResult => {
        for (const desc of helpers.descs) this.setReal(Slot.LearningRate, learningRate, desc);
        let status: number;
        if (threads > 1) {
          const args = (t: number, order: number) => [helpers.descs[t]!, X, Y, order, rows, plan.batchSize, epochs, lossOut, correctOut, teamBlock, t, threads];
          team!.run('train_epochs_team', helpers.idx.map((order, u) => [...args(u + 1, order), 1]));
          status = this.k.exports.train_epochs_team(...(args(0, idx) as [number, number, number, number, number, number, number, number, number, number, number, number]), team!.mainCanWait ? 1 : 0);
          team!.join();
        } else {
          status = this.k.exports.train_epochs(this.desc, X, Y, idx, rows, plan.batchSize, epochs, lossOut, correctOut);
        }
        const completed = status >= 0 ? status : this.word(Slot.FailedEpoch);
        // Copies, not views: the arena may move or reuse the blocks.
        const result: EpochsResult = {
          completed,
          losses: this.k.f32.slice(lossOut >>> 2, (lossOut >>> 2) + completed),
          correct: this.k.u32.slice(correctOut >>> 2, (correctOut >>> 2) + completed),
        };
        if (status < 0) result.diverged = { epoch: completed, batch: threads > 1 ? -1 : -1 - status };
        return result;
      },
      end: release,
    };
  }

  /** Whether the rows copied to X (and Y) are all finite. */
  private finite(X: number, x: Float32Array, Y = 0, y: Float32Array | null = null): boolean {
    return this.k.exports.all_finite(X, x.length) !== 0 && (y === null || this.k.exports.all_finite(Y, y.length) !== 0);
  }

  /** Throws NON_FINITE naming the first value of x (then y) that is not finite. */
  private throwNonFinite(x: Float32Array, y: Float32Array | null = null): never {
    checkFinite(x, this.spec.layers[0]!, 'inputs');
    if (y) checkFinite(y, this.spec.layers[this.L]!, 'targets');
    fail('NON_FINITE', 'the inputs or targets hold a value that is not finite');
  }

  saveState(): BackendState {
    const theta = this.k.read(this.theta, this.thetaLength);
    const state = this.state && this.stateType ? this.k.read(this.state.at, 2 * this.thetaLength) : null;
    const stateType = this.stateType;
    const rng = this.word(Slot.Rng);
    const dropoutRng = this.word(Slot.DropoutRng);
    const step = this.word(Slot.Step);
    return {
      restore: () => {
        this.k.write(this.theta, theta);
        if (state && this.state) this.k.write(this.state.at, state);
        this.stateType = state ? stateType : null;
        this.setWord(Slot.Rng, rng);
        this.setWord(Slot.DropoutRng, dropoutRng);
        this.setWord(Slot.Step, step);
      },
    };
  }

  memory(): { network: number; linear: number } {
    let held = [this.core, this.state, this.work].reduce((sum, b) => sum + (b ? align(b.bytes) : 0), 0);
    for (const p of this.predictors) held += align(p.bytes);
    return { network: held, linear: this.k.memory.buffer.byteLength };
  }

  locateNonFinite(): number {
    const { layers } = this.spec;
    const bad = (at: number, n: number) => this.k.exports.all_finite(at, n) === 0;
    for (let l = 0; l < this.L; l++) {
      if (bad(this.wAt[l]!, layers[l]! * layers[l + 1]!) || bad(this.bAt[l]!, layers[l + 1]!)) return l + 1;
      if (bad(this.field(l, LayerSlot.T), this.capacity * layers[l + 1]!)) return l + 1;
    }
    return 0;
  }

  dispose(): void {
    for (const p of [...this.predictors]) p.dispose();
    this.free(this.work);
    this.free(this.state);
    this.free(this.core);
    this.work = this.state = null;
  }
}
