/**
 * Inference without deltaprop: the network as plain JavaScript source, its weights
 * inside. The code is the forward pass of the reference backend
 * (u = t·W + b, t = f(u)) in float64 over float32 weights.
 */
import type { ModelJSON } from './types.js';
/** An ES module whose default export is `predict(row) → output row`; save it as a .js/.mjs file. */
export declare function moduleSource(model: ModelJSON): string;
export declare function compile(model: ModelJSON): (input: ArrayLike<number>) => number[];
