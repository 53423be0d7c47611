/**
 * The gradient of one mini-batch for small networks, with the batch in the lanes.
 *
 * For a few neurons per layer, the matrix products of passes.ts are mostly set-up
 * and edge handling. Here four samples travel together, one per lane of a v128:
 * the activation of neuron j is one vector t_j = (t_j of samples k … k+3), so
 *
 *   forward   u_j = b_j + Σ_i w_ij t_i        (one multiply-add per weight)
 *   output    δ_j = (t_j − y_j) ⊙ f'(u_j)     (or t_j − y_j with cross-entropy)  (eq. (4))
 *   backward  ∂E/∂w_ij += Σ_lanes t_i δ_j,  ∂E/∂b_j += Σ_lanes δ_j,          (eq. (6))
 *             δ_i = f'(u_i) ⊙ Σ_j w_ij δ_j                                   (eq. (5))
 *
 * — the same formulas as passes.ts, summed in another order. Lanes past the end
 * of the batch carry zeros and a zero δ, so they add nothing.
 *
 * Used for networks whose layers have at most SMALL_WIDTH neurons, activations
 * sigmoid / relu / leaky relu / linear, mse or sigmoid + cross-entropy, no dropout.
 */
import { Activation, Loss } from '../src/codes';
import { madd } from './simd';
import { df4, f4 } from './activations';
import { Net } from './descriptor';

const SMALL_WIDTH = 32;
const SMALL_BATCH = 16;

// @ts-ignore: decorator
@inline function sum4(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * The activations the lane path computes (an allow-list: a new activation takes the
 * packed path until it is added here and tested on this path).
 */
function laneActivation(act: i32): bool {
  switch (act) {
    case Activation.Linear:
    case Activation.Sigmoid:
    case Activation.Relu:
    case Activation.LeakyRelu:
      return true;
    default:
      return false;
  }
}

/** The losses the lane path computes, given the output activation: mse, or cross-entropy on a sigmoid output. */
function laneLoss(loss: i32, out: i32): bool {
  switch (loss) {
    case Loss.Mse: return true;
    case Loss.CrossEntropy: return out == Activation.Sigmoid;
    default: return false;
  }
}

/** Whether a batch of `batch` rows of this network takes the lane path. */
export function isSmall(d: Net, batch: i32): bool {
  if (batch > SMALL_BATCH || d.batchCapacity < 4) return false;
  if (d.layer(0).in > SMALL_WIDTH) return false;
  for (let l = 0; l < d.layers; l++) {
    const layer = d.layer(l);
    if (layer.out > SMALL_WIDTH || !laneActivation(layer.activation) || layer.hasDropout) return false;
  }
  return laneLoss(d.loss, d.last.activation);
}

/**
 * Four horizontal sums at once: (Σ a, Σ b, Σ c, Σ e) over the lanes of each,
 * with two rounds of shuffles instead of twelve lane extractions.
 */
// @ts-ignore: decorator
@inline function sums4(a: v128, b: v128, c: v128, e: v128): v128 {
  const ab = f32x4.add(i32x4.shuffle(a, b, 0, 4, 1, 5), i32x4.shuffle(a, b, 2, 6, 3, 7));
  const ce = f32x4.add(i32x4.shuffle(c, e, 0, 4, 1, 5), i32x4.shuffle(c, e, 2, 6, 3, 7));
  return f32x4.add(i32x4.shuffle(ab, ce, 0, 1, 4, 5), i32x4.shuffle(ab, ce, 2, 3, 6, 7));
}

/**
 * Where a batch's gradient goes. Into grad: the first group of four rows writes it
 * (Write), later groups add to it (Add). Or, for plain SGD on batches of at most four
 * rows, straight into θ (Step): θ ← θ − η (g + λθ) for weights, θ − η g for biases,
 * the same operations as add_weight_decay and sgd_step, without a pass over grad.
 */
// @ts-ignore: decorator
@inline const WRITE = 0;
// @ts-ignore: decorator
@inline const ADD = 1;
// @ts-ignore: decorator
@inline const STEP = 2;

/** Puts the gradient v of the four parameters at `at` (an address in grad) where `mode` says. */
// @ts-ignore: decorator
@inline function give4(at: usize, v: v128, mode: i32, toTheta: usize, eta: f32, lambda: f32): void {
  if (mode == STEP) {
    const to = at + toTheta;
    const th = v128.load(to);
    const g = lambda != 0 ? f32x4.add(v, f32x4.mul(f32x4.splat(lambda), th)) : v;
    v128.store(to, f32x4.sub(th, f32x4.mul(f32x4.splat(eta), g)));
  } else {
    put4(at, v, mode == WRITE);
  }
}

/** give4 for one parameter. */
// @ts-ignore: decorator
@inline function give1(at: usize, v: f32, mode: i32, toTheta: usize, eta: f32, lambda: f32): void {
  if (mode == STEP) {
    const to = at + toTheta;
    const th = load<f32>(to);
    store<f32>(to, th - eta * (lambda != 0 ? v + lambda * th : v));
  } else {
    put1(at, v, mode == WRITE);
  }
}

/** g ← v (the batch's first group) or g + v, four floats at `at`. */
// @ts-ignore: decorator
@inline function put4(at: usize, v: v128, fresh: bool): void {
  v128.store(at, fresh ? v : f32x4.add(v128.load(at), v));
}

/** g ← v or g + v, one float at `at`. */
// @ts-ignore: decorator
@inline function put1(at: usize, v: f32, fresh: bool): void {
  store<f32>(at, fresh ? v : load<f32>(at) + v);
}

/** dst[i] = (M[r0][i], M[r1][i], M[r2][i], M[r3][i]) for i < cols: four rows of M (cols wide) into lanes. */
// @ts-ignore: decorator
@inline function gatherLanes(dst: usize, M: usize, r0: usize, r1: usize, r2: usize, r3: usize, cols: i32): void {
  const stride = <usize>cols * 4;
  const a = M + r0 * stride, b = M + r1 * stride, c = M + r2 * stride, e = M + r3 * stride;
  for (let i = 0; i < cols; i++) {
    const o = <usize>i * 4;
    let v = f32x4.splat(load<f32>(a + o));
    v = f32x4.replace_lane(v, 1, load<f32>(b + o));
    v = f32x4.replace_lane(v, 2, load<f32>(c + o));
    v = f32x4.replace_lane(v, 3, load<f32>(e + o));
    v128.store(dst + o * 4, v);
  }
}

/**
 * ∂E/∂θ into grad for rows first … first + rows − 1 (in idx order), δ scaled by
 * `scale`; returns E summed over the rows and leaves the count of rows classified
 * right in the correct word. Layer buffers hold one vector per neuron here. The
 * first group of four rows writes the gradient, later groups add to it; with
 * `inPlace` (plain SGD, at most four rows) the step goes straight into θ.
 */
export function learnRowsSmall(d: Net, X: usize, Y: usize, idx: usize, first: i32, rows: i32, scale: f32, inPlace: bool): f64 {
  const cross = d.loss == Loss.CrossEntropy;
  let E: f64 = 0;
  let squares = f32x4.splat(0); // Σ (t − y)² per lane, for mse
  let correct = 0;
  for (let g = 0; g < rows; g += 4) {
    const lanes = min(4, rows - g);
    gatherGroup(d, X, Y, idx, first + g, lanes);
    // −1 in the lanes that hold a row of the batch, 0 past its end.
    const valid = lanes == 4 ? i32x4.splat(-1) : i32x4(-1, lanes > 1 ? -1 : 0, lanes > 2 ? -1 : 0, 0);
    forwardLanes(d);
    if (cross) E += crossEntropyDeltaLanes(d, lanes, valid, scale);
    else squares = mseDeltaLanes(d, valid, scale, squares);
    correct += rightLanes(d, lanes, valid);
    backwardLanes(d, inPlace ? STEP : g == 0 ? WRITE : ADD);
  }
  d.correct = correct;
  return cross ? E : 0.5 * <f64>sum4(squares);
}

/**
 * Rows first … first + lanes − 1 (in idx order) of X and Y transposed into one vector
 * per input (and per target): lane k is row k; lanes past the end of the batch hold zeros.
 */
// @ts-ignore: decorator
@inline function gatherGroup(d: Net, X: usize, Y: usize, idx: usize, first: i32, lanes: i32): void {
  const s1 = d.layer(0).in;
  const sn = d.last.out;
  const input = d.input;
  const target = d.target;
  if (lanes == 4) {
    const at = idx + <usize>first * 4;
    const r0 = <usize>load<u32>(at), r1 = <usize>load<u32>(at, 4), r2 = <usize>load<u32>(at, 8), r3 = <usize>load<u32>(at, 12);
    gatherLanes(input, X, r0, r1, r2, r3, s1);
    gatherLanes(target, Y, r0, r1, r2, r3, sn);
  } else {
    for (let k = 0; k < 4; k++) {
      const row = k < lanes ? <usize>load<u32>(idx + <usize>(first + k) * 4) : 0;
      for (let i = 0; i < s1; i++) store<f32>(input + <usize>(i * 4 + k) * 4, k < lanes ? load<f32>(X + (row * <usize>s1 + <usize>i) * 4) : 0);
      for (let j = 0; j < sn; j++) store<f32>(target + <usize>(j * 4 + k) * 4, k < lanes ? load<f32>(Y + (row * <usize>sn + <usize>j) * 4) : 0);
    }
  }
}

/** u_j = b_j + Σ_i w_ij t_i, t_j = f(u_j) for every layer, four rows at once (eq. (1), (2)). */
// @ts-ignore: decorator
@inline function forwardLanes(d: Net): void {
  let prev = d.input;
  for (let l = 0; l < d.layers; l++) {
    const layer = d.layer(l);
    const out = layer.out;
    const W = layer.W;
    const b = layer.b;
    const T = layer.T;
    const act = layer.activation;
    // Running pointers rather than index arithmetic: these loops are a few steps long.
    const stride = <usize>out * 4;
    const end = prev + <usize>layer.in * 16;
    for (let j = 0; j < out; j++) {
      let u = f32x4.splat(load<f32>(b + <usize>j * 4));
      let w = W + <usize>j * 4;
      for (let p = prev; p < end; p += 16) {
        u = madd(f32x4.splat(load<f32>(w)), v128.load(p), u);
        w += stride;
      }
      v128.store(T + <usize>j * 16, f4(u, act));
    }
    prev = T;
  }
}

/** mse: δ_j = (t_j − y_j) ⊙ f'(u_j) · scale (eq. (4)); returns `squares` plus (t − y)² per lane. */
// @ts-ignore: decorator
@inline function mseDeltaLanes(d: Net, valid: v128, scale: f32, squares: v128): v128 {
  const last = d.last;
  const sn = last.out;
  const TL = last.T;
  const DL = last.delta;
  const target = d.target;
  const act = last.activation;
  for (let j = 0; j < sn; j++) {
    const t = v128.load(TL + <usize>j * 16);
    const diff = v128.and(f32x4.sub(t, v128.load(target + <usize>j * 16)), valid);
    squares = madd(diff, diff, squares);
    // (df4's u is t: the lane path takes no activation whose f' needs u; see laneActivation.)
    v128.store(DL + <usize>j * 16, f32x4.mul(f32x4.mul(diff, f32x4.splat(scale)), df4(t, t, act)));
  }
  return squares;
}

/** Binary cross-entropy on a sigmoid output: δ_j = (t_j − y_j) · scale (eq. (4)); returns E of the group's rows. */
// @ts-ignore: decorator
@inline function crossEntropyDeltaLanes(d: Net, lanes: i32, valid: v128, scale: f32): f64 {
  const last = d.last;
  const TL = last.T;
  const target = d.target;
  const sn = last.out;
  let E: f64 = 0;
  for (let j = 0; j < sn; j++) {
    for (let k = 0; k < lanes; k++) {
      const tk = <f64>load<f32>(TL + <usize>(j * 4 + k) * 4);
      const yk = <f64>load<f32>(target + <usize>(j * 4 + k) * 4);
      E -= yk * Math.log(max(tk, 1e-30)) + (1 - yk) * Math.log(max(1 - tk, 1e-30));
    }
    const diff = v128.and(f32x4.sub(v128.load(TL + <usize>j * 16), v128.load(target + <usize>j * 16)), valid);
    v128.store(last.delta + <usize>j * 16, f32x4.mul(diff, f32x4.splat(scale)));
  }
  return E;
}

/** Rows of the group classified right: t ≥ ½ agreeing with y ≥ ½ for one output, else the arg-max. */
// @ts-ignore: decorator
@inline function rightLanes(d: Net, lanes: i32, valid: v128): i32 {
  const last = d.last;
  const TL = last.T;
  const target = d.target;
  const sn = last.out;
  if (sn == 1) {
    const half = f32x4.splat(0.5);
    const agree = v128.and(v128.not(v128.xor(f32x4.ge(v128.load(TL), half), f32x4.ge(v128.load(target), half))), valid);
    return -(i32x4.extract_lane(agree, 0) + i32x4.extract_lane(agree, 1) + i32x4.extract_lane(agree, 2) + i32x4.extract_lane(agree, 3));
  }
  let correct = 0;
  for (let k = 0; k < lanes; k++) {
    let bt = 0, by = 0;
    for (let j = 1; j < sn; j++) {
      if (load<f32>(TL + <usize>(j * 4 + k) * 4) > load<f32>(TL + <usize>(bt * 4 + k) * 4)) bt = j;
      if (load<f32>(target + <usize>(j * 4 + k) * 4) > load<f32>(target + <usize>(by * 4 + k) * 4)) by = j;
    }
    if (bt == by) correct++;
  }
  return correct;
}

/**
 * From the output δ down: each layer's δ for the layer below (eq. (5)), then its
 * ∂E/∂w_ij = Σ_lanes t_i δ_j and ∂E/∂b_j = Σ_lanes δ_j (eq. (6)), put where `mode` says.
 */
// @ts-ignore: decorator
@inline function backwardLanes(d: Net, mode: i32): void {
  const toTheta = d.theta - d.grad;
  const eta = d.learningRate;
  const lambda = d.weightDecay;
  for (let l = d.layers - 1; l >= 0; l--) {
    const layer = d.layer(l);
    const inp = layer.in;
    const out = layer.out;
    const D = layer.delta;
    const gW = layer.gradW;
    const gb = layer.gradB;
    const Tprev = l == 0 ? d.input : d.layer(l - 1).T;
    const out4 = out & ~3;
    // δ of the layer below first: it needs W before a step changes it.
    if (l > 0) {
      const below = d.layer(l - 1);
      const Dprev = below.delta;
      const actPrev = below.activation;
      const end = D + <usize>out * 16;
      let w = layer.W; // row i of W, then row i + 1: W is inp × out, row-major
      for (let i = 0; i < inp; i++) {
        let s = f32x4.splat(0);
        for (let p = D; p < end; p += 16) {
          s = madd(f32x4.splat(load<f32>(w)), v128.load(p), s);
          w += 4;
        }
        const t = v128.load(Tprev + <usize>i * 16);
        v128.store(Dprev + <usize>i * 16, f32x4.mul(s, df4(t, t, actPrev)));
      }
    }
    let first = 0;
    if (out == 1) {
      // One output (a binary or a single regression output): four inputs per round,
      // whose gradients are neighbours in memory.
      const dj = v128.load(D);
      for (; first + 4 <= inp; first += 4) {
        const at = Tprev + <usize>first * 16;
        const v = sums4(f32x4.mul(v128.load(at), dj), f32x4.mul(v128.load(at, 16), dj), f32x4.mul(v128.load(at, 32), dj), f32x4.mul(v128.load(at, 48), dj));
        give4(gW + <usize>first * 4, v, mode, toTheta, eta, lambda);
      }
    }
    for (let i = first; i < inp; i++) {
      const t = v128.load(Tprev + <usize>i * 16);
      const row = gW + <usize>(i * out) * 4;
      let j = 0;
      for (; j < out4; j += 4) {
        const at = D + <usize>j * 16;
        const v = sums4(f32x4.mul(t, v128.load(at)), f32x4.mul(t, v128.load(at, 16)), f32x4.mul(t, v128.load(at, 32)), f32x4.mul(t, v128.load(at, 48)));
        give4(row + <usize>j * 4, v, mode, toTheta, eta, lambda);
      }
      for (; j < out; j++) give1(row + <usize>j * 4, sum4(f32x4.mul(t, v128.load(D + <usize>j * 16))), mode, toTheta, eta, lambda);
    }
    let j = 0;
    for (; j < out4; j += 4) {
      const at = D + <usize>j * 16;
      give4(gb + <usize>j * 4, sums4(v128.load(at), v128.load(at, 16), v128.load(at, 32), v128.load(at, 48)), mode, toTheta, eta, 0);
    }
    for (; j < out; j++) give1(gb + <usize>j * 4, sum4(v128.load(D + <usize>j * 16)), mode, toTheta, eta, 0);
  }
}
