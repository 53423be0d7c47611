/**
 * The reference optimizers on the hand-worked numbers of
 * packages/kernels/test/optimizers.test.ts (θ₀ = 1, g₁ = 0.5, g₂ = −0.25, η = 0.1).
 */
import { describe, expect, it } from 'vitest';
import { optimizerStep, type OptimizerStep } from '../src/reference/optimizers.js';

function twoSteps(opt: OptimizerStep): number[] {
  const theta = new Float64Array([1, 1, 1]);
  const m = new Float64Array(3);
  const v = new Float64Array(3);
  return [0.5, -0.25].map((g, i) => {
    optimizerStep(opt, i + 1, theta, [g, g, g], m, v);
    expect(theta[1]).toBe(theta[0]);
    return theta[0]!;
  });
}

const base = { learningRate: 0.1, beta1: 0, beta2: 0, epsilon: 0 };

describe('reference optimizer steps, by hand', () => {
  it('sgd', () => {
    const [a, b] = twoSteps({ ...base, type: 'sgd' });
    expect(a).toBeCloseTo(0.95, 12);
    expect(b).toBeCloseTo(0.975, 12);
  });
  it('momentum', () => {
    const [a, b] = twoSteps({ ...base, type: 'momentum', beta1: 0.9 });
    expect(a).toBeCloseTo(0.95, 12);
    expect(b).toBeCloseTo(0.93, 12);
  });
  it('nesterov', () => {
    const [a, b] = twoSteps({ ...base, type: 'nesterov', beta1: 0.9 });
    expect(a).toBeCloseTo(0.905, 12);
    expect(b).toBeCloseTo(0.912, 12);
  });
  it('adam divides by 1 − βᵗ', () => {
    const [a, b] = twoSteps({ ...base, type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(a).toBeCloseTo(0.900000002, 9);
    expect(b).toBeCloseTo(0.8733662987, 9);
  });
  it('rmsprop', () => {
    const [a, b] = twoSteps({ ...base, type: 'rmsprop', beta1: 0.9, epsilon: 1e-8 });
    expect(a).toBeCloseTo(0.683772254, 8);
    expect(b).toBeCloseTo(0.831214201, 8);
  });
});
