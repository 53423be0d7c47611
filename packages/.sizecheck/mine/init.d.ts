import type { ActivationName, InitName, Parameters } from './types.js';
export declare function initialParameters(layers: readonly number[], activation: readonly ActivationName[], init: InitName, seed: number): Parameters;
