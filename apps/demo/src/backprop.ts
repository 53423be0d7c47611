/**
 * One forward and one backward pass for a single sample, computed in the page from
 * `net.getParameters()` with the formulas of the README's mathematics section, so that
 * the playground can show every intermediate number (the library returns only the
 * outputs and the gradients). Notation as there: layer l has s_l neurons, W^(l+1) is
 * s_l × s_(l+1) row-major, a sample is a row vector.
 *
 *   u^(l+1) = t^(l) · W^(l+1) + b^(l+1),  t^(1) = x          weighted input
 *   t^(l+1) = f(u^(l+1))                                      activation
 *   δ^(n)   = (t^(n) − y) ⊙ f'(u^(n))   (mse)                 output δ
 *           = t^(n) − y                  (cross-entropy with a sigmoid output)
 *   δ^(l)   = f'(u^(l)) ⊙ (δ^(l+1) · W^(l+1)ᵀ)                the δ rule
 *   ∂E/∂W^(l) = t^(l−1)ᵀ · δ^(l),  ∂E/∂b^(l) = δ^(l)           gradients
 *
 * The tests hold these numbers to `net.gradients` for the same row.
 */

/** f and f' side by side, one entry per activation the playground offers for hidden layers. */
import type { ActivationName } from 'deltaprop';

export interface ActivationPair {
  label: string;
  f: (u: number) => number;
  df: (u: number) => number;
}

// deltaprop's constants (README, Activations): leaky ReLU's slope, ELU's α, GELU's tanh
// approximation 0.5 u (1 + tanh(k (u + c u³))) with k = √(2/π)
const LEAKY_SLOPE = 0.01;
const ELU_ALPHA = 1;
const GELU_K = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;
const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
const geluZ = (u: number) => GELU_K * (u + GELU_C * u ** 3);

/**
 * The activations, as deltaprop defines them. A new activation of the library is one
 * entry here (its value and derivative); the menus list the library's names that have
 * an entry (a unit test fails when one is missing).
 */
export const ACTIVATIONS: Record<Exclude<ActivationName, 'softmax'>, ActivationPair> = {
  tanh: { label: 'tanh', f: (u) => Math.tanh(u), df: (u) => 1 - Math.tanh(u) ** 2 },
  relu: { label: 'ReLU', f: (u) => (u > 0 ? u : 0), df: (u) => (u > 0 ? 1 : 0) },
  'leaky-relu': { label: 'leaky ReLU', f: (u) => (u > 0 ? u : LEAKY_SLOPE * u), df: (u) => (u > 0 ? 1 : LEAKY_SLOPE) },
  sigmoid: { label: 'sigmoid', f: sigmoid, df: (u) => sigmoid(u) * (1 - sigmoid(u)) },
  linear: { label: 'linear', f: (u) => u, df: () => 1 },
  elu: { label: 'ELU', f: (u) => (u > 0 ? u : ELU_ALPHA * (Math.exp(u) - 1)), df: (u) => (u > 0 ? 1 : ELU_ALPHA * Math.exp(u)) },
  // ln(1 + eᵘ) without overflow; its derivative is the sigmoid
  softplus: { label: 'softplus', f: (u) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))), df: sigmoid },
  gelu: {
    label: 'GELU',
    f: (u) => 0.5 * u * (1 + Math.tanh(geluZ(u))),
    df: (u) => 0.5 * (1 + Math.tanh(geluZ(u))) + 0.5 * u * (1 - Math.tanh(geluZ(u)) ** 2) * GELU_K * (1 + 3 * GELU_C * u * u),
  },
};

export function activationPair(name: string): ActivationPair {
  if (!Object.hasOwn(ACTIVATIONS, name)) throw new Error(`the playground has no formula for the activation "${name}"`);
  return ACTIVATIONS[name as keyof typeof ACTIVATIONS];
}

export interface NetworkShape {
  /** Neurons per layer, input first. */
  layers: readonly number[];
  /** Activation of each weight layer (layers.length − 1 names). */
  activation: readonly string[];
  loss: 'mse' | 'cross-entropy';
}

export interface ParametersLike {
  weights: readonly Float32Array[];
  biases: readonly Float32Array[];
}

/** The forward pass: u[k] and t[k] for weight layer k (u[0] is unused; t[0] = x). */
export interface Forward {
  u: Float64Array[];
  t: Float64Array[];
}

export function forward(shape: NetworkShape, p: ParametersLike, x: ArrayLike<number>): Forward {
  const t: Float64Array[] = [Float64Array.from(x)];
  const u: Float64Array[] = [new Float64Array(0)];
  for (let k = 0; k < p.weights.length; k++) {
    const rows = shape.layers[k];
    const cols = shape.layers[k + 1];
    const W = p.weights[k];
    const b = p.biases[k];
    const f = activationPair(shape.activation[k]).f;
    const prev = t[k];
    const uk = new Float64Array(cols);
    const tk = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      // u_j = Σ_i t_i w_ij + b_j
      let s = b[j];
      for (let i = 0; i < rows; i++) s += prev[i] * W[i * cols + j];
      uk[j] = s;
      tk[j] = f(s);
    }
    u.push(uk);
    t.push(tk);
  }
  return { u, t };
}

export interface Backward {
  /** δ[k] for weight layer k (δ[0] unused), the output δ last. */
  delta: Float64Array[];
  /** ∂E/∂W per weight layer (index k − 1 for layer k), row-major s_(k−1) × s_k: t^(k−1)ᵀ · δ^(k). */
  weights: Float64Array[];
  /** ∂E/∂b per weight layer: δ^(k). */
  biases: Float64Array[];
  /** E for this sample. */
  loss: number;
}

export function backward(shape: NetworkShape, p: ParametersLike, pass: Forward, y: ArrayLike<number>): Backward {
  const n = p.weights.length;
  const out = pass.t[n];
  const delta: Float64Array[] = new Array(n + 1);
  delta[0] = new Float64Array(0);
  // output δ: cross-entropy with a sigmoid output cancels f' (δ = t − y); mse keeps it
  const outDf = activationPair(shape.activation[n - 1]).df;
  delta[n] = out.map((tj, j) => (shape.loss === 'cross-entropy' ? tj - y[j] : (tj - y[j]) * outDf(pass.u[n][j])));
  let loss = 0;
  for (let j = 0; j < out.length; j++) {
    if (shape.loss === 'mse') loss += 0.5 * (y[j] - out[j]) ** 2;
    else loss -= y[j] * Math.log(out[j]) + (1 - y[j]) * Math.log(1 - out[j]);
  }
  // the δ rule, from the last hidden layer back to the first
  for (let k = n - 1; k >= 1; k--) {
    const W = p.weights[k]; // W^(k+1): s_k × s_(k+1)
    const rows = shape.layers[k];
    const cols = shape.layers[k + 1];
    const df = activationPair(shape.activation[k - 1]).df;
    const next = delta[k + 1];
    const dk = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += next[j] * W[i * cols + j];
      dk[i] = df(pass.u[k][i]) * s;
    }
    delta[k] = dk;
  }
  const weights: Float64Array[] = [];
  const biases: Float64Array[] = [];
  for (let k = 1; k <= n; k++) {
    const rows = shape.layers[k - 1];
    const cols = shape.layers[k];
    const g = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) g[i * cols + j] = pass.t[k - 1][i] * delta[k][j];
    weights.push(g);
    biases.push(Float64Array.from(delta[k]));
  }
  return { delta, weights, biases, loss };
}

/**
 * The forward pass over many points at once (the neurons' heat maps): `x` holds
 * `rows` inputs of s_1 values; returns t^(k) of every weight layer k as a flat
 * rows × s_k array (index 0 is the input layer itself).
 */
export function forwardMany(shape: NetworkShape, p: ParametersLike, x: Float32Array, rows: number): Float32Array[] {
  const out: Float32Array[] = [x];
  let prev = x;
  for (let k = 0; k < p.weights.length; k++) {
    const sIn = shape.layers[k];
    const sOut = shape.layers[k + 1];
    const W = p.weights[k];
    const b = p.biases[k];
    const f = activationPair(shape.activation[k]).f;
    const t = new Float32Array(rows * sOut);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < sOut; j++) {
        let s = b[j];
        for (let i = 0; i < sIn; i++) s += prev[r * sIn + i] * W[i * sOut + j];
        t[r * sOut + j] = f(s);
      }
    }
    out.push(t);
    prev = t;
  }
  return out;
}
