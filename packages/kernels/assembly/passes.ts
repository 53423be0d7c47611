/**
 * The passes over a whole network on the packed path (the matrix products of
 * matmul.ts), for training, prediction and gradients. The network is the
 * descriptor of descriptor.ts; these functions only read it (and the generators'
 * states). Per mini-batch of `rows` samples (rows of a matrix are samples), in the
 * equation numbers of the README's mathematics section:
 *
 *   forward    U^(l+1) = T^(l) · W^(l+1) + b^(l+1);  T^(l+1) = f(U^(l+1))   (eq. (1), (2))
 *   output     δ^(n) from the loss                                   (losses.ts, eq. (4))
 *   backward   ∂E/∂W^(l) = T^(l−1)ᵀ · Δ^(l);  ∂E/∂b^(l) = Σ_rows Δ^(l)     (eq. (6))
 *              Δ^(l−1) = f'(U^(l−1)) ⊙ (Δ^(l) · W^(l)ᵀ)                   (eq. (5))
 *
 * E of a batch is the mean per-sample loss: the output δ is scaled by 1/rows.
 */
import { Product } from '../src/codes';
import { Net } from './descriptor';
import { gemm } from './matmul';
import { bias_activate, times_derivative, column_sum } from './activations';
import { loss_delta, count_correct } from './losses';
import { next_u32 } from './random';

/**
 * The forward pass over `rows` rows of X. In training, a hidden layer with dropout
 * p keeps each output with probability 1 − p and scales it by 1/(1 − p) (inverted
 * dropout), so prediction needs no rescaling; the mask is kept for the backward pass.
 */
export function forward(d: Net, X: usize, rows: i32, training: bool): void {
  let input = X;
  for (let l = 0; l < d.layers; l++) {
    const layer = d.layer(l);
    gemm(Product.NN, input, layer.W, layer.T, rows, layer.in, layer.out, 0, d.scratch);
    bias_activate(layer.T, layer.b, rows, layer.out, layer.activation, layer.U);
    input = layer.T;
    if (training && layer.hasDropout) {
      input = layer.dropped;
      drop(layer.T, layer.mask, input, rows * layer.out, layer.dropout, d.dropoutRngAt);
    }
  }
}

/** mask_i = r_i ≥ p ? 1/(1 − p) : 0 with r_i = next_u32 / 2³², and out_i = t_i · mask_i. */
function drop(T: usize, mask: usize, out: usize, count: i32, p: f32, rng: usize): void {
  const keep: f32 = <f32>1 / (<f32>1 - p);
  for (let i = 0; i < count; i++) {
    const at = <usize>i * 4;
    const m: f32 = <f64>next_u32(rng) / 4294967296.0 >= <f64>p ? keep : 0;
    store<f32>(mask + at, m);
    store<f32>(out + at, load<f32>(T + at) * m);
  }
}

/** Gradients of every layer from the output δ already in the last layer's delta. */
export function backward(d: Net, X: usize, rows: i32, accumulate: i32, training: bool): void {
  for (let l = d.layers - 1; l >= 0; l--) {
    const layer = d.layer(l);
    gemm(Product.TN, seenBy(d, l, X, training), layer.delta, layer.gradW, layer.in, rows, layer.out, accumulate, d.scratch);
    column_sum(layer.delta, layer.gradB, rows, layer.out, accumulate);
    if (l > 0) propagate(d, l, rows, training);
  }
}

/**
 * What layer l saw in the forward pass: X for the first, else the layer below's
 * outputs (after its dropout, in training).
 */
export function seenBy(d: Net, l: i32, X: usize, training: bool): usize {
  if (l == 0) return X;
  const below = d.layer(l - 1);
  return training && below.hasDropout ? below.dropped : below.T;
}

/** δ of layer l − 1 from δ of layer l:  Δ^(l−1) = f'(U^(l−1)) ⊙ (Δ^(l) · W^(l)ᵀ) (⊙ the dropout mask), eq. (5). */
export function propagate(d: Net, l: i32, rows: i32, training: bool): void {
  const layer = d.layer(l);
  const below = d.layer(l - 1);
  gemm(Product.NT, layer.delta, layer.W, below.delta, rows, layer.out, layer.in, 0, d.scratch);
  times_derivative(below.delta, below.T, rows * layer.in, below.activation, below.U);
  if (training && below.hasDropout) multiply(below.delta, below.mask, rows * layer.in);
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

/** δ^(n) of the rows in the last layer's T against Y (eq. (4)), scaled by `scale`; returns E summed over them. */
export function outputDelta(d: Net, Y: usize, rows: i32, scale: f32): f64 {
  const last = d.last;
  return loss_delta(last.T, Y, last.delta, rows, last.out, d.loss, last.activation, scale, last.U);
}

/**
 * outputDelta for a batch of weighted rows (class and sample weights): the batch
 * minimises E = Σ wᵢEᵢ / Σ wᵢ, so row r's loss and δ are multiplied by
 *   s_r = rows · w_r / Σ_batch w
 * (w_r the weight of the batch's row r, X's row idx[first + r]), which with the
 * usual `scale` of 1/rows makes δ_r = (w_r / Σ w) ∂E_r/∂u. Every δ below is linear in
 * it, so the backward pass needs nothing else. Row by row, for each row's loss.
 * Returns Σ_r s_r E_r; a batch whose weights are all 0 adds nothing.
 */
function weightedOutputDelta(d: Net, idx: usize, first: i32, rows: i32, scale: f32): f64 {
  const last = d.last;
  const bytes = <usize>last.out * 4;
  let sum: f64 = 0;
  for (let r = 0; r < rows; r++) sum += <f64>load<f32>(d.weights + <usize>load<u32>(idx + <usize>(first + r) * 4) * 4);
  let E: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const w = <f64>load<f32>(d.weights + <usize>load<u32>(idx + <usize>(first + r) * 4) * 4);
    const s = sum > 0 ? (<f64>rows * w) / sum : 0;
    const at = <usize>r * bytes;
    E += s * loss_delta(last.T + at, d.target + at, last.delta + at, 1, last.out, d.loss, last.activation, scale * <f32>s, last.U ? last.U + at : 0);
  }
  return E;
}

/** Rows first … first + rows − 1 of src (cols wide), in idx order, into dst. */
export function gather(src: usize, idx: usize, first: i32, rows: i32, cols: i32, dst: usize): void {
  const bytes = <usize>cols * 4;
  for (let r = 0; r < rows; r++) {
    const i = load<u32>(idx + <usize>(first + r) * 4);
    const to = dst + <usize>r * bytes;
    const from = src + <usize>i * bytes;
    // Short rows by hand: a memory.copy call costs more than copying a few floats.
    if (cols <= 16) for (let j: usize = 0; j < bytes; j += 4) store<f32>(to + j, load<f32>(from + j));
    else memory.copy(to, from, bytes);
  }
}

/** What learnRows does after the forward pass and the output δ. */
// @ts-ignore: decorator
@inline export const GRADIENT = 0; // ∂E/∂θ into grad
// @ts-ignore: decorator
@inline export const DELTAS = 1; // only the δ of every layer (a team's threads share out the rest)
// @ts-ignore: decorator
@inline export const STEP = 2; // plain SGD in place: δ scaled by −η/rows, W += Tᵀ·Δ, b += Σ_rows Δ

/**
 * One mini-batch: rows first … first + rows − 1 of X and Y, in idx order, gathered,
 * passed forward (in training: with dropout) and back, δ scaled by `scale`, and then
 * what `mode` says. Returns E summed over the rows; the outputs stay in the last
 * layer's T and the targets in target.
 *
 * STEP is the SGD step θ ← θ − η ∂E/∂θ (eq. (7)) without a gradient in memory: with
 * the output δ scaled by −η/rows instead of 1/rows every δ below is too (they are
 * linear in it), so Tᵀ·Δ is the step itself and the product adds it to W directly —
 * each layer's δ for the layer below is taken first, from W as it was.
 */
export function learnRows(d: Net, X: usize, Y: usize, idx: usize, first: i32, rows: i32, scale: f32, mode: i32 = GRADIENT): f64 {
  gather(X, idx, first, rows, d.layer(0).in, d.input);
  gather(Y, idx, first, rows, d.last.out, d.target);
  forward(d, d.input, rows, true);
  const E = d.weights ? weightedOutputDelta(d, idx, first, rows, scale) : outputDelta(d, d.target, rows, scale);
  if (mode == GRADIENT) {
    backward(d, d.input, rows, 0, true);
  } else {
    for (let l = d.layers - 1; l >= 0; l--) {
      if (l > 0) propagate(d, l, rows, true);
      if (mode == STEP) {
        const layer = d.layer(l);
        gemm(Product.TN, seenBy(d, l, d.input, true), layer.delta, layer.W, layer.in, rows, layer.out, 1, d.scratch);
        column_sum(layer.delta, layer.b, rows, layer.out, 1);
      }
    }
  }
  return E;
}

/** Out (N × s_n) = the network's output for X (N × s_1), batchCapacity rows at a time. */
export function predict(d: Net, X: usize, Out: usize, N: i32): void {
  const s1 = d.layer(0).in;
  const last = d.last;
  for (let start = 0; start < N; start += d.batchCapacity) {
    const rows = min(d.batchCapacity, N - start);
    forward(d, X + <usize>start * <usize>s1 * 4, rows, false);
    memory.copy(Out + <usize>start * <usize>last.out * 4, last.T, <usize>rows * <usize>last.out * 4);
  }
}

/**
 * ∂E/∂θ into grad for E = the mean per-sample loss over N rows of X and Y, by the
 * δ rule, batchCapacity rows at a time. Returns E.
 */
export function gradients(d: Net, X: usize, Y: usize, N: i32): f64 {
  const s1 = d.layer(0).in;
  const sn = d.last.out;
  let sum: f64 = 0;
  for (let start = 0; start < N; start += d.batchCapacity) {
    const rows = min(d.batchCapacity, N - start);
    const x = X + <usize>start * <usize>s1 * 4;
    forward(d, x, rows, false);
    sum += outputDelta(d, Y + <usize>start * <usize>sn * 4, rows, <f32>1 / <f32>N);
    backward(d, x, rows, start > 0 ? 1 : 0, false);
  }
  return sum / <f64>N;
}

/**
 * The mean per-sample loss over N rows without training (no dropout), and the
 * count of rows classified right in the correct word. With Out ≠ 0 the outputs are
 * written there (N × s_n), as predict does.
 */
export function evaluate(d: Net, X: usize, Y: usize, N: i32, Out: usize): f64 {
  const s1 = d.layer(0).in;
  const last = d.last;
  const sn = last.out;
  let sum: f64 = 0;
  let correct = 0;
  for (let start = 0; start < N; start += d.batchCapacity) {
    const rows = min(d.batchCapacity, N - start);
    const y = Y + <usize>start * <usize>sn * 4;
    forward(d, X + <usize>start * <usize>s1 * 4, rows, false);
    correct += count_correct(last.T, y, rows, sn);
    sum += outputDelta(d, y, rows, 1);
    if (Out) memory.copy(Out + <usize>start * <usize>sn * 4, last.T, <usize>rows * <usize>sn * 4);
  }
  d.correct = correct;
  return sum / <f64>N;
}
