/**
 * Activations, value and derivative side by side. A derivative is written in terms
 * of the layer's output t = f(u) where f is invertible, so the backward pass needs
 * only t; an activation whose f' needs u itself says so in keepsU, and the forward
 * pass then keeps u in the layer's U buffer:
 *
 *   activation   t = f(u)                      f'(u), from t (or u)
 *   linear       u                             1
 *   sigmoid      1 / (1 + e^(−u))              t (1 − t)          (the derivation's f)
 *                (e^x four lanes at a time: exp.ts, within 2 ulp)
 *   tanh         tanh u                        1 − t²
 *   relu         max(0, u)                     [t > 0]
 *   leaky relu   u > 0 ? u : α u  (α = 0.01)   t > 0 ? 1 : α
 *   softmax      e^(u_j) / Σ_k e^(u_k)         output layer only; its δ comes
 *                                              from the loss (losses.ts)
 *   elu          u > 0 ? u : α (e^u − 1)       t > 0 ? 1 : t + α   (α = 1; Clevert et al. 2016)
 *   softplus     ln(1 + e^u)                   1 − e^(−t)          (= 1/(1 + e^(−u)); within 1e-7 absolute)
 *                = max(u, 0) + ln(1 + e^(−|u|)), which never overflows
 *   gelu         ½ u (1 + tanh z)              s + u s (1 − s) 2k (1 + 3c u²)   from u (keepsU)
 *                z = k (u + c u³), computed as u s with s = ½ (1 + tanh z) = 1/(1 + e^(−2z))
 *                (tanh approximation, k = √(2/π), c = 0.044715; Hendrycks & Gimpel 2016)
 */
import { Activation, ELU_ALPHA, GELU_C, GELU_K, LEAKY_SLOPE } from '../src/codes';
import { exp4 } from './exp';
import { madd } from './simd';

// The table. Every function below dispatches on the code with a switch that ends in
// unreachable(): a code this file does not know traps instead of computing another
// activation. Called with a constant code (see bias_activate), the switch folds away.

/** t = f(u), four lanes. */
// @ts-ignore: decorator
@inline export function f4(u: v128, act: i32): v128 {
  switch (act) {
    case Activation.Linear: return u;
    case Activation.Sigmoid: return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(u))));
    case Activation.Tanh: return tanh4(u);
    case Activation.Relu: return v128.bitselect(u, f32x4.mul(u, f32x4.splat(0)), f32x4.gt(u, f32x4.splat(0)));
    case Activation.LeakyRelu: return v128.bitselect(u, f32x4.mul(u, f32x4.splat(<f32>LEAKY_SLOPE)), f32x4.gt(u, f32x4.splat(0)));
    case Activation.Elu: return v128.bitselect(u, f32x4.mul(f32x4.splat(<f32>ELU_ALPHA), f32x4.sub(exp4(u), f32x4.splat(1))), f32x4.gt(u, f32x4.splat(0)));
    case Activation.Softplus: return f32x4.add(f32x4.pmax(u, f32x4.splat(0)), log1p4(exp4(f32x4.neg(f32x4.abs(u)))));
    case Activation.Gelu: return f32x4.mul(u, geluS4(u));
    default: unreachable(); // softmax is a function of the whole row: softmaxRow
  }
  return u;
}

/** t = f(u), one value. */
// @ts-ignore: decorator
@inline export function f1(u: f32, act: i32): f32 {
  switch (act) {
    case Activation.Linear: return u;
    case Activation.Sigmoid: return <f32>1 / (<f32>1 + Mathf.exp(-u));
    case Activation.Tanh: return Mathf.tanh(u);
    case Activation.Relu: return u > 0 ? u : u * 0;
    case Activation.LeakyRelu: return u > 0 ? u : u * <f32>LEAKY_SLOPE;
    case Activation.Elu: return u > 0 ? u : <f32>ELU_ALPHA * (Mathf.exp(u) - 1);
    case Activation.Softplus: return Mathf.max(u, 0) + Mathf.log1p(Mathf.exp(-Mathf.abs(u)));
    case Activation.Gelu: return u * geluS1(u);
    default: unreachable();
  }
  return u;
}

/** Whether f' is taken from u (kept by the forward pass in U) rather than from t = f(u). */
// @ts-ignore: decorator
@inline export function keepsU(act: i32): bool {
  switch (act) {
    case Activation.Linear:
    case Activation.Sigmoid:
    case Activation.Tanh:
    case Activation.Relu:
    case Activation.LeakyRelu:
    case Activation.Softmax:
    case Activation.Elu:
    case Activation.Softplus:
      return false;
    case Activation.Gelu:
      return true;
    default: unreachable();
  }
  return false;
}

/** f'(u) from t = f(u) (or from u itself, where keepsU), four lanes. */
// @ts-ignore: decorator
@inline export function df4(t: v128, u: v128, act: i32): v128 {
  switch (act) {
    case Activation.Linear: return f32x4.splat(1);
    case Activation.Sigmoid: return f32x4.mul(t, f32x4.sub(f32x4.splat(1), t));
    case Activation.Tanh: return f32x4.sub(f32x4.splat(1), f32x4.mul(t, t));
    case Activation.Relu: return v128.and(f32x4.splat(1), f32x4.gt(t, f32x4.splat(0)));
    case Activation.LeakyRelu: return v128.bitselect(f32x4.splat(1), f32x4.splat(<f32>LEAKY_SLOPE), f32x4.gt(t, f32x4.splat(0)));
    case Activation.Elu: return v128.bitselect(f32x4.splat(1), f32x4.add(t, f32x4.splat(<f32>ELU_ALPHA)), f32x4.gt(t, f32x4.splat(0)));
    case Activation.Softplus: return f32x4.sub(f32x4.splat(1), exp4(f32x4.neg(t)));
    case Activation.Gelu: {
      const s = geluS4(u);
      const dz = madd(f32x4.splat(<f32>(6 * GELU_K * GELU_C)), f32x4.mul(u, u), f32x4.splat(<f32>(2 * GELU_K))); // 2k (1 + 3c u²)
      return madd(f32x4.mul(f32x4.mul(u, s), f32x4.sub(f32x4.splat(1), s)), dz, s);
    }
    default: unreachable(); // softmax: its f' enters through the loss (losses.ts)
  }
  return t;
}

/** f'(u) from t = f(u) (or from u, where keepsU), one value. */
// @ts-ignore: decorator
@inline export function df1(t: f32, u: f32, act: i32): f32 {
  switch (act) {
    case Activation.Linear: return 1;
    case Activation.Sigmoid: return t * (<f32>1 - t);
    case Activation.Tanh: return <f32>1 - t * t;
    case Activation.Relu: return t > 0 ? 1 : 0;
    case Activation.LeakyRelu: return t > 0 ? 1 : <f32>LEAKY_SLOPE;
    case Activation.Elu: return t > 0 ? 1 : t + <f32>ELU_ALPHA;
    case Activation.Softplus: return <f32>1 - Mathf.exp(-t);
    case Activation.Gelu: {
      const s = geluS1(u);
      return s + u * s * (<f32>1 - s) * (<f32>(2 * GELU_K) + <f32>(6 * GELU_K * GELU_C) * u * u);
    }
    default: unreachable();
  }
  return t;
}

/** GELU's s = ½ (1 + tanh z) = 1/(1 + e^(−2z)), z = k (u + c u³), four lanes. */
// @ts-ignore: decorator
@inline function geluS4(u: v128): v128 {
  const z = f32x4.mul(f32x4.splat(<f32>GELU_K), madd(f32x4.mul(f32x4.splat(<f32>GELU_C), u), f32x4.mul(u, u), u));
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.mul(f32x4.splat(-2), z))));
}

/** geluS4 for one value. */
// @ts-ignore: decorator
@inline function geluS1(u: f32): f32 {
  const z = <f32>GELU_K * (u + <f32>GELU_C * u * u * u);
  return <f32>1 / (<f32>1 + Mathf.exp(<f32>-2 * z));
}

/** ln(1 + x) lane by lane (Mathf.log1p: no four-lane form yet). */
// @ts-ignore: decorator
@inline function log1p4(x: v128): v128 {
  let y = f32x4.splat(Mathf.log1p(f32x4.extract_lane(x, 0)));
  y = f32x4.replace_lane(y, 1, Mathf.log1p(f32x4.extract_lane(x, 1)));
  y = f32x4.replace_lane(y, 2, Mathf.log1p(f32x4.extract_lane(x, 2)));
  return f32x4.replace_lane(y, 3, Mathf.log1p(f32x4.extract_lane(x, 3)));
}

/** tanh lane by lane (Mathf.tanh: no four-lane form yet). */
// @ts-ignore: decorator
@inline function tanh4(u: v128): v128 {
  let t = f32x4.splat(Mathf.tanh(f32x4.extract_lane(u, 0)));
  t = f32x4.replace_lane(t, 1, Mathf.tanh(f32x4.extract_lane(u, 1)));
  t = f32x4.replace_lane(t, 2, Mathf.tanh(f32x4.extract_lane(u, 2)));
  return f32x4.replace_lane(t, 3, Mathf.tanh(f32x4.extract_lane(u, 3)));
}

// The kernels over the table.

/** keepsU for the TypeScript side, which gives such layers a U buffer: 1 or 0. */
export function keeps_u(act: i32): i32 {
  return keepsU(act) ? 1 : 0;
}

/**
 * t = f(u + b) in place over rows × cols, where T holds u = t^(l)·W on entry (eq. (1),
 * (2)); where keepsU(act) and U ≠ 0, u + b is also stored in U (rows × cols).
 */
export function bias_activate(T: usize, b: usize, rows: i32, cols: i32, act: i32, U: usize): void {
  // One case per code, each calling the loop with a constant: the loop is compiled once
  // per activation, with no dispatch inside it.
  switch (act) {
    case Activation.Linear: activateRows(T, b, U, rows, cols, Activation.Linear); break;
    case Activation.Sigmoid: activateRows(T, b, U, rows, cols, Activation.Sigmoid); break;
    case Activation.Tanh: activateRows(T, b, U, rows, cols, Activation.Tanh); break;
    case Activation.Relu: activateRows(T, b, U, rows, cols, Activation.Relu); break;
    case Activation.LeakyRelu: activateRows(T, b, U, rows, cols, Activation.LeakyRelu); break;
    case Activation.Elu: activateRows(T, b, U, rows, cols, Activation.Elu); break;
    case Activation.Softplus: activateRows(T, b, U, rows, cols, Activation.Softplus); break;
    case Activation.Gelu: activateRows(T, b, U, rows, cols, Activation.Gelu); break;
    case Activation.Softmax: for (let r = 0; r < rows; r++) softmaxRow(T + <usize>r * <usize>cols * 4, b, cols); break;
    default: unreachable();
  }
}

// @ts-ignore: decorator
@inline function activateRows(T: usize, b: usize, U: usize, rows: i32, cols: i32, act: i32): void {
  const vcols = cols & ~3;
  const rowBytes = <usize>cols * 4;
  // Folds to false for the activations whose f' comes from t.
  const keep = keepsU(act) && U != 0;
  const toU = U - T;
  for (let r = 0; r < rows; r++) {
    const row = T + <usize>r * rowBytes;
    let j = 0;
    for (; j < vcols; j += 4) {
      const at = row + <usize>j * 4;
      const u = f32x4.add(v128.load(at), v128.load(b + <usize>j * 4));
      if (keep) v128.store(at + toU, u);
      v128.store(at, f4(u, act));
    }
    for (; j < cols; j++) {
      const at = row + <usize>j * 4;
      const u = load<f32>(at) + load<f32>(b + <usize>j * 4);
      if (keep) store<f32>(at + toU, u);
      store<f32>(at, f1(u, act));
    }
  }
}

/** t = softmax(u + b) over one row: e^(u_j) / Σ_k e^(u_k). */
function softmaxRow(row: usize, b: usize, cols: i32): void {
  const vcols = cols & ~3;
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

/**
 * D ⊙= f'(u) over count values, f' taken from T = f(u), or from U = u where keepsU:
 * the f'(u^(l)) factor of eq. (5).
 */
export function times_derivative(D: usize, T: usize, count: i32, act: i32, U: usize): void {
  switch (act) {
    case Activation.Linear: break; // f' = 1
    case Activation.Sigmoid: timesDerivative(D, T, U, count, Activation.Sigmoid); break;
    case Activation.Tanh: timesDerivative(D, T, U, count, Activation.Tanh); break;
    case Activation.Relu: timesDerivative(D, T, U, count, Activation.Relu); break;
    case Activation.LeakyRelu: timesDerivative(D, T, U, count, Activation.LeakyRelu); break;
    case Activation.Elu: timesDerivative(D, T, U, count, Activation.Elu); break;
    case Activation.Softplus: timesDerivative(D, T, U, count, Activation.Softplus); break;
    case Activation.Gelu: timesDerivative(D, T, U, count, Activation.Gelu); break;
    default: unreachable(); // softmax is an output layer's, whose δ comes from the loss
  }
}

// @ts-ignore: decorator
@inline function timesDerivative(D: usize, T: usize, U: usize, count: i32, act: i32): void {
  const n4 = count & ~3;
  // u is read only where f' needs it (a constant per activation once inlined).
  const fromU = keepsU(act);
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    const t = v128.load(T + at);
    v128.store(D + at, f32x4.mul(v128.load(D + at), df4(t, fromU ? v128.load(U + at) : t, act)));
  }
  for (; i < count; i++) {
    const at = <usize>i * 4;
    const t = load<f32>(T + at);
    store<f32>(D + at, load<f32>(D + at) * df1(t, fromU ? load<f32>(U + at) : t, act));
  }
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
