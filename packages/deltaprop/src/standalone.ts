/**
 * Inference without deltaprop: the network's forward pass as a plain function
 * (`compile`: a closure over the weights, no code generated at run time) or as the
 * source of an ES module with the weights inside (`moduleSource`). Both run the code
 * of closure.ts: the products in the kernels' small standalone WebAssembly module
 * where it compiles, else in JavaScript (float64 over the float32 weights, as the
 * reference backend).
 */
import { standaloneWasm } from '@deltaprop/kernels';
import { standalonePredictor, standaloneWasmPredictor, type LayerActivation } from './closure.js';
import { activations, isElementwise, type ActivationName } from './families/index.js';
import type { ModelJSON, Parameters } from './types.js';

/**
 * A layer's activation in place, from the activation table: f neuron by neuron, or the
 * layer's function (softmax) in float64, rounded once into t.
 */
function layerFunction(name: ActivationName): LayerActivation {
  if (!isElementwise(name)) {
    const layer = activations[name].layer;
    return (t) => t.set(layer(Float64Array.from(t)));
  }
  const f = activations[name].f;
  return (t) => {
    for (let j = 0; j < t.length; j++) t[j] = f(t[j]!);
  };
}

/** The same, as JavaScript source for the module, from the table's `source`. */
function layerSource(name: ActivationName): string {
  if (!isElementwise(name)) return `(t) => t.set((${activations[name].source})(Float64Array.from(t)))`;
  return `(t) => { for (let j = 0; j < t.length; j++) { const u = t[j]; t[j] = ${activations[name].source}; } }`;
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
export function compile(
  layers: readonly number[],
  activation: readonly ActivationName[],
  parameters: Parameters,
  webAssembly = true,
): (input: ArrayLike<number>) => number[] {
  const activate = activation.map(layerFunction);
  const fast = webAssembly ? standaloneWasmPredictor(layers, activate, parameters.weights, parameters.biases, standaloneBytes()) : null;
  return fast ?? standalonePredictor(layers, activate, parameters.weights, parameters.biases);
}
