/**
 * Input features: what the network's first layer sees of a point (x₁, x₂). Each
 * chosen feature is one input neuron; the page maps points (and the plot's grid)
 * through them before they reach deltaprop.
 */
export interface Feature {
  id: FeatureId;
  /** As drawn on the page (Unicode sub- and superscripts). */
  label: string;
  of: (x1: number, x2: number) => number;
}

export type FeatureId = 'x1' | 'x2' | 'x1sq' | 'x2sq' | 'x1x2' | 'sinx1' | 'sinx2';

export const FEATURES: readonly Feature[] = [
  { id: 'x1', label: 'x₁', of: (a) => a },
  { id: 'x2', label: 'x₂', of: (_, b) => b },
  { id: 'x1sq', label: 'x₁²', of: (a) => a * a },
  { id: 'x2sq', label: 'x₂²', of: (_, b) => b * b },
  { id: 'x1x2', label: 'x₁x₂', of: (a, b) => a * b },
  // the plane spans about ±1.2: sin(πx) turns once across it, where sin(x) would be almost a line
  { id: 'sinx1', label: 'sin πx₁', of: (a) => Math.sin(Math.PI * a) },
  { id: 'sinx2', label: 'sin πx₂', of: (_, b) => Math.sin(Math.PI * b) },
];

export const FEATURE_IDS: readonly FeatureId[] = FEATURES.map((f) => f.id);

export function isFeatureId(id: string): id is FeatureId {
  return (FEATURE_IDS as readonly string[]).includes(id);
}

/** (x₁, x₂) pairs, flat → one row of the chosen features per point, flat. */
export function toFeatures(points: Float32Array, chosen: readonly FeatureId[]): Float32Array {
  const rows = points.length / 2;
  const fs = FEATURES.filter((f) => chosen.includes(f.id));
  const out = new Float32Array(rows * fs.length);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < fs.length; k++) out[r * fs.length + k] = fs[k].of(points[2 * r], points[2 * r + 1]);
  }
  return out;
}

/** The chosen features in the page's fixed order (the order of the network's inputs). */
export function orderFeatures(chosen: readonly FeatureId[]): FeatureId[] {
  return FEATURE_IDS.filter((id) => chosen.includes(id));
}
