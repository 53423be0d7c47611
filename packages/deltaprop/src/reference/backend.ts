/**
 * The reference backend: the derivation's formulas (the README's mathematics
 * section), one neuron and one sample at a time, in float64 (parameters are stored
 * rounded to float32, as in every model file). It is slow on purpose and short
 * enough to check by eye; the tests hold the WebAssembly kernels to it.
 *
 * Notation of the derivation, for weight layer l+1 (0-based index l here):
 *   w_ij   W[l][i * s_(l+1) + j], from neuron i of layer l to neuron j of layer l+1
 *   u_j    Σ_i w_ij t_i + b_j
 *   t_j    f(u_j)
 *   δ_j    ∂E/∂u_j = ∂E/∂b_j
 */
import { deriveSeed, Random } from '../random.js';
import type { Backend, BackendState, EpochsResult, TrainingSession } from '../backend.js';
import type { Spec, TrainPlan, OptimizerPlan } from '../spec.js';
import type { Gradients, Parameters } from '../types.js';
import { activations, isElementwise, losses, optimizers } from '../families/index.js';
import { optimizerStep } from './optimizers.js';
import { batchFactors } from '../weights.js';

interface Pass {
  u: Float64Array[]; // u[l]: weighted inputs of weight layer l
  t: Float64Array[]; // t[0] = x, t[l + 1] = f(u[l])
  seen: Float64Array[]; // what the next layer sees: t, or t ⊙ mask under dropout
}

/** Row r's dropout mask of every hidden layer (undefined where the layer has none). */
type Masks = (Float64Array | undefined)[];

export class ReferenceBackend implements Backend {
  readonly engine = 'reference' as const;
  readonly threads = 1;
  private W: Float64Array[];
  private b: Float64Array[];
  private random: Random;
  private dropoutRandom: Random;
  /** Optimizer state per parameter array (W then b of each layer): velocity / m / mean square, and v. */
  private state: { type: string; step: number; m: Float64Array[]; v: Float64Array[] } | null = null;
  private lastPass: Pass | null = null;

  constructor(
    readonly spec: Spec,
    initial: Parameters,
    seed: number,
  ) {
    this.W = initial.weights.map((w) => Float64Array.from(w));
    this.b = initial.biases.map((b) => Float64Array.from(b));
    this.random = new Random(deriveSeed(seed, 1));
    this.dropoutRandom = new Random(deriveSeed(seed, 2));
  }

  getParameters(): Parameters {
    return { weights: this.W.map((w) => Float32Array.from(w)), biases: this.b.map((b) => Float32Array.from(b)) };
  }

  setParameters(p: Parameters): void {
    this.W = p.weights.map((w) => Float64Array.from(w));
    this.b = p.biases.map((b) => Float64Array.from(b));
  }

  /** u^(l+1) = t^(l) · W^(l+1) + b^(l+1),  t^(l+1) = f(u^(l+1)); with masks, the next layer sees t ⊙ mask. */
  private forward(x: ArrayLike<number>, masks: Masks = []): Pass {
    const { layers, activation } = this.spec;
    const u: Float64Array[] = [];
    const t: Float64Array[] = [Float64Array.from(x)];
    const seen: Float64Array[] = [t[0]!];
    for (let l = 0; l + 1 < layers.length; l++) {
      const sIn = layers[l]!;
      const sOut = layers[l + 1]!;
      const w = this.W[l]!;
      const ul = new Float64Array(sOut);
      for (let j = 0; j < sOut; j++) {
        let sum = this.b[l]![j]!;
        for (let i = 0; i < sIn; i++) sum += w[i * sOut + j]! * seen[l]![i]!;
        ul[j] = sum;
      }
      const name = activation[l]!;
      u.push(ul);
      const tl = isElementwise(name) ? ul.map(activations[name].f) : activations[name].layer(ul);
      t.push(tl);
      const mask = masks[l];
      seen.push(mask ? tl.map((v, j) => v * mask[j]!) : tl);
    }
    this.lastPass = { u, t, seen };
    return { u, t, seen };
  }

  /** E of one sample, and δ^(n) = ∂E/∂u^(n) (eq. (4)): the loss's entry in families/losses.ts. */
  private outputDelta(pass: Pass, y: ArrayLike<number>): { E: number; delta: Float64Array } {
    const n = pass.u.length - 1;
    return losses[this.spec.loss].output(pass.t[n + 1]!, pass.u[n]!, y, this.spec.activation[n]!);
  }

  /**
   * Adds scale × ∂E/∂θ of one sample into gW, gb by the δ rule:
   *   ∂E/∂w_ij = t_i δ_j   (eq. (6)),   ∂E/∂b_j = δ_j,
   *   δ_i^(l) = f'(u_i^(l)) Σ_j δ_j^(l+1) w_ij^(l+1)   (eq. (5)).
   */
  private backward(pass: Pass, deltaOut: Float64Array, gW: Float64Array[], gb: Float64Array[], scale: number, masks: Masks = []): void {
    const { layers, activation } = this.spec;
    let delta = deltaOut;
    for (let l = layers.length - 2; l >= 0; l--) {
      const sIn = layers[l]!;
      const sOut = layers[l + 1]!;
      const t = pass.seen[l]!; // the t_i that w_ij multiplied (dropped, in training)
      for (let i = 0; i < sIn; i++) for (let j = 0; j < sOut; j++) gW[l]![i * sOut + j]! += scale * t[i]! * delta[j]!;
      for (let j = 0; j < sOut; j++) gb[l]![j]! += scale * delta[j]!;
      if (l === 0) break;
      const below = new Float64Array(sIn);
      const hidden = activation[l - 1]!;
      if (!isElementwise(hidden)) throw new Error(`${hidden} on a hidden layer`); // checkSpec refuses it
      const { df } = activations[hidden];
      for (let i = 0; i < sIn; i++) {
        let sum = 0;
        for (let j = 0; j < sOut; j++) sum += delta[j]! * this.W[l]![i * sOut + j]!;
        below[i] = df(pass.u[l - 1]![i]!) * (masks[l - 1]?.[i] ?? 1) * sum;
      }
      delta = below;
    }
  }

  /**
   * Dropout masks for a batch: 0 or 1/(1 − p) per output of each hidden layer, drawn
   * in the kernels' order (layer by layer, row by row) from the dropout generator.
   */
  private drawMasks(dropout: readonly number[], count: number): Masks[] {
    const masks: Masks[] = Array.from({ length: count }, () => []);
    dropout.forEach((rate, l) => {
      if (!(rate > 0)) return;
      const p = Math.fround(rate);
      const keep = Math.fround(1 / Math.fround(1 - p));
      const width = this.spec.layers[l + 1]!;
      for (let r = 0; r < count; r++) masks[r]![l] = Float64Array.from({ length: width }, () => (this.dropoutRandom.next() / 4294967296 >= p ? keep : 0));
    });
    return masks;
  }

  /**
   * Mean loss and mean gradient over rows first … first + count − 1 of idx, and rows
   * classified right. With row weights w, row i's loss and δ are multiplied by
   * sᵢ = count · wᵢ / Σ_batch w, which makes the mean the weighted mean Σ wᵢEᵢ / Σ wᵢ.
   */
  private batchGradient(
    x: Float32Array,
    y: Float32Array,
    idx: ArrayLike<number>,
    first: number,
    count: number,
    dropout: readonly number[] = [],
    weights: Float32Array | null = null,
  ) {
    const s1 = this.spec.layers[0]!;
    const sn = this.spec.layers.at(-1)!;
    const gW = this.W.map((w) => new Float64Array(w.length));
    const gb = this.b.map((b) => new Float64Array(b.length));
    const masks = this.drawMasks(dropout, count);
    const s = weights ? batchFactors(weights, idx, first, count) : null;
    let E = 0;
    let correct = 0;
    for (let r = first; r < first + count; r++) {
      const row = idx[r]!;
      const target = y.subarray(row * sn, (row + 1) * sn);
      const pass = this.forward(x.subarray(row * s1, (row + 1) * s1), masks[r - first]);
      if (classifiedRight(pass.t.at(-1)!, target)) correct += 1;
      const out = this.outputDelta(pass, target);
      const factor = s ? s[r - first]! : 1;
      E += factor * out.E;
      this.backward(pass, out.delta, gW, gb, factor / count, masks[r - first]);
    }
    return { E, gW, gb, correct };
  }

  evaluate(x: Float32Array, y: Float32Array, rows: number): { loss: number; correct: number } {
    const s1 = this.spec.layers[0]!;
    const sn = this.spec.layers.at(-1)!;
    let E = 0;
    let correct = 0;
    for (let r = 0; r < rows; r++) {
      const target = y.subarray(r * sn, (r + 1) * sn);
      const pass = this.forward(x.subarray(r * s1, (r + 1) * s1));
      if (classifiedRight(pass.t.at(-1)!, target)) correct += 1;
      E += this.outputDelta(pass, target).E;
    }
    return { loss: E / rows, correct };
  }

  predict(x: Float32Array, rows: number): Float32Array {
    const s1 = this.spec.layers[0]!;
    const sn = this.spec.layers.at(-1)!;
    const out = new Float32Array(rows * sn);
    for (let r = 0; r < rows; r++) out.set(this.forward(x.subarray(r * s1, (r + 1) * s1)).t.at(-1)!, r * sn);
    return out;
  }

  gradients(x: Float32Array, y: Float32Array, rows: number): Gradients {
    const identity = Array.from({ length: rows }, (_, i) => i);
    const { E, gW, gb } = this.batchGradient(x, y, identity, 0, rows);
    return { loss: E / rows, weights: gW.map((g) => Float32Array.from(g)), biases: gb.map((g) => Float32Array.from(g)) };
  }

  readonly checksData = false;

  startTraining(x: Float32Array, y: Float32Array, rows: number, plan: TrainPlan): TrainingSession {
    // Copies: training may await between epochs, and the caller's arrays are theirs.
    x = x.slice();
    y = y.slice();
    const weights = plan.weights ? plan.weights.slice() : null;
    const idx = new Uint32Array(rows).map((_, i) => i);
    const opt = plan.optimizer;
    if (this.state === null || this.state.type !== opt.type) {
      this.state = {
        type: opt.type,
        step: 0,
        m: this.params().map((p) => new Float64Array(p.length)),
        v: this.params().map((p) => new Float64Array(p.length)),
      };
    }
    return {
      run: (epochs: number, learningRate: number): EpochsResult => {
        const losses: number[] = [];
        const correct: number[] = [];
        const batches = Math.ceil(rows / plan.batchSize);
        for (let e = 0; e < epochs; e++) {
          if (plan.shuffle) this.random.shuffle(idx);
          let sum = 0;
          let right = 0;
          for (let bi = 0; bi < batches; bi++) {
            const first = bi * plan.batchSize;
            const batch = this.batchGradient(x, y, idx, first, Math.min(plan.batchSize, rows - first), plan.dropout, weights);
            const { E, gW, gb } = batch;
            if (!Number.isFinite(E)) return { completed: e, losses, correct, diverged: { epoch: e, batch: bi } };
            sum += E;
            right += batch.correct;
            // L2 weight decay: ∂(½ λ ‖W‖²)/∂W = λ W, weights only.
            gW.forEach((g, l) => g.forEach((_, i) => (g[i]! += plan.weightDecay * this.W[l]![i]!)));
            this.step({ ...opt, learningRate }, [...gW, ...gb]);
          }
          losses.push(sum / rows);
          correct.push(right);
        }
        const state = this.state!;
        const { moments } = optimizers[opt.type];
        const arrays = [...this.params(), ...(moments >= 1 ? state.m : []), ...(moments >= 2 ? state.v : [])];
        if (arrays.some((p) => p.some((v) => !Number.isFinite(v))))
          return { completed: epochs, losses, correct, diverged: { epoch: epochs - 1, batch: batches } };
        return { completed: epochs, losses, correct };
      },
      end: () => {},
    };
  }

  private params(): Float64Array[] {
    return [...this.W, ...this.b];
  }

  /** One optimizer step over every parameter array. */
  private step(opt: OptimizerPlan, grads: Float64Array[]): void {
    const state = this.state!;
    state.step += 1;
    this.params().forEach((theta, p) => {
      optimizerStep(opt, state.step, theta, grads[p]!, state.m[p]!, state.v[p]!);
      // Parameters are float32 numbers everywhere (model files, getParameters); the
      // arithmetic here is float64, the stored result is rounded once per step.
      for (let i = 0; i < theta.length; i++) theta[i] = Math.fround(theta[i]!);
    });
  }

  saveState(): BackendState {
    const W = this.W.map((w) => w.slice());
    const b = this.b.map((x) => x.slice());
    const randomState = this.random.state;
    const dropoutState = this.dropoutRandom.state;
    const state = this.state && { ...this.state, m: this.state.m.map((a) => a.slice()), v: this.state.v.map((a) => a.slice()) };
    return {
      restore: () => {
        this.W = W.map((w) => w.slice());
        this.b = b.map((x) => x.slice());
        this.random.state = randomState;
        this.dropoutRandom.state = dropoutState;
        this.state = state && { ...state, m: state.m.map((a) => a.slice()), v: state.v.map((a) => a.slice()) };
      },
    };
  }

  /** Zeros: the reference's numbers are JavaScript arrays, not WebAssembly memory. */
  memory(): { network: number; linear: number } {
    return { network: 0, linear: 0 };
  }

  locateNonFinite(): number {
    const bad = (a: Float64Array) => a.some((v) => !Number.isFinite(v));
    for (let l = 0; l < this.W.length; l++) {
      if (bad(this.W[l]!) || bad(this.b[l]!)) return l + 1;
      if (this.lastPass && bad(this.lastPass.t[l + 1]!)) return l + 1;
    }
    return 0;
  }

  dispose(): void {
    this.W = [];
    this.b = [];
    this.lastPass = null;
  }
}

/** The output names the target's class: same arg-max (first on ties), or, with one output, the same side of ½. */
export function classifiedRight(t: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (t.length === 1) return Math.fround(t[0]!) >= 0.5 === y[0]! >= 0.5;
  let bt = 0;
  let by = 0;
  for (let j = 1; j < t.length; j++) {
    if (t[j]! > t[bt]!) bt = j;
    if (y[j]! > y[by]!) by = j;
  }
  return bt === by;
}
