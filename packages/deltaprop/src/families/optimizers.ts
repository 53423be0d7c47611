/**
 * The optimizers: one entry per update rule, each citing its source and using its
 * variable names. From this table come the public name (OptimizerName), the code in
 * the kernels (the Optimizer enum, matched by a test), how many state arrays the
 * rule keeps, and the reference backend's step (float64, one value at a time);
 * packages/kernels/assembly/optimizers.ts holds the float32 SIMD twins.
 *
 * `step` updates θ_i in place given g_i = ∂E/∂θ_i; m and v are the state arrays
 * (zero before the first step), `k` the 1-based step number (Adam's bias correction).
 */
import { Optimizer } from '@deltaprop/kernels';

export interface Hyper {
  /** η (Adam's α). */
  learningRate: number;
  /** Momentum μ, Adam's β1 or RMSprop's ρ. */
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface OptimizerEntry {
  code: Optimizer;
  /** State arrays, each as long as θ: 0, 1 (velocity, mean square) or 2 (Adam's m and v). */
  moments: 0 | 1 | 2;
  step(h: Hyper, k: number, theta: Float64Array, g: ArrayLike<number>, m: Float64Array, v: Float64Array, i: number): void;
}

export const optimizers = {
  /** θ ← θ − η g: gradient descent, eq. (7). */
  sgd: {
    code: Optimizer.Sgd,
    moments: 0,
    step: ({ learningRate: eta }, _k, theta, g, _m, _v, i) => {
      theta[i]! -= eta * g[i]!;
    },
  },
  /** v ← μ v − η g;  θ ← θ + v (Polyak; Sutskever et al. 2013). */
  momentum: {
    code: Optimizer.Momentum,
    moments: 1,
    step: ({ learningRate: eta, beta1: mu }, _k, theta, g, m, _v, i) => {
      m[i] = mu * m[i]! - eta * g[i]!;
      theta[i]! += m[i]!;
    },
  },
  /** v ← μ v − η g;  θ ← θ + μ v − η g (Sutskever et al. 2013, as in Keras). */
  nesterov: {
    code: Optimizer.Nesterov,
    moments: 1,
    step: ({ learningRate: eta, beta1: mu }, _k, theta, g, m, _v, i) => {
      m[i] = mu * m[i]! - eta * g[i]!;
      theta[i]! += mu * m[i]! - eta * g[i]!;
    },
  },
  /** m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;  θ ← θ − α m̂ / (√v̂ + ε) (Kingma & Ba 2015, Algorithm 1). */
  adam: {
    code: Optimizer.Adam,
    moments: 2,
    step: ({ learningRate: alpha, beta1, beta2, epsilon }, k, theta, g, m, v, i) => {
      m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
      v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
      const mHat = m[i]! / (1 - beta1 ** k);
      const vHat = v[i]! / (1 - beta2 ** k);
      theta[i]! -= (alpha * mHat) / (Math.sqrt(vHat) + epsilon);
    },
  },
  /** s ← ρ s + (1 − ρ) g²;  θ ← θ − η g / (√s + ε) (Tieleman & Hinton 2012); s is kept in m. */
  rmsprop: {
    code: Optimizer.RmsProp,
    moments: 1,
    step: ({ learningRate: eta, beta1: rho, epsilon }, _k, theta, g, s, _v, i) => {
      s[i] = rho * s[i]! + (1 - rho) * g[i]! * g[i]!;
      theta[i]! -= (eta * g[i]!) / (Math.sqrt(s[i]!) + epsilon);
    },
  },
} as const satisfies Record<string, OptimizerEntry>;

export type OptimizerName = keyof typeof optimizers;
/** Every optimizer's name, in the table's order. */
export const optimizerNames = Object.keys(optimizers) as readonly OptimizerName[];
/** name → the kernels' code. */
export const optimizerCodes = Object.fromEntries(optimizerNames.map((n) => [n, optimizers[n].code])) as Record<OptimizerName, Optimizer>;
