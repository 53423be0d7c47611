/**
 * The optimizer updates of the reference backend, float64, one value at a time: the
 * optimizer's `step` in families/optimizers.ts over every value of θ. `k` is the
 * 1-based step number; m and v are the state arrays (velocity, Adam's moments,
 * RMSprop's mean square), zero before the first step.
 */
import { optimizers } from '../families/index.js';
import type { OptimizerPlan } from '../spec.js';

export type OptimizerStep = Pick<OptimizerPlan, 'type' | 'learningRate' | 'beta1' | 'beta2' | 'epsilon'>;

export function optimizerStep(opt: OptimizerStep, k: number, theta: Float64Array, g: ArrayLike<number>, m: Float64Array, v: Float64Array): void {
  const { step } = optimizers[opt.type];
  for (let i = 0; i < theta.length; i++) step(opt, k, theta, g, m, v, i);
}
