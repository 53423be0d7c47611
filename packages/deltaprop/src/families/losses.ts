/**
 * The losses: one entry per loss, E of one sample beside the output δ it starts the
 * backward pass with. From this table come the public name (LossName), the code in
 * the kernels (the Loss enum, matched by a test) and the reference backend's E and
 * δ^(n) = ∂E/∂u^(n) (float64); packages/kernels/assembly/losses.ts holds the float32
 * twins. Equation numbers are those of the README's mathematics section.
 */
import { Loss } from '@deltaprop/kernels';
import { type ActivationName, activations, isElementwise } from './activations.js';

/** Logarithms clamp their argument here, so a saturated output gives a large finite E. */
const TINY = 1e-30;

export interface LossEntry {
  code: Loss;
  /**
   * E of one sample and δ^(n) = ∂E/∂u^(n), for an output layer with activation `act`,
   * outputs t = f(u) and target y.
   */
  output(t: Float64Array, u: Float64Array, y: ArrayLike<number>, act: ActivationName): { E: number; delta: Float64Array };
}

export const losses = {
  /** E = ½ ‖y − t‖² (eq. (3)), δ = (t − y) ⊙ f′(u) (eq. (4)). */
  mse: {
    code: Loss.Mse,
    output(t, u, y, act) {
      const delta = new Float64Array(t.length);
      let E = 0;
      for (let j = 0; j < t.length; j++) E += 0.5 * (y[j]! - t[j]!) ** 2;
      if (isElementwise(act)) {
        const { df } = activations[act];
        for (let j = 0; j < t.length; j++) delta[j] = (t[j]! - y[j]!) * df(u[j]!);
      } else {
        // softmax: ∂t_k/∂u_j = t_k (δ_kj − t_j), so δ_j = t_j (g_j − Σ_k g_k t_k) with g = t − y.
        let gt = 0;
        for (let k = 0; k < t.length; k++) gt += (t[k]! - y[k]!) * t[k]!;
        for (let j = 0; j < t.length; j++) delta[j] = t[j]! * (t[j]! - y[j]! - gt);
      }
      return { E, delta };
    },
  },
  /**
   * Softmax output: E = −Σ y log t. Sigmoid output: E = −Σ [y log t + (1 − y) log(1 − t)].
   * Either way δ = t − y (eq. (4)).
   */
  'cross-entropy': {
    code: Loss.CrossEntropy,
    output(t, _u, y, act) {
      const delta = new Float64Array(t.length);
      let E = 0;
      for (let j = 0; j < t.length; j++) {
        E -= y[j]! * Math.log(Math.max(t[j]!, TINY));
        if (act === 'sigmoid') E -= (1 - y[j]!) * Math.log(Math.max(1 - t[j]!, TINY));
        delta[j] = t[j]! - y[j]!;
      }
      return { E, delta };
    },
  },
} as const satisfies Record<string, LossEntry>;

/**
 * `mse`: E = ½‖y − t‖² per sample (the derivation's loss).
 * `cross-entropy`: with a softmax output E = −Σ y·log t; with a sigmoid output the
 * binary form E = −Σ [y·log t + (1 − y)·log(1 − t)]. Both give the output δ = t − y.
 */
export type LossName = keyof typeof losses;
export const lossNames = Object.keys(losses) as readonly LossName[];
/** name → the kernels' code. */
export const lossCodes = Object.fromEntries(lossNames.map((n) => [n, losses[n].code])) as Record<LossName, Loss>;
