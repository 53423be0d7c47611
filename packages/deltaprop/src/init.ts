/**
 * Seeded weight initialisation by the rules of families/initialisers.ts (variance
 * per rule, uniform on [−a, a] with a = √(3 · variance) or normal); `auto` takes the
 * rule the layer's activation names. Biases start at 0.
 */
import { activations, initialisers } from './families/index.js';
import { Random } from './random.js';
import { parameterShapes } from './shapes.js';
import type { ActivationName, InitName, Parameters } from './types.js';

export function initialParameters(layers: readonly number[], activation: readonly ActivationName[], init: InitName, seed: number): Parameters {
  const random = new Random(seed);
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  parameterShapes(layers).forEach(({ inputs: fanIn, outputs: fanOut, weights: count }, l) => {
    const rule = initialisers[init === 'auto' ? activations[activation[l]!].init : init];
    const variance = rule.variance(fanIn, fanOut);
    const shape = rule.shape;
    const w = new Float32Array(count);
    if (shape === 'uniform') {
      const a = Math.sqrt(3 * variance);
      for (let i = 0; i < w.length; i++) w[i] = (2 * random.uniform() - 1) * a;
    } else {
      const sd = Math.sqrt(variance);
      for (let i = 0; i < w.length; i++) w[i] = random.normal() * sd;
    }
    weights.push(w);
    biases.push(new Float32Array(fanOut));
  });
  return { weights, biases };
}
