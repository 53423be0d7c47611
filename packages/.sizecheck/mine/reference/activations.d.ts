/**
 * The activations of the reference backend, each a pair f(u), f'(u), written
 * straight from their definitions (float64). Softmax is a function of the whole
 * layer; its derivative enters through the loss (see backend.ts).
 */
import type { ActivationName } from '../types.js';
export declare const LEAKY_SLOPE = 0.01;
export declare const activations: Record<Exclude<ActivationName, 'softmax'>, {
    f: (u: number) => number;
    df: (u: number) => number;
}>;
export declare function softmax(u: Float64Array): Float64Array;
