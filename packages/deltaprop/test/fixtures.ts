import { Random } from '../src/random.js';
import { activationNames, isElementwise } from '../src/families/index.js';
import type { ActivationName, LossName } from '../src/types.js';

/**
 * Every activation × loss the API accepts: hidden activations (every one but
 * softmax, from the table) with each output.
 */
export const hidden: ActivationName[] = activationNames.filter(isElementwise);
export const outputsFor: Record<LossName, ActivationName[]> = {
  mse: [...activationNames],
  'cross-entropy': ['softmax', 'sigmoid'],
};

/** `rows` random inputs in [−1, 1) and targets that suit the output activation and loss. */
export function dataset(rows: number, inputs: number, outputs: number, out: ActivationName, seed: number) {
  const random = new Random(seed);
  const x = Array.from({ length: rows }, () => Array.from({ length: inputs }, () => 2 * random.uniform() - 1));
  const y = Array.from({ length: rows }, () => {
    if (out === 'softmax') {
      const hot = Math.floor(random.uniform() * outputs);
      return Array.from({ length: outputs }, (_, j) => (j === hot ? 1 : 0));
    }
    if (out === 'sigmoid') return Array.from({ length: outputs }, () => (random.uniform() < 0.5 ? 0 : 1));
    return Array.from({ length: outputs }, () => 2 * random.uniform() - 1);
  });
  return { x, y };
}

export const xorInputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const xorTargets = [[0], [1], [1], [0]];
