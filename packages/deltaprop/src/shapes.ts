/**
 * The shapes of a network's parameters, in the notation of the README's
 * mathematics section: for weight layer l (0-based here), W^(l+1) is s_l × s_(l+1)
 * (row-major, `W[i * s_(l+1) + j]` = w_ij) and b^(l+1) has s_(l+1) values.
 */
export interface LayerShape {
  /** s_l */
  inputs: number;
  /** s_(l+1) */
  outputs: number;
  /** Values of W^(l+1): s_l · s_(l+1). */
  weights: number;
  /** Values of b^(l+1): s_(l+1). */
  biases: number;
}

/** One shape per weight layer of a network with `layers` neurons per layer (input first). */
export function parameterShapes(layers: readonly number[]): LayerShape[] {
  return layers.slice(1).map((outputs, l) => ({ inputs: layers[l]!, outputs, weights: layers[l]! * outputs, biases: outputs }));
}
