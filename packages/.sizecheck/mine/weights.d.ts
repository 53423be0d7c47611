export type ClassWeight = Readonly<Record<string, number>> | 'balanced';
/**
 * The weight of every row of targets `y` (rows × cols), or null when no weights are
 * asked for. `names` are the class names of the outputs.
 */
export declare function rowWeights(classWeight: unknown, sampleWeight: unknown, y: Float32Array, rows: number, cols: number, names: readonly string[]): Float32Array | null;
/**
 * The factor sᵢ = |B| wᵢ / Σ_B w of each row of a batch (`rows` indices of `idx`
 * from `first`), in batch order.
 */
export declare function batchFactors(weights: ArrayLike<number>, idx: ArrayLike<number>, first: number, rows: number): Float64Array;
