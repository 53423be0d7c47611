/**
 * The activations: one entry per function, value beside derivative.
 *
 * Everything else about an activation is derived from this table: its public name
 * (ActivationName), its code in the kernels (the Activation enum of
 * @deltaprop/kernels, matched value for value by a test), the reference backend's
 * f and f′ (float64, straight from the definition, taking u), the JavaScript the
 * standalone export writes, and the initialisation `auto` picks.
 *
 * The kernels (packages/kernels/assembly/activations.ts) hold the float32 SIMD
 * twins; their derivative is written in terms of t = f(u) where f is invertible
 * (so the backward pass needs only t), and in terms of u for the others (`fromU`).
 */
import { Activation, ELU_ALPHA, GELU_C, GELU_K, LEAKY_SLOPE } from '@deltaprop/kernels';

/** An activation applied to each neuron on its own. */
export interface Elementwise {
  code: Activation;
  /** t = f(u), float64. */
  f(u: number): number;
  /** f′(u), float64. */
  df(u: number): number;
  /** JavaScript expression of f in the variable `u`, for the standalone export. */
  source: string;
  /** The initialisation `auto` chooses for a layer with this activation. */
  init: 'he-uniform' | 'glorot-uniform';
}

/** An activation of the whole layer at once (softmax): output layer only, its f′ enters through the loss. */
export interface Layerwise {
  code: Activation;
  /** t = f(u) of the whole layer, float64. */
  layer(u: Float64Array): Float64Array;
  /** JavaScript source of a function from the layer's u (an array) to its t. */
  source: string;
  init: 'he-uniform' | 'glorot-uniform';
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
/** GELU's z = k (u + c u³). */
const geluZ = (u: number) => GELU_K * (u + GELU_C * u ** 3);

function softmax(u: Float64Array): Float64Array {
  // Shifted by the maximum so that no exponent overflows; the result is unchanged.
  let max = -Infinity;
  for (const v of u) max = Math.max(max, v);
  const t = u.map((v) => Math.exp(v - max));
  const sum = t.reduce((a, b) => a + b, 0);
  return t.map((v) => v / sum);
}

/** name → activation; the order is the order of `activationNames` (menus, error messages). */
export const activations = {
  linear: { code: Activation.Linear, init: 'glorot-uniform', source: 'u', f: (u) => u, df: () => 1 },
  sigmoid: { code: Activation.Sigmoid, init: 'glorot-uniform', source: '1 / (1 + Math.exp(-u))', f: sigmoid, df: (u) => sigmoid(u) * (1 - sigmoid(u)) },
  tanh: { code: Activation.Tanh, init: 'glorot-uniform', source: 'Math.tanh(u)', f: Math.tanh, df: (u) => 1 - Math.tanh(u) ** 2 },
  relu: { code: Activation.Relu, init: 'he-uniform', source: 'u > 0 ? u : 0', f: (u) => (u > 0 ? u : 0), df: (u) => (u > 0 ? 1 : 0) },
  'leaky-relu': {
    code: Activation.LeakyRelu,
    init: 'he-uniform',
    source: `u > 0 ? u : ${LEAKY_SLOPE} * u`,
    f: (u) => (u > 0 ? u : LEAKY_SLOPE * u),
    df: (u) => (u > 0 ? 1 : LEAKY_SLOPE),
  },
  /** Clevert, Unterthiner & Hochreiter 2016. */
  elu: {
    code: Activation.Elu,
    init: 'he-uniform',
    source: `u > 0 ? u : ${ELU_ALPHA} * (Math.exp(u) - 1)`,
    f: (u) => (u > 0 ? u : ELU_ALPHA * (Math.exp(u) - 1)),
    df: (u) => (u > 0 ? 1 : ELU_ALPHA * Math.exp(u)),
  },
  /** ln(1 + e^u), written so that e^u never overflows; f′ is the sigmoid. */
  softplus: {
    code: Activation.Softplus,
    init: 'he-uniform',
    source: 'Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)))',
    f: (u) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))),
    df: sigmoid,
  },
  /** GELU, tanh approximation (Hendrycks & Gimpel 2016); the kernels take f′ from u, not t. */
  gelu: {
    code: Activation.Gelu,
    init: 'he-uniform',
    source: `0.5 * u * (1 + Math.tanh(${GELU_K} * (u + ${GELU_C} * u * u * u)))`,
    f: (u) => 0.5 * u * (1 + Math.tanh(geluZ(u))),
    df: (u) => 0.5 * (1 + Math.tanh(geluZ(u))) + 0.5 * u * (1 - Math.tanh(geluZ(u)) ** 2) * GELU_K * (1 + 3 * GELU_C * u * u),
  },
  softmax: {
    code: Activation.Softmax,
    init: 'glorot-uniform',
    source: '(u) => { const m = Math.max(...u), e = u.map((v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0); return e.map((v) => v / s); }',
    layer: softmax,
  },
} as const satisfies Record<string, Elementwise | Layerwise>;

export type ActivationName = keyof typeof activations;
/** The activations applied neuron by neuron (every one but softmax). */
export type ElementwiseName = { [K in ActivationName]: (typeof activations)[K] extends Elementwise ? K : never }[ActivationName];

/** Every activation's name, in the table's order (for menus and messages). */
export const activationNames = Object.keys(activations) as readonly ActivationName[];

/** name → the kernels' code. */
export const activationCodes = Object.fromEntries(activationNames.map((n) => [n, activations[n].code])) as Record<ActivationName, Activation>;

export function isElementwise(name: ActivationName): name is ElementwiseName {
  return Object.hasOwn(activations[name], 'f');
}
