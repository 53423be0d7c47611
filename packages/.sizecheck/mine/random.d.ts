/**
 * Mulberry32: the same generator as the kernels' (packages/kernels/assembly/random.ts),
 * so both backends draw the same numbers from the same seed.
 */
export declare class Random {
    state: number;
    constructor(state: number);
    /** Next uint32. */
    next(): number;
    /** Uniform in [0, 1). */
    uniform(): number;
    /** Standard normal (Box–Muller). */
    normal(): number;
    /** Fisher–Yates in place, the same j as the kernels' shuffle. */
    shuffle(idx: Uint32Array): void;
}
/** Derives independent stream seeds (initialisation, shuffling) from the user's seed. */
export declare function deriveSeed(seed: number, stream: number): number;
