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
import { type Backend, type BackendState, type EpochsResult, MAX_EPOCHS_PER_RUN, type TrainingSession } from '../backend.js';
import { activationCodes, lossCodes, optimizers } from '../families/index.js';
import type { Spec, TrainPlan } from '../spec.js';
import { deriveSeed } from '../random.js';
import { parameterShapes, type LayerShape } from '../shapes.js';
import type { Gradients, Parameters } from '../types.js';
import { align, Blocks } from './arena.js';
import { checkFinite } from '../data.js';
import { DeltapropError, fail } from '../errors.js';
import { Descriptor } from './descriptor.js';
import type { Kernels } from './kernels.js';
import type { Team } from './team.js';
import { ROWS, WasmPredictor } from './predictor.js';

const pad4 = (n: number) => Math.ceil(n / 4) * 4;
const DEFAULT_CAPACITY = 64;

interface Block {
  at: number;
  bytes: number;
}

/** Where a training session's rows and figures are, in its one block. */
interface SessionData {
  X: number;
  Y: number;
  /** The row order (uint32), shuffled in place. */
  idx: number;
  /** Each epoch's mean loss (float32). */
  lossOut: number;
  /** Each epoch's count of rows classified right (int32). */
  correctOut: number;
}

/** The other threads of a team: their descriptors and row orders, and the team's block of shared words. */
interface Helpers {
  descs: Descriptor[];
  idx: number[];
  teamBlock: number;
}

export class WasmBackend implements Backend {
  readonly engine;
  private readonly k: Kernels;
  private readonly L: number;
  private readonly shapes: LayerShape[];
  private readonly desc: Descriptor;
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
  /** Layers whose activation takes f' from u: the forward pass keeps u for them (a U buffer). */
  private readonly keepsU: boolean[];
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
    this.shapes = parameterShapes(spec.layers);
    this.L = this.shapes.length;
    this.keepsU = spec.activation.map((name) => kernels.exports.keeps_u(activationCodes[name]) !== 0);
    const descBytes = align(Descriptor.bytes(this.L));
    let floats = 0;
    for (const shape of this.shapes) {
      this.wAt.push(floats);
      floats += pad4(shape.weights);
      this.bAt.push(floats);
      floats += pad4(shape.biases);
    }
    this.thetaLength = floats;
    this.core = this.alloc(descBytes + 2 * floats * 4);
    this.desc = new Descriptor(kernels, this.core.at);
    this.theta = this.core.at + descBytes;
    this.grad = this.theta + floats * 4;
    for (let l = 0; l < this.L; l++) {
      this.wAt[l] = this.theta + this.wAt[l]! * 4;
      this.bAt[l] = this.theta + this.bAt[l]! * 4;
    }
    this.desc.set({
      layers: this.L,
      loss: lossCodes[spec.loss],
      scratch: kernels.scratch,
      theta: this.theta,
      grad: this.grad,
      thetaLength: floats,
      rng: deriveSeed(seed, 1),
      dropoutRng: deriveSeed(seed, 2),
    });
    const toGrad = this.grad - this.theta;
    this.shapes.forEach((shape, l) =>
      this.desc.setLayer(l, {
        in: shape.inputs,
        out: shape.outputs,
        activation: activationCodes[spec.activation[l]!],
        W: this.wAt[l]!,
        b: this.bAt[l]!,
        gradW: this.wAt[l]! + toGrad,
        gradB: this.bAt[l]! + toGrad,
      }),
    );
    this.setParameters(initial);
    this.ensureCapacity(DEFAULT_CAPACITY);
  }

  /** A block of the arena, zeroed unless the caller overwrites all of it (`zero` false). */
  private alloc(bytes: number, zero = true): Block {
    const at = this.k.arena.alloc(bytes);
    if (zero) this.k.arena.zero(at, bytes);
    return { at, bytes };
  }

  private free(block: Block | null): void {
    if (block) this.k.arena.release(block.at, block.bytes);
  }

  /**
   * Makes the work block hold at least `rows` rows of every activation and δ (and,
   * with `masks`, the dropout mask and dropped output of every hidden layer).
   */
  private ensureCapacity(wanted: number, masks = this.masks): void {
    if (wanted <= this.capacity && (masks === this.masks || !masks)) return;
    const rows = Math.max(wanted, this.capacity);
    const work = this.alloc(this.workBytes(rows, masks)); // throws before anything changed
    this.layWork(this.desc, work.at, rows, masks);
    this.free(this.work);
    this.work = work;
    this.capacity = rows;
    this.masks = masks;
  }

  /**
   * The arrays of a work block of `rows` rows, in floats per row: T^(1), Y, then T and
   * Δ of every layer, then the masks, then U of the layers that keep u.
   */
  private workRows(masks: boolean): number[] {
    const widths = [this.spec.layers[0]!, this.spec.layers[this.L]!];
    for (const shape of this.shapes) widths.push(shape.outputs, shape.outputs);
    if (masks) for (const shape of this.shapes.slice(0, -1)) widths.push(shape.outputs, shape.outputs);
    this.shapes.forEach((shape, l) => this.keepsU[l] && widths.push(shape.outputs));
    return widths;
  }

  private workBytes(rows: number, masks: boolean): number {
    return this.workRows(masks).reduce((sum, n) => sum + align(rows * n * 4), 0);
  }

  /** Points descriptor `desc` at a work block of `rows` rows at byte `at` (workBytes long). */
  private layWork(desc: Descriptor, at: number, rows: number, masks: boolean): void {
    const next = (n: number) => {
      const here = at;
      at += align(rows * n * 4);
      return here;
    };
    desc.set({ input: next(this.spec.layers[0]!), target: next(this.spec.layers[this.L]!), batchCapacity: rows });
    this.shapes.forEach((shape, l) => desc.setLayer(l, { T: next(shape.outputs), delta: next(shape.outputs) }));
    this.shapes
      .slice(0, -1)
      .forEach((shape, l) => desc.setLayer(l, masks ? { mask: next(shape.outputs), dropped: next(shape.outputs) } : { mask: 0, dropped: 0 }));
    this.shapes.forEach((shape, l) => desc.setLayer(l, { U: this.keepsU[l] ? next(shape.outputs) : 0 }));
  }

  /**
   * The descriptors of threads 1 … P − 1 of a team: copies of this network's with
   * their own packing scratch, row index and dropout stream, the shared θ, gradient
   * and optimizer state (team.ts in the kernels), and in prediction a work block of
   * their own (a share of the rows).
   * Their blocks belong to `blocks`.
   */
  private teamDescriptors(
    threads: number,
    batchSize: number,
    rows: number,
    masks: boolean,
    blocks: Blocks,
    training = true,
  ): { descs: Descriptor[]; idx: number[] } {
    const descs = [this.desc];
    const idx: number[] = [];
    const share = Math.ceil(batchSize / threads);
    for (let thread = 1; thread < threads; thread++) {
      const desc = this.desc.copyTo(blocks.take(Descriptor.bytes(this.L)), this.L);
      if (training) {
        // The gradient stays this network's: each thread writes its own share of it.
        desc.set({ dropoutRng: deriveSeed(this.seed, 2 + thread) });
        const order = blocks.take(rows * 4, false);
        this.k.u32.set(identity(rows), order >>> 2);
        idx.push(order);
      }
      // In training the lead lends each thread its rows of the batch (team.ts, lendRows).
      if (!training) this.layWork(desc, blocks.take(this.workBytes(share, masks)), share, masks);
      desc.set({ scratch: blocks.take(this.k.exports.scratch_bytes()) });
      descs.push(desc);
    }
    return { descs, idx };
  }

  getParameters(): Parameters {
    return {
      weights: this.wAt.map((at, l) => this.k.read(at, this.shapes[l]!.weights)),
      biases: this.bAt.map((at, l) => this.k.read(at, this.shapes[l]!.biases)),
    };
  }

  setParameters(p: Parameters): void {
    p.weights.forEach((w, l) => this.k.write(this.wAt[l]!, w));
    p.biases.forEach((b, l) => this.k.write(this.bAt[l]!, b));
  }

  /** Runs `body` with `data` copied into temporary blocks (a number: that many floats, unset), freed afterwards. */
  private withData<T>(data: (Float32Array | number)[], body: (at: number[], blocks: Blocks) => T): T {
    const blocks = new Blocks(this.k.arena);
    try {
      const at = data.map((d) => {
        const block = blocks.take(typeof d === 'number' ? d * 4 : d.byteLength, false);
        if (typeof d !== 'number') this.k.f32.set(d, block >>> 2);
        return block;
      });
      return body(at, blocks);
    } finally {
      blocks.release();
    }
  }

  /** A predictor over this network's θ (see wasm/predictor.ts); `owner` as WasmPredictor takes it. */
  predictor(owner?: ConstructorParameters<typeof WasmPredictor>[4]): WasmPredictor {
    const p = new WasmPredictor(this.k, this.desc.at, this.spec.layers, (q) => this.predictors.delete(q), owner);
    this.predictors.add(p);
    return p;
  }

  predict(x: Float32Array, rows: number): Float32Array {
    if (rows <= ROWS) return this.predictFew(x);
    const sn = this.spec.layers[this.L]!;
    const team = this.k.team;
    // Rows are independent: a team shares them out, when each thread gets whole chunks.
    const threads = team && rows >= 2 * this.capacity ? Math.min(this.threads, team.size + 1) : 1;
    if (threads > 1) return this.predictOnTeam(team!, threads, x, rows);
    return this.withData([x, rows * sn], ([X, Out]) => {
      if (!this.finite(X!, x)) this.throwNonFinite(x);
      this.k.exports.predict_batch(this.desc.at, X!, Out!, rows, 0, rows);
      return this.k.read(Out!, rows * sn);
    });
  }

  /**
   * Batch prediction on a team (predict_team in the kernels): the helpers start on the
   * first chunk of rows while this thread copies in the rest, chunk by chunk, then
   * this thread joins them. Each chunk is checked where it is computed.
   */
  private predictOnTeam(team: Team, threads: number, x: Float32Array, rows: number): Float32Array {
    const s1 = this.spec.layers[0]!;
    const sn = this.spec.layers[this.L]!;
    return this.withData([x.length, rows * sn], ([X, Out], blocks) => {
      const { descs } = this.teamDescriptors(threads, this.capacity * threads, 0, false, blocks, false);
      const words = blocks.take(16); // next chunk, rows copied in, a value not finite
      team.run(
        'predict_team',
        descs.slice(1).map((desc) => [desc.at, X!, Out!, rows, words]),
      );
      for (let r = 0; r < rows; r += this.capacity) {
        const end = Math.min(rows, r + this.capacity);
        this.k.f32.set(x.subarray(r * s1, end * s1), (X! >>> 2) + r * s1);
        team.publish(words + 4, end);
      }
      this.k.exports.predict_team(this.desc.at, X!, Out!, rows, words);
      team.join();
      if (this.k.u32[(words >>> 2) + 2]) this.throwNonFinite(x);
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
    return this.withData([x, y], ([X, Y]) => {
      if (!this.finite(X!, x, Y!, y)) this.throwNonFinite(x, y);
      const loss = this.k.exports.gradients(this.desc.at, X!, Y!, rows);
      const toGrad = this.grad - this.theta;
      return {
        loss,
        weights: this.wAt.map((at, l) => this.k.read(at + toGrad, this.shapes[l]!.weights)),
        biases: this.bAt.map((at, l) => this.k.read(at + toGrad, this.shapes[l]!.biases)),
      };
    });
  }

  evaluate(x: Float32Array, y: Float32Array, rows: number): { loss: number; correct: number } {
    return this.withData([x, y], ([X, Y]) => {
      const loss = this.k.exports.evaluate(this.desc.at, X!, Y!, rows, 0);
      return { loss, correct: this.desc.get('correct') };
    });
  }

  readonly checksData = true;

  /**
   * Everything a session allocates belongs to one Blocks, released by end() — or
   * here, if anything fails before the session starts (no rows left behind, and
   * the network as it was: the descriptor is only written after the last check).
   */
  startTraining(x: Float32Array, y: Float32Array, rows: number, plan: TrainPlan): TrainingSession {
    const blocks = new Blocks(this.k.arena);
    try {
      const data = this.copyRows(x, y, rows, Math.min(plan.epochs, MAX_EPOCHS_PER_RUN), blocks);
      // Row weights (class and sample weights) beside the rows; the kernels weigh a
      // batch's rows on one thread (a team's threads each see only their share of it).
      const weights = plan.weights ? blocks.take(rows * 4, false) : 0;
      if (plan.weights) this.k.f32.set(plan.weights, weights >>> 2);
      // A team only pays when every thread gets rows of every batch; this thread (the
      // team's lead) holds a whole batch, the others write their rows into its arrays.
      const team = this.k.team;
      const threads = team && !weights && plan.batchSize >= 2 * this.threads ? Math.min(this.threads, team.size + 1) : 1;
      const dropout = plan.dropout.some((p) => p > 0);
      this.ensureCapacity(plan.batchSize, dropout || this.masks);
      this.prepareOptimizer(plan);
      const helpers = threads > 1 ? this.startTeam(threads, plan.batchSize, rows, dropout, blocks) : null;
      this.desc.set({ weights });
      return {
        run: (epochs, learningRate) => this.runEpochs(data, rows, plan.batchSize, epochs, learningRate, helpers),
        end: () => {
          this.desc.set({ weights: 0 });
          blocks.release();
        },
      };
    } catch (e) {
      blocks.release();
      throw e;
    }
  }

  /**
   * One block for what every call of a session needs — X, Y, the row order and the
   * epoch figures (all written before they are read: no zeroing) — and the check
   * that X and Y are finite, made there.
   */
  private copyRows(x: Float32Array, y: Float32Array, rows: number, epochs: number, blocks: Blocks): SessionData {
    const sizes = [x.byteLength, y.byteLength, rows * 4, epochs * 4, epochs * 4].map(align);
    const X = blocks.take(
      sizes.reduce((a, b) => a + b, 0),
      false,
    );
    const Y = X + sizes[0]!;
    const idx = Y + sizes[1]!;
    const lossOut = idx + sizes[2]!;
    const correctOut = lossOut + sizes[3]!;
    this.k.f32.set(x, X >>> 2);
    this.k.f32.set(y, Y >>> 2);
    if (!this.finite(X, x, Y, y)) this.throwNonFinite(x, y);
    this.k.u32.set(identity(rows), idx >>> 2);
    return { X, Y, idx, lossOut, correctOut };
  }

  /** The optimizer's state (kept while the optimizer stays the same) and hyper-parameters, and the dropout rates. */
  private prepareOptimizer(plan: TrainPlan): void {
    const opt = plan.optimizer;
    if (optimizers[opt.type].moments > 0 && this.stateType !== opt.type) {
      const state = this.state ?? this.alloc(2 * this.thetaLength * 4);
      this.k.arena.zero(state.at, state.bytes);
      this.state = state;
      this.stateType = opt.type;
      this.desc.set({ moment1: state.at, moment2: state.at + this.thetaLength * 4, step: 0 });
    }
    plan.dropout.forEach((p, l) => this.desc.setLayer(l, { dropout: p }));
    this.desc.set({
      optimizer: opt.code,
      beta1: opt.beta1,
      beta2: opt.beta2,
      epsilon: opt.epsilon,
      weightDecay: plan.weightDecay,
      shuffle: plan.shuffle ? 1 : 0,
    });
  }

  /**
   * The other threads' descriptors and the team block (team.ts in the kernels): its
   * words, the threads' figures, then the addresses of this descriptor's batch arrays,
   * which every thread writes its rows into.
   */
  private startTeam(threads: number, batchSize: number, rows: number, dropout: boolean, blocks: Blocks): Helpers {
    const { descs, idx } = this.teamDescriptors(threads, batchSize, rows, dropout, blocks);
    const teamBlock = blocks.take(this.k.exports.team_bytes(threads, this.L));
    const arrays = [this.desc.get('input'), this.desc.get('target')];
    for (let l = 0; l < this.L; l++) arrays.push(...(['T', 'delta', 'mask', 'dropped', 'U'] as const).map((f) => this.desc.getLayer(l, f)));
    this.k.u32.set(arrays, (teamBlock >>> 2) + 4 + 4 * threads);
    return { descs, idx, teamBlock };
  }

  private runEpochs(data: SessionData, rows: number, batchSize: number, epochs: number, learningRate: number, helpers: Helpers | null): EpochsResult {
    const { X, Y, idx, lossOut, correctOut } = data;
    let status: number;
    if (helpers) {
      const { descs, teamBlock } = helpers;
      const threads = descs.length;
      const team = this.k.team!;
      for (const desc of descs) desc.set({ learningRate });
      // train_epochs_team(descriptor, X, Y, row order, N, batch, epochs, lossOut, correctOut, team block, thread, threads, canWait)
      const args = (thread: number, order: number) =>
        [descs[thread]!.at, X, Y, order, rows, batchSize, epochs, lossOut, correctOut, teamBlock, thread, threads] as const;
      team.run(
        'train_epochs_team',
        helpers.idx.map((order, helper) => [...args(helper + 1, order), 1]),
      );
      status = this.k.exports.train_epochs_team(...args(0, idx), team.mainCanWait ? 1 : 0);
      team.join();
    } else {
      this.desc.set({ learningRate });
      status = this.k.exports.train_epochs(this.desc.at, X, Y, idx, rows, batchSize, epochs, lossOut, correctOut);
    }
    const completed = status >= 0 ? status : this.desc.get('failedEpoch');
    // Copies, not views: the arena may move or reuse the blocks.
    const result: EpochsResult = {
      completed,
      losses: this.k.f32.slice(lossOut >>> 2, (lossOut >>> 2) + completed),
      correct: this.k.u32.slice(correctOut >>> 2, (correctOut >>> 2) + completed),
    };
    if (status < 0) result.diverged = { epoch: completed, batch: helpers ? -1 : -1 - status };
    return result;
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
    const rng = this.desc.get('rng');
    const dropoutRng = this.desc.get('dropoutRng');
    const step = this.desc.get('step');
    return {
      restore: () => {
        this.k.write(this.theta, theta);
        if (state && this.state) this.k.write(this.state.at, state);
        this.stateType = state ? stateType : null;
        this.desc.set({ rng, dropoutRng, step });
      },
    };
  }

  memory(): { network: number; linear: number } {
    let held = [this.core, this.state, this.work].reduce((sum, b) => sum + (b ? align(b.bytes) : 0), 0);
    for (const p of this.predictors) held += align(p.bytes);
    return { network: held, linear: this.k.memory.buffer.byteLength };
  }

  locateNonFinite(): number {
    const bad = (at: number, n: number) => this.k.exports.all_finite(at, n) === 0;
    for (let l = 0; l < this.L; l++) {
      const shape = this.shapes[l]!;
      if (bad(this.wAt[l]!, shape.weights) || bad(this.bAt[l]!, shape.biases)) return l + 1;
      if (bad(this.desc.getLayer(l, 'T'), this.capacity * shape.outputs)) return l + 1;
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

/** 0, 1, …, n − 1 as uint32: the row order before the first shuffle. */
function identity(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
