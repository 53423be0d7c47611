/**
 * Activations, value and derivative side by side. Each derivative is written in
 * terms of the layer's output t = f(u), so the backward pass needs only t:
 *
 *   activation   t = f(u)                      f'(u) from t
 *   linear       u                             1
 *   sigmoid      1 / (1 + e^(−u))              t (1 − t)          (the seed's f)
 *                (e^x four lanes at a time: exp.ts, within 2 ulp)
 *   tanh         tanh u                        1 − t²
 *   relu         max(0, u)                     [t > 0]
 *   leaky relu   u > 0 ? u : α u  (α = 0.01)   t > 0 ? 1 : α
 *   softmax      e^(u_j) / Σ_k e^(u_k)         output layer only; its δ comes
 *                                              from the loss (losses.ts)
 */
import { Activation } from '../src/codes';
import { exp4 } from './exp';

export const LEAKY_SLOPE: f32 = 0.01;

/** t = f(u + b) in place over rows × cols, where T holds u = t^(l)·W on entry. */
export function bias_activate(T: usize, b: usize, rows: i32, cols: i32, act: i32): void {
  const vcols = cols & ~3;
  const rowBytes = <usize>cols * 4;
  for (let r = 0; r < rows; r++) {
    const row = T + <usize>r * rowBytes;
    if (act == Activation.Relu || act == Activation.LeakyRelu || act == Activation.Linear) {
      const zero = f32x4.splat(0);
      const slope = f32x4.splat(act == Activation.LeakyRelu ? LEAKY_SLOPE : 0);
      let j = 0;
      for (; j < vcols; j += 4) {
        const at = row + <usize>j * 4;
        const u = f32x4.add(v128.load(at), v128.load(b + <usize>j * 4));
        if (act == Activation.Linear) v128.store(at, u);
        else v128.store(at, v128.bitselect(u, f32x4.mul(u, slope), f32x4.gt(u, zero)));
      }
      for (; j < cols; j++) {
        const at = row + <usize>j * 4;
        const u = load<f32>(at) + load<f32>(b + <usize>j * 4);
        store<f32>(at, act == Activation.Linear || u > 0 ? u : u * (act == Activation.LeakyRelu ? LEAKY_SLOPE : 0));
      }
    } else if (act == Activation.Sigmoid) {
      const one = f32x4.splat(1);
      let j = 0;
      for (; j < vcols; j += 4) {
        const at = row + <usize>j * 4;
        const u = f32x4.add(v128.load(at), v128.load(b + <usize>j * 4));
        v128.store(at, f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(u)))));
      }
      for (; j < cols; j++) {
        const at = row + <usize>j * 4;
        const u = load<f32>(at) + load<f32>(b + <usize>j * 4);
        store<f32>(at, <f32>1 / (<f32>1 + Mathf.exp(-u)));
      }
    } else if (act == Activation.Tanh) {
      for (let j = 0; j < cols; j++) {
        const at = row + <usize>j * 4;
        store<f32>(at, Mathf.tanh(load<f32>(at) + load<f32>(b + <usize>j * 4)));
      }
    } else if (act == Activation.Softmax) {
      // Shift by the row maximum so no exponent overflows; the result is unchanged.
      let max = -Infinity as f32;
      for (let j = 0; j < cols; j++) {
        const at = row + <usize>j * 4;
        const u = load<f32>(at) + load<f32>(b + <usize>j * 4);
        store<f32>(at, u);
        max = Mathf.max(max, u);
      }
      let sum: f32 = 0;
      let sums = f32x4.splat(0);
      const shift = f32x4.splat(max);
      let j = 0;
      for (; j < vcols; j += 4) {
        const at = row + <usize>j * 4;
        const e = exp4(f32x4.sub(v128.load(at), shift));
        v128.store(at, e);
        sums = f32x4.add(sums, e);
      }
      for (; j < cols; j++) {
        const at = row + <usize>j * 4;
        const e = Mathf.exp(load<f32>(at) - max);
        store<f32>(at, e);
        sum += e;
      }
      sum += f32x4.extract_lane(sums, 0) + f32x4.extract_lane(sums, 1) + f32x4.extract_lane(sums, 2) + f32x4.extract_lane(sums, 3);
      const inv = <f32>1 / sum;
      for (let j = 0; j < cols; j++) {
        const at = row + <usize>j * 4;
        store<f32>(at, load<f32>(at) * inv);
      }
    }
  }
}

/** D ⊙= f'(u) over count values, f' taken from T = f(u): the f'(u^(l)) factor of eq. (1). */
export function times_derivative(D: usize, T: usize, count: i32, act: i32): void {
  if (act == Activation.Linear) return;
  const n4 = count & ~3;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const slope = f32x4.splat(LEAKY_SLOPE);
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    const d = v128.load(D + at);
    const t = v128.load(T + at);
    let r: v128;
    if (act == Activation.Sigmoid) r = f32x4.mul(d, f32x4.mul(t, f32x4.sub(one, t)));
    else if (act == Activation.Tanh) r = f32x4.mul(d, f32x4.sub(one, f32x4.mul(t, t)));
    else if (act == Activation.Relu) r = v128.and(d, f32x4.gt(t, zero));
    else r = v128.bitselect(d, f32x4.mul(d, slope), f32x4.gt(t, zero));
    v128.store(D + at, r);
  }
  for (; i < count; i++) {
    const at = <usize>i * 4;
    store<f32>(D + at, load<f32>(D + at) * derivative(load<f32>(T + at), act));
  }
}

/** f'(u) from t = f(u), one value. */
// @ts-ignore: decorator
@inline export function derivative(t: f32, act: i32): f32 {
  if (act == Activation.Sigmoid) return t * (<f32>1 - t);
  if (act == Activation.Tanh) return <f32>1 - t * t;
  if (act == Activation.Relu) return t > 0 ? 1 : 0;
  if (act == Activation.LeakyRelu) return t > 0 ? 1 : LEAKY_SLOPE;
  return 1;
}

/** a[i] += b[i] for i < n (four lanes, scalar tail): one row of δ into a bias gradient. */
export function add_into(a: usize, b: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    v128.store(a + at, f32x4.add(v128.load(a + at), v128.load(b + at)));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    store<f32>(a + at, load<f32>(a + at) + load<f32>(b + at));
  }
}

/** ∂E/∂b = Σ_rows δ (column sums of D, rows × cols); with accumulate ≠ 0 adds to gb. */
export function column_sum(D: usize, gb: usize, rows: i32, cols: i32, accumulate: i32): void {
  // Not accumulating, the sum starts as the first row (a copy, not a fill and an add:
  // for the few columns of small networks the calls cost more than the work).
  if (!accumulate) {
    if (rows <= 0) {
      for (let j = 0; j < cols; j++) store<f32>(gb + <usize>j * 4, 0);
      return;
    }
    for (let j = 0; j < cols; j++) store<f32>(gb + <usize>j * 4, load<f32>(D + <usize>j * 4));
  }
  for (let r = accumulate ? 0 : 1; r < rows; r++) add_into(gb, D + <usize>r * <usize>cols * 4, cols);
}
