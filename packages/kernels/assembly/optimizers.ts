/**
 * Parameter updates over n values of θ with gradient g = ∂E/∂θ (SIMD, scalar tail).
 *
 *   sgd        θ ← θ − η g                                          (the derivation; eq. (7))
 *   momentum   v ← μ v − η g;   θ ← θ + v                           (Polyak; Sutskever et al. 2013)
 *   nesterov   v ← μ v − η g;   θ ← θ + μ v − η g                   (Sutskever et al. 2013, as in Keras)
 *   adam       m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²
 *              θ ← θ − α · (m c1) / (√(v c2) + ε),   c1 = 1/(1 − β1^t), c2 = 1/(1 − β2^t)
 *                                                                    (Kingma & Ba 2015, Algorithm 1)
 *   rmsprop    s ← ρ s + (1 − ρ) g²;   θ ← θ − η g / (√s + ε)       (Tieleman & Hinton 2012)
 */
import { Optimizer } from '../src/codes';

/** State arrays an optimizer keeps, each as long as θ (Moment1, Moment2 of the descriptor). */
export function momentsOf(opt: i32): i32 {
  switch (opt) {
    case Optimizer.Sgd: return 0;
    case Optimizer.Momentum:
    case Optimizer.Nesterov:
    case Optimizer.RmsProp: return 1;
    case Optimizer.Adam: return 2;
    default: unreachable();
  }
  return 0;
}

export function sgd_step(theta: usize, g: usize, n: i32, eta: f32): void {
  const n4 = n & ~3;
  const e = f32x4.splat(eta);
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    v128.store(theta + at, f32x4.sub(v128.load(theta + at), f32x4.mul(e, v128.load(g + at))));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    store<f32>(theta + at, load<f32>(theta + at) - eta * load<f32>(g + at));
  }
}

export function momentum_step(theta: usize, g: usize, vel: usize, n: i32, eta: f32, mu: f32, nesterov: i32): void {
  const n4 = n & ~3;
  const e = f32x4.splat(eta);
  const m = f32x4.splat(mu);
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    const step = f32x4.mul(e, v128.load(g + at));
    const v = f32x4.sub(f32x4.mul(m, v128.load(vel + at)), step);
    v128.store(vel + at, v);
    const d = nesterov ? f32x4.sub(f32x4.mul(m, v), step) : v;
    v128.store(theta + at, f32x4.add(v128.load(theta + at), d));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    const step = eta * load<f32>(g + at);
    const v = mu * load<f32>(vel + at) - step;
    store<f32>(vel + at, v);
    store<f32>(theta + at, load<f32>(theta + at) + (nesterov ? mu * v - step : v));
  }
}

export function adam_step(theta: usize, g: usize, m: usize, v: usize, n: i32, alpha: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32): void {
  const n4 = n & ~3;
  const b1 = f32x4.splat(beta1), b1c = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2), b2c = f32x4.splat(1 - beta2);
  const a = f32x4.splat(alpha), eps = f32x4.splat(epsilon);
  const k1 = f32x4.splat(c1), k2 = f32x4.splat(c2);
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    const gi = v128.load(g + at);
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + at)), f32x4.mul(b1c, gi));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + at)), f32x4.mul(b2c, f32x4.mul(gi, gi)));
    v128.store(m + at, mi);
    v128.store(v + at, vi);
    const step = f32x4.div(f32x4.mul(k1, mi), f32x4.add(f32x4.sqrt(f32x4.mul(k2, vi)), eps));
    v128.store(theta + at, f32x4.sub(v128.load(theta + at), f32x4.mul(a, step)));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    const gi = load<f32>(g + at);
    const mi = beta1 * load<f32>(m + at) + (1 - beta1) * gi;
    const vi = beta2 * load<f32>(v + at) + (1 - beta2) * (gi * gi); // as the lanes round it
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(theta + at, load<f32>(theta + at) - alpha * ((c1 * mi) / (Mathf.sqrt(c2 * vi) + epsilon)));
  }
}

export function rmsprop_step(theta: usize, g: usize, s: usize, n: i32, eta: f32, rho: f32, epsilon: f32): void {
  const n4 = n & ~3;
  const r = f32x4.splat(rho), rc = f32x4.splat(1 - rho);
  const e = f32x4.splat(eta), eps = f32x4.splat(epsilon);
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    const gi = v128.load(g + at);
    const si = f32x4.add(f32x4.mul(r, v128.load(s + at)), f32x4.mul(rc, f32x4.mul(gi, gi)));
    v128.store(s + at, si);
    v128.store(theta + at, f32x4.sub(v128.load(theta + at), f32x4.div(f32x4.mul(e, gi), f32x4.add(f32x4.sqrt(si), eps))));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    const gi = load<f32>(g + at);
    const si = rho * load<f32>(s + at) + (1 - rho) * (gi * gi); // as the lanes round it
    store<f32>(s + at, si);
    store<f32>(theta + at, load<f32>(theta + at) - (eta * gi) / (Mathf.sqrt(si) + epsilon));
  }
}

/** g += λ θ over n values: the gradient of the L2 penalty ½ λ ‖W‖². */
export function add_weight_decay(g: usize, theta: usize, n: i32, lambda: f32): void {
  const n4 = n & ~3;
  const l = f32x4.splat(lambda);
  let i = 0;
  for (; i < n4; i += 4) {
    const at = <usize>i * 4;
    v128.store(g + at, f32x4.add(v128.load(g + at), f32x4.mul(l, v128.load(theta + at))));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    store<f32>(g + at, load<f32>(g + at) + lambda * load<f32>(theta + at));
  }
}

/** 1 when all n values are finite, else 0. */
export function all_finite(x: usize, n: i32): i32 {
  // v − v is +0 for every finite v and NaN otherwise: OR the bits of many together and
  // look once (a branch per value would cost more than the arithmetic).
  const n16 = n & ~15;
  let a = v128.splat<i32>(0), b = v128.splat<i32>(0);
  let i = 0;
  for (; i < n16; i += 16) {
    const at = x + <usize>i * 4;
    let v = v128.load(at);
    a = v128.or(a, f32x4.sub(v, v));
    v = v128.load(at, 16);
    b = v128.or(b, f32x4.sub(v, v));
    v = v128.load(at, 32);
    a = v128.or(a, f32x4.sub(v, v));
    v = v128.load(at, 48);
    b = v128.or(b, f32x4.sub(v, v));
  }
  if (v128.any_true(v128.or(a, b))) return 0;
  for (; i < n; i++) {
    const v = load<f32>(x + <usize>i * 4);
    if (v - v != 0) return 0;
  }
  return 1;
}
