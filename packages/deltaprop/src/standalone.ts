/**
 * Inference without deltaprop: the network as plain JavaScript source, its weights
 * inside. The code is the forward pass of the reference backend
 * (u = t·W + b, t = f(u)) in float64 over float32 weights.
 */
import { activations, isElementwise, type ActivationName } from './families/index.js';
import type { ModelJSON } from './types.js';

/** JavaScript of a function from a layer's u (an array) to its t, from the activation's `source`. */
function layerSource(name: ActivationName): string {
  return isElementwise(name) ? `(u) => u.map((u) => ${activations[name].source})` : activations[name].source;
}

/** The body of a function of one row (an array of numbers) that returns the output row. */
function body(model: ModelJSON): string {
  const data = (arrays: number[][]) => `[${arrays.map((a) => `new Float32Array([${a.join(',')}])`).join(',\n  ')}]`;
  // One function per distinct activation, shared by the layers that use it.
  const names = [...new Set(model.activation)];
  return `const S = ${JSON.stringify(model.layers)};
const W = ${data(model.weights)};
const B = ${data(model.biases)};
const F = [${names.map(layerSource).join(',\n  ')}];
const A = ${JSON.stringify(model.activation.map((a) => names.indexOf(a)))};
return function predict(input) {
  if (input.length !== S[0]) throw new Error('expected ' + S[0] + ' inputs, got ' + input.length);
  let t = Array.from(input);
  for (let l = 0; l < W.length; l++) {
    const n = S[l + 1], w = W[l], u = Array.from(B[l]);
    for (let i = 0; i < t.length; i++) for (let j = 0; j < n; j++) u[j] += t[i] * w[i * n + j];
    t = F[A[l]](u);
  }
  return t;
};`;
}

/** An ES module whose default export is `predict(row) → output row`; save it as a .js/.mjs file. */
export function moduleSource(model: ModelJSON): string {
  return `// deltaprop network ${JSON.stringify(model.layers)} (${model.activation.join(', ')}), standalone inference.\nexport default (() => {\n${body(model)}\n})();\n`;
}

export function compile(model: ModelJSON): (input: ArrayLike<number>) => number[] {
  return new Function(body(model))() as (input: ArrayLike<number>) => number[];
}
