/**
 * The fused passes over a whole network: one call trains many mini-batches, one call
 * predicts a whole data set. The network is described by a block of words in
 * linear memory (Slot, LayerSlot in src/codes.ts); these functions only read it.
 *
 * Per mini-batch of `rows` samples (rows of a matrix are samples):
 *
 *   forward    U^(l+1) = T^(l) · W^(l+1) + b^(l+1);  T^(l+1) = f(U^(l+1))
 *   output     δ^(n) from the loss                                 (losses.ts, eq. (3))
 *   backward   ∂E/∂W^(l) = T^(l−1)ᵀ · Δ^(l);  ∂E/∂b^(l) = Σ_rows Δ^(l)       (eq. (2))
 *              Δ^(l−1) = f'(U^(l−1)) ⊙ (Δ^(l) · W^(l)ᵀ)                     (eq. (1))
 *   update     θ ← θ − η ∂E/∂θ (or the chosen optimizer)
 *
 * E of a batch is the mean per-sample loss: the output δ is scaled by 1/rows.
 */
import { Loss, Optimizer, Slot, LayerSlot } from '../src/codes';
import { gemm } from './matmul';
import { bias_activate, times_derivative, column_sum } from './activations';
import { loss_delta, count_correct } from './losses';
import { sgd_step, momentum_step, adam_step, rmsprop_step, add_weight_decay, all_finite, momentsOf } from './optimizers';
import { shuffle, next_u32 } from './random';
import { isSmall, learnRowsSmall } from './small';
import { Product } from '../src/codes';

// @ts-ignore: decorator
@inline export function word(d: usize, slot: i32): i32 {
  return load<i32>(d + <usize>slot * 4);
}
// @ts-ignore: decorator
@inline function real(d: usize, slot: i32): f32 {
  return load<f32>(d + <usize>slot * 4);
}
// @ts-ignore: decorator
@inline export function field(d: usize, l: i32, slot: i32): i32 {
  return load<i32>(d + <usize>(Slot.Header + l * LayerSlot.Stride + slot) * 4);
}

/**
 * The forward pass over `rows` rows of X. In training, a hidden layer with dropout
 * p keeps each output with probability 1 − p and scales it by 1/(1 − p) (inverted
 * dropout), so prediction needs no rescaling; the mask is kept for the backward pass.
 */
export function forward(d: usize, X: usize, rows: i32, training: bool): void {
  const L = word(d, Slot.Layers);
  const scratch = <usize>word(d, Slot.Scratch);
  let input = X;
  for (let l = 0; l < L; l++) {
    const T = <usize>field(d, l, LayerSlot.T);
    const out = field(d, l, LayerSlot.Out);
    gemm(Product.NN, input, <usize>field(d, l, LayerSlot.W), T, rows, field(d, l, LayerSlot.In), out, 0, scratch);
    bias_activate(T, <usize>field(d, l, LayerSlot.B), rows, out, field(d, l, LayerSlot.Activation));
    input = T;
    if (training && dropped(d, l)) {
      input = <usize>field(d, l, LayerSlot.Dropped);
      drop(T, <usize>field(d, l, LayerSlot.Mask), input, rows * out, fieldReal(d, l, LayerSlot.Dropout), d + <usize>Slot.DropoutRng * 4);
    }
  }
}

// @ts-ignore: decorator
@inline function fieldReal(d: usize, l: i32, slot: i32): f32 {
  return load<f32>(d + <usize>(Slot.Header + l * LayerSlot.Stride + slot) * 4);
}

// @ts-ignore: decorator
@inline function dropped(d: usize, l: i32): bool {
  return fieldReal(d, l, LayerSlot.Dropout) > 0;
}

/** mask_i = u_i ≥ p ? 1/(1 − p) : 0 with u_i = next_u32 / 2³², and out_i = t_i · mask_i. */
function drop(T: usize, mask: usize, out: usize, count: i32, p: f32, rng: usize): void {
  const keep: f32 = <f32>1 / (<f32>1 - p);
  for (let i = 0; i < count; i++) {
    const at = <usize>i * 4;
    const m: f32 = <f64>next_u32(rng) / 4294967296.0 >= <f64>p ? keep : 0;
    store<f32>(mask + at, m);
    store<f32>(out + at, load<f32>(T + at) * m);
  }
}

/** Gradients of every layer from the output δ already in the last layer's Delta. */
export function backward(d: usize, X: usize, rows: i32, accumulate: i32, training: bool): void {
  const L = word(d, Slot.Layers);
  for (let l = L - 1; l >= 0; l--) {
    const inp = field(d, l, LayerSlot.In);
    const out = field(d, l, LayerSlot.Out);
    const D = <usize>field(d, l, LayerSlot.Delta);
    gemm(Product.TN, seenBy(d, l, X, training), D, <usize>field(d, l, LayerSlot.GradW), inp, rows, out, accumulate, <usize>word(d, Slot.Scratch));
    column_sum(D, <usize>field(d, l, LayerSlot.GradB), rows, out, accumulate);
    if (l > 0) propagate(d, l, X, rows, training);
  }
}

/**
 * What layer l saw in the forward pass: X for the first, else the layer below's
 * outputs (after its dropout, in training).
 */
export function seenBy(d: usize, l: i32, X: usize, training: bool): usize {
  if (l == 0) return X;
  return training && dropped(d, l - 1) ? <usize>field(d, l - 1, LayerSlot.Dropped) : <usize>field(d, l - 1, LayerSlot.T);
}

/** δ of layer l − 1 from δ of layer l:  Δ^(l−1) = f'(U^(l−1)) ⊙ (Δ^(l) · W^(l)ᵀ) (⊙ the dropout mask). */
export function propagate(d: usize, l: i32, X: usize, rows: i32, training: bool): void {
  const inp = field(d, l, LayerSlot.In);
  const below = l - 1;
  const Dprev = <usize>field(d, below, LayerSlot.Delta);
  gemm(Product.NT, <usize>field(d, l, LayerSlot.Delta), <usize>field(d, l, LayerSlot.W), Dprev, rows, field(d, l, LayerSlot.Out), inp, 0, <usize>word(d, Slot.Scratch));
  times_derivative(Dprev, <usize>field(d, below, LayerSlot.T), rows * inp, field(d, below, LayerSlot.Activation));
  if (training && dropped(d, below)) multiply(Dprev, <usize>field(d, below, LayerSlot.Mask), rows * inp);
}

/** a ⊙= b over n values. */
function multiply(a: usize, b: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    v128.store(a + at, f32x4.mul(v128.load(a + at), v128.load(b + at)));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    store<f32>(a + at, load<f32>(a + at) * load<f32>(b + at));
  }
}

export function outputDelta(d: usize, Y: usize, rows: i32, scale: f32): f64 {
  const last = word(d, Slot.Layers) - 1;
  return loss_delta(
    <usize>field(d, last, LayerSlot.T),
    Y,
    <usize>field(d, last, LayerSlot.Delta),
    rows,
    field(d, last, LayerSlot.Out),
    word(d, Slot.Loss),
    field(d, last, LayerSlot.Activation),
    scale,
  );
}

function update(d: usize): void {
  updateRange(d, <usize>word(d, Slot.Grad), 0, word(d, Slot.ThetaLength));
}

/**
 * One optimizer step on θ[from, to) with the gradient g (same layout as θ), after
 * adding the weight decay λW on the weights in that range. Each thread of a team
 * updates its own range; one thread alone updates all of θ.
 */
export function updateRange(d: usize, g: usize, from: i32, to: i32): void {
  const t = word(d, Slot.Step) + 1;
  store<i32>(d + <usize>Slot.Step * 4, t);
  stepRange(d, g, from, to, t);
}

/** updateRange's step as step number t (Adam's bias correction), without counting it. */
export function stepRange(d: usize, g: usize, from: i32, to: i32, t: i32): void {
  const L = word(d, Slot.Layers);
  const theta = <usize>word(d, Slot.Theta);
  const lambda = real(d, Slot.WeightDecay);
  if (lambda != 0) {
    for (let l = 0; l < L; l++) {
      const w = (<i32>(<usize>field(d, l, LayerSlot.W) - theta)) >> 2;
      const lo = max(from, w);
      const hi = min(to, w + field(d, l, LayerSlot.In) * field(d, l, LayerSlot.Out));
      if (lo < hi) add_weight_decay(g + <usize>lo * 4, theta + <usize>lo * 4, hi - lo, lambda);
    }
  }
  const n = to - from;
  if (n <= 0) return;
  const at = <usize>from * 4;
  const eta = real(d, Slot.LearningRate);
  const opt = word(d, Slot.Optimizer);
  switch (opt) {
    case Optimizer.Sgd:
      sgd_step(theta + at, g + at, n, eta);
      break;
    case Optimizer.Momentum:
    case Optimizer.Nesterov:
      momentum_step(theta + at, g + at, <usize>word(d, Slot.Moment1) + at, n, eta, real(d, Slot.Beta1), opt == Optimizer.Nesterov ? 1 : 0);
      break;
    case Optimizer.Adam: {
      const beta1 = real(d, Slot.Beta1);
      const beta2 = real(d, Slot.Beta2);
      const c1 = <f32>(1 / (1 - Math.pow(<f64>beta1, <f64>t)));
      const c2 = <f32>(1 / (1 - Math.pow(<f64>beta2, <f64>t)));
      adam_step(theta + at, g + at, <usize>word(d, Slot.Moment1) + at, <usize>word(d, Slot.Moment2) + at, n, eta, beta1, beta2, real(d, Slot.Epsilon), c1, c2);
      break;
    }
    case Optimizer.RmsProp:
      rmsprop_step(theta + at, g + at, <usize>word(d, Slot.Moment1) + at, n, eta, real(d, Slot.Beta1), real(d, Slot.Epsilon));
      break;
    default:
      unreachable();
  }
}

export function gather(src: usize, idx: usize, start: i32, rows: i32, cols: i32, dst: usize): void {
  const bytes = <usize>cols * 4;
  for (let r = 0; r < rows; r++) {
    const i = load<u32>(idx + <usize>(start + r) * 4);
    const to = dst + <usize>r * bytes;
    const from = src + <usize>i * bytes;
    // Short rows by hand: a memory.copy call costs more than copying a few floats.
    if (cols <= 16) for (let j: usize = 0; j < bytes; j += 4) store<f32>(to + j, load<f32>(from + j));
    else memory.copy(to, from, bytes);
  }
}

/** What learnRows does after the forward pass and the output δ. */
// @ts-ignore: decorator
@inline export const GRADIENT = 0; // ∂E/∂θ into Grad
// @ts-ignore: decorator
@inline export const DELTAS = 1; // only the δ of every layer (a team's threads share out the rest)
// @ts-ignore: decorator
@inline export const STEP = 2; // plain SGD in place: δ scaled by −η/rows, W += Tᵀ·Δ, b += Σ_rows Δ

/**
 * One mini-batch: rows first … first + rows − 1 of X and Y, in idx order, gathered,
 * passed forward (in training: with dropout) and back, δ scaled by `scale`, and then
 * what `mode` says. Returns E summed over the rows; the outputs stay in the last
 * layer's T and the targets in Target.
 *
 * STEP is the SGD step θ ← θ − η ∂E/∂θ without a gradient in memory: with the output
 * δ scaled by −η/rows instead of 1/rows every δ below is too (they are linear in
 * it), so Tᵀ·Δ is the step itself and the product adds it to W directly — each
 * layer's δ for the layer below is taken first, from W as it was.
 */
export function learnRows(d: usize, X: usize, Y: usize, idx: usize, first: i32, rows: i32, scale: f32, mode: i32 = GRADIENT): f64 {
  const L = word(d, Slot.Layers);
  const input = <usize>word(d, Slot.Input);
  const target = <usize>word(d, Slot.Target);
  gather(X, idx, first, rows, field(d, 0, LayerSlot.In), input);
  gather(Y, idx, first, rows, field(d, L - 1, LayerSlot.Out), target);
  forward(d, input, rows, true);
  const E = outputDelta(d, target, rows, scale);
  if (mode == GRADIENT) {
    backward(d, input, rows, 0, true);
  } else {
    for (let l = L - 1; l >= 0; l--) {
      if (l > 0) propagate(d, l, input, rows, true);
      if (mode == STEP) {
        const D = <usize>field(d, l, LayerSlot.Delta);
        const out = field(d, l, LayerSlot.Out);
        gemm(Product.TN, seenBy(d, l, input, true), D, <usize>field(d, l, LayerSlot.W), field(d, l, LayerSlot.In), rows, out, 1, <usize>word(d, Slot.Scratch));
        column_sum(D, <usize>field(d, l, LayerSlot.B), rows, out, 1);
      }
    }
  }
  return E;
}

/** Plain SGD (no weight decay, no optimizer state): training may step θ in place. */
export function plainSgd(d: usize): bool {
  return word(d, Slot.Optimizer) == Optimizer.Sgd && real(d, Slot.WeightDecay) == 0;
}

/**
 * Trains `epochs` epochs over N rows of X (N × s_1) and Y (N × s_n), in mini-batches
 * of `batch` rows taken in the order of idx (N uint32, reshuffled each epoch when the
 * Shuffle word is set). Writes each epoch's mean per-sample loss to lossOut (f32)
 * and its count of rows classified right (see count_correct) to correctOut (i32).
 *
 * Returns the number of epochs completed. It stops early at the first batch whose
 * loss is not finite (before the update with it, except where θ is stepped in place
 * on plain SGD: the caller puts θ back in either case), and returns −1 − (that batch's
 * index in the epoch), with the epoch (0-based) in the FailedEpoch word. After the
 * last update it checks the parameters and the optimizer state too: −1 − (batches
 * per epoch) means one of them became non-finite during the call.
 */
export function train_epochs(d: usize, X: usize, Y: usize, idx: usize, N: i32, batch: i32, epochs: i32, lossOut: usize, correctOut: usize): i32 {
  const sn = field(d, word(d, Slot.Layers) - 1, LayerSlot.Out);
  const target = <usize>word(d, Slot.Target);
  const rng = d + <usize>Slot.Rng * 4;
  const batches = (N + batch - 1) / batch;
  const small = isSmall(d, batch);
  // The lane path steps θ itself on SGD batches of one group of lanes; the others on plain SGD.
  // (η is read from the descriptor at each use, not kept in a local: V8 11's baseline
  // compiler was seen to lose an f32 local held across the calls of such a loop.)
  const step = small ? batch <= 4 && word(d, Slot.Optimizer) == Optimizer.Sgd : plainSgd(d);
  for (let e = 0; e < epochs; e++) {
    if (word(d, Slot.Shuffle)) shuffle(idx, N, rng);
    let sum: f64 = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * batch;
      const rows = min(batch, N - start);
      const E = small
        ? learnRowsSmall(d, X, Y, idx, start, rows, <f32>1 / <f32>rows, step)
        : step
          ? learnRows(d, X, Y, idx, start, rows, -real(d, Slot.LearningRate) / <f32>rows, STEP)
          : learnRows(d, X, Y, idx, start, rows, <f32>1 / <f32>rows);
      correct += small ? word(d, Slot.Correct) : count_correct(<usize>field(d, word(d, Slot.Layers) - 1, LayerSlot.T), target, rows, sn);
      if (!isFinite(E)) {
        store<f32>(lossOut + <usize>e * 4, NaN);
        store<i32>(d + <usize>Slot.FailedEpoch * 4, e);
        return -1 - b;
      }
      sum += E;
      if (step) store<i32>(d + <usize>Slot.Step * 4, word(d, Slot.Step) + 1);
      else update(d);
    }
    store<f32>(lossOut + <usize>e * 4, <f32>(sum / <f64>N));
    store<i32>(correctOut + <usize>e * 4, correct);
  }
  if (!stateFinite(d)) {
    store<i32>(d + <usize>Slot.FailedEpoch * 4, epochs - 1);
    return -1 - batches;
  }
  return epochs;
}

/** θ and the optimizer's state are finite (an overflowing g² would leave Adam stuck at v = ∞). */
export function stateFinite(d: usize): bool {
  const n = word(d, Slot.ThetaLength);
  const moments = momentsOf(word(d, Slot.Optimizer));
  if (!all_finite(<usize>word(d, Slot.Theta), n)) return false;
  if (moments >= 1 && !all_finite(<usize>word(d, Slot.Moment1), n)) return false;
  return moments < 2 || all_finite(<usize>word(d, Slot.Moment2), n) != 0;
}

/** Out (N × s_n) = the network's output for X (N × s_1), BatchCapacity rows at a time. */
export function predict(d: usize, X: usize, Out: usize, N: i32): void {
  const cap = word(d, Slot.BatchCapacity);
  const L = word(d, Slot.Layers);
  const s1 = field(d, 0, LayerSlot.In);
  const sn = field(d, L - 1, LayerSlot.Out);
  const T = <usize>field(d, L - 1, LayerSlot.T);
  for (let start = 0; start < N; start += cap) {
    const rows = min(cap, N - start);
    forward(d, X + <usize>start * <usize>s1 * 4, rows, false);
    memory.copy(Out + <usize>start * <usize>sn * 4, T, <usize>rows * <usize>sn * 4);
  }
}

/**
 * ∂E/∂θ into Grad for E = the mean per-sample loss over N rows of X and Y, by the
 * δ rule, BatchCapacity rows at a time. Returns E.
 */
export function gradients(d: usize, X: usize, Y: usize, N: i32): f64 {
  const cap = word(d, Slot.BatchCapacity);
  const s1 = field(d, 0, LayerSlot.In);
  const sn = field(d, word(d, Slot.Layers) - 1, LayerSlot.Out);
  let sum: f64 = 0;
  for (let start = 0; start < N; start += cap) {
    const rows = min(cap, N - start);
    const x = X + <usize>start * <usize>s1 * 4;
    forward(d, x, rows, false);
    sum += outputDelta(d, Y + <usize>start * <usize>sn * 4, rows, <f32>1 / <f32>N);
    backward(d, x, rows, start > 0 ? 1 : 0, false);
  }
  return sum / <f64>N;
}

/**
 * The mean per-sample loss over N rows without training (no dropout), and the
 * count of rows classified right in the Correct word. With Out ≠ 0 the outputs are
 * written there (N × s_n), as predict does.
 */
export function evaluate(d: usize, X: usize, Y: usize, N: i32, Out: usize): f64 {
  const cap = word(d, Slot.BatchCapacity);
  const L = word(d, Slot.Layers);
  const s1 = field(d, 0, LayerSlot.In);
  const sn = field(d, L - 1, LayerSlot.Out);
  const T = <usize>field(d, L - 1, LayerSlot.T);
  let sum: f64 = 0;
  let correct = 0;
  for (let start = 0; start < N; start += cap) {
    const rows = min(cap, N - start);
    const y = Y + <usize>start * <usize>sn * 4;
    forward(d, X + <usize>start * <usize>s1 * 4, rows, false);
    correct += count_correct(T, y, rows, sn);
    sum += outputDelta(d, y, rows, 1);
    if (Out) memory.copy(Out + <usize>start * <usize>sn * 4, T, <usize>rows * <usize>sn * 4);
  }
  store<i32>(d + <usize>Slot.Correct * 4, correct);
  return sum / <f64>N;
}
