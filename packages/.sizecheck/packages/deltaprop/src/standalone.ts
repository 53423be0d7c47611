/**
 * Inference without deltaprop: the network as plain JavaScript source, its weights
 * inside. The code is the forward pass of the reference backend
 * (u = t·W + b, t = f(u)) in float64 over float32 weights.
 */
import type { ModelJSON } from './types.js';

const F: Record<string, string> = {
  linear: 'u',
  sigmoid: '1 / (1 + Math.exp(-u))',
  tanh: 'Math.tanh(u)',
  relu: 'u > 0 ? u : 0',
  'leaky-relu': 'u > 0 ? u : 0.01 * u',
};

/** The body of a function of one row (an array of numbers) that returns the output row. */
function body(model: ModelJSON): string {
  const data = (arrays: number[][]) => `[${arrays.map((a) => `new Float32Array([${a.join(',')}])`).join(',\n  ')}]`;
  const acts = model.activation.map((a) => (a === 'softmax' ? 'null' : `(u) => ${F[a]}`));
  return `const S = ${JSON.stringify(model.layers)};
const W = ${data(model.weights)};
const B = ${data(model.biases)};
const F = [${acts.join(', ')}];
return function predict(input) {
  if (input.length !== S[0]) throw new Error('expected ' + S[0] + ' inputs, got ' + input.length);
  let t = Array.from(input);
  for (let l = 0; l < W.length; l++) {
    const n = S[l + 1], w = W[l], u = Array.from(B[l]);
    for (let i = 0; i < t.length; i++) for (let j = 0; j < n; j++) u[j] += t[i] * w[i * n + j];
    if (F[l]) t = u.map(F[l]);
    else { const m = Math.max(...u), e = u.map((v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0); t = e.map((v) => v / s); }
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
