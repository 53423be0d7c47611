/**
 * The optimizer updates of the reference backend, float64, one value at a time.
 * Formulas and sources: packages/kernels/assembly/optimizers.ts. `t` is the
 * 1-based step number; m and v are the state arrays (velocity, Adam's moments,
 * RMSprop's mean square), zero before the first step.
 */
import type { OptimizerPlan } from '../spec.js';
export type OptimizerStep = Pick<OptimizerPlan, 'type' | 'learningRate' | 'beta1' | 'beta2' | 'epsilon'>;
export declare function optimizerStep(opt: OptimizerStep, t: number, theta: Float64Array, g: ArrayLike<number>, m: Float64Array, v: Float64Array): void;
