/**
 * Inference without deltaprop: the network's forward pass as a plain function
 * (`compile`: a closure over the weights, no code generated at run time) or as the
 * source of an ES module with the weights inside (`moduleSource`). Both run the code
 * of closure.ts: the products in the kernels' small standalone WebAssembly module
 * where it compiles, else in JavaScript (float64 over the float32 weights, as the
 * reference backend).
 */
import { standaloneWasm } from '@deltaprop/kernels/standalone';
import { standalonePredictor, standaloneWasmPredictor, type LayerActivation } from './closure.js';
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

/**
 * Softmax in place, in the reference's order of operations (shift by the maximum, sum
 * the exponentials, divide) in float64, rounded once into t.
 */
const SOFTMAX =
  '(t) => { const u = Float64Array.from(t); let m = -Infinity; for (const v of u) m = Math.max(m, v); let s = 0; for (let j = 0; j < u.length; j++) s += u[j] = Math.exp(u[j] - m); for (let j = 0; j < u.length; j++) t[j] = u[j] / s; }';

/** A layer's activation in place: the reference's f, neuron by neuron, or its softmax. */
function layerFunction(name: ActivationName): LayerActivation {
  if (name === 'softmax') return (t) => t.set(softmax(Float64Array.from(t)));
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
  return `// deltaprop network ${JSON.stringify(model.layers)} (${model.activation.join(', ')}), standalone inference:
// WebAssembly SIMD where it compiles (its bytes below), plain JavaScript elsewhere.
const standaloneWasmPredictor = ${standaloneWasmPredictor.toString()};

const standalonePredictor = ${standalonePredictor.toString()};

const layers = ${JSON.stringify(model.layers)};
const activate = [${model.activation.map(layerSource).join(', ')}];
const weights = ${data(model.weights)};
const biases = ${data(model.biases)};
const bytes = Uint8Array.from(atob('${standaloneWasm}'), (c) => c.charCodeAt(0));

export default standaloneWasmPredictor(layers, activate, weights, biases, bytes) ?? standalonePredictor(layers, activate, weights, biases);
`;
}

/** The kernel's bytes, decoded once. */
let bytes: Uint8Array<ArrayBuffer> | null = null;

/** The kernel's bytes. */
export function standaloneBytes(): Uint8Array<ArrayBuffer> {
  bytes ??= Uint8Array.from(atob(standaloneWasm), (c) => c.charCodeAt(0));
  return bytes;
}

/**
 * The forward pass as a closure over copies of the parameters: WebAssembly where it
 * compiles, unless `webAssembly` is false (the tests' way to the JavaScript fallback).
 */
export function compile(layers: readonly number[], activation: readonly ActivationName[], parameters: Parameters, webAssembly = true): (input: ArrayLike<number>) => number[] {
  const activate = activation.map(layerFunction);
  const fast = webAssembly ? standaloneWasmPredictor(layers, activate, parameters.weights, parameters.biases, standaloneBytes()) : null;
  return fast ?? standalonePredictor(layers, activate, parameters.weights, parameters.biases);
}
