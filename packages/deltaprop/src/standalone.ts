/**
 * Inference without deltaprop: the network's forward pass as a plain function
 * (`compile`: a closure over the weights, no code generated at run time) or as the
 * source of an ES module with the weights inside (`moduleSource`). Both run the
 * loops of closure.ts, in float64 over float32 weights, as the reference backend.
 */
import { standalonePredictor, type LayerActivation } from './closure.js';
import { activations, softmax } from './reference/activations.js';
import type { ActivationName, ModelJSON, Parameters } from './types.js';

/** JavaScript of each elementwise f(u), for the module. */
const F: Record<Exclude<ActivationName, 'softmax'>, string> = {
  linear: 'u',
  sigmoid: '1 / (1 + Math.exp(-u))',
  tanh: 'Math.tanh(u)',
  relu: 'u > 0 ? u : 0',
  'leaky-relu': 'u > 0 ? u : 0.01 * u',
};

/** Softmax in place, in the reference's order of operations (shift by the maximum, then divide by the sum). */
const SOFTMAX = '(t) => { let m = -Infinity; for (const v of t) m = Math.max(m, v); let s = 0; for (let j = 0; j < t.length; j++) s += t[j] = Math.exp(t[j] - m); for (let j = 0; j < t.length; j++) t[j] /= s; }';

/** A layer's activation in place: the reference's f, neuron by neuron, or its softmax. */
function layerFunction(name: ActivationName): LayerActivation {
  if (name === 'softmax') return (t) => t.set(softmax(t));
  const f = activations[name].f;
  return (t) => {
    for (let j = 0; j < t.length; j++) t[j] = f(t[j]!);
  };
}

/** The same activation as JavaScript source, for the module. */
function layerSource(name: ActivationName): string {
  if (name === 'softmax') return SOFTMAX;
  return `(t) => { for (let j = 0; j < t.length; j++) { const u = t[j]; t[j] = ${F[name]}; } }`;
}

/** An ES module whose default export is `predict(row) → output row`; save it as a .js/.mjs file. */
export function moduleSource(model: ModelJSON): string {
  const data = (arrays: number[][]) => `[\n  ${arrays.map((a) => `new Float32Array([${a.join(',')}])`).join(',\n  ')},\n]`;
  return `// deltaprop network ${JSON.stringify(model.layers)} (${model.activation.join(', ')}), standalone inference.
const standalonePredictor = ${standalonePredictor.toString()};

export default standalonePredictor(
  ${JSON.stringify(model.layers)},
  [${model.activation.map(layerSource).join(', ')}],
  ${data(model.weights)},
  ${data(model.biases)},
);
`;
}

/** The forward pass as a closure over copies of the parameters. */
export function compile(layers: readonly number[], activation: readonly ActivationName[], parameters: Parameters): (input: ArrayLike<number>) => number[] {
  return standalonePredictor(layers, activation.map(layerFunction), parameters.weights, parameters.biases);
}
