/**
 * Class and sample weights. Row i of the training data weighs
 *   wᵢ = sampleWeight[i] · classWeight[class of row i]   (each 1 when not given),
 * and a mini-batch B minimises the weighted mean loss
 *   E_B = Σ_{i∈B} wᵢ Eᵢ / Σ_{i∈B} wᵢ,   so   ∂E_B/∂θ = Σ_{i∈B} (wᵢ / Σ_B w) ∂Eᵢ/∂θ:
 * row i's output δ (and every δ below it, being linear in it) is scaled by wᵢ / Σ_B w
 * instead of 1/|B|. The backends get, per row, the factor sᵢ = |B| wᵢ / Σ_B w that
 * multiplies the unweighted row's loss and δ (a batch whose weights are all 0 adds
 * nothing). `history.loss` is then Σ_B |B| E_B / N: with every wᵢ = 1 the plain mean.
 *
 * The class of a row is the arg-max of its target (t ≥ ½ with one output), named as
 * the network's preprocessing names it, else by its index ('0', '1', …).
 * `balanced` gives class c the weight N / (k · N_c) (k classes present, N_c rows of c).
 */
import { fail } from './errors.js';
import { argmaxRow } from './metrics.js';
import { describe } from './options.js';

export type ClassWeight = Readonly<Record<string, number>> | 'balanced';

/**
 * The weight of every row of targets `y` (rows × cols), or null when no weights are
 * asked for. `names` are the class names of the outputs.
 */
export function rowWeights(
  classWeight: unknown,
  sampleWeight: unknown,
  y: Float32Array,
  rows: number,
  cols: number,
  names: readonly string[],
): Float32Array | null {
  if (classWeight === undefined && sampleWeight === undefined) return null;
  const w = new Float32Array(rows).fill(1);
  if (sampleWeight !== undefined) {
    if (!Array.isArray(sampleWeight) && !(sampleWeight instanceof Float32Array) && !(sampleWeight instanceof Float64Array))
      fail('INVALID_OPTION', 'sampleWeight must be an array of numbers, one per training row');
    const s = sampleWeight as ArrayLike<unknown>;
    if (s.length !== rows)
      fail('SHAPE_MISMATCH', `sampleWeight has ${s.length} weights, the training data has ${rows} rows`, { expected: rows, actual: s.length });
    for (let i = 0; i < rows; i++) {
      const v = s[i];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        fail('INVALID_OPTION', `sampleWeight[${i}] must be a finite number ≥ 0, got ${describe(v)}`, { row: i });
      w[i] = v;
    }
  }
  if (classWeight !== undefined) {
    const labels = Array.from({ length: rows }, (_, r) => argmaxRow(y, r * cols, cols));
    const k = names.length;
    let perClass: number[];
    if (classWeight === 'balanced') {
      const counts = new Array<number>(k).fill(0);
      for (const c of labels) counts[c]! += 1;
      const present = counts.filter((n) => n > 0).length;
      perClass = counts.map((n) => (n > 0 ? rows / (present * n) : 0));
    } else {
      if (typeof classWeight !== 'object' || classWeight === null || Array.isArray(classWeight))
        fail('INVALID_OPTION', "classWeight must be { [class]: weight } or 'balanced'");
      perClass = new Array<number>(k).fill(1);
      for (const [name, v] of Object.entries(classWeight)) {
        const c = names.indexOf(name);
        if (c < 0) fail('INVALID_OPTION', `classWeight names class ${describe(name)}, which the network does not have (classes: ${names.join(', ')})`);
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
          fail('INVALID_OPTION', `classWeight.${name} must be a finite number ≥ 0, got ${describe(v)}`);
        perClass[c] = v;
      }
    }
    labels.forEach((c, i) => (w[i] = w[i]! * perClass[c]!));
  }
  if (!w.some((v) => v > 0)) fail('INVALID_OPTION', 'every row has weight 0: nothing would be learned');
  return w;
}

/**
 * The factor sᵢ = |B| wᵢ / Σ_B w of each row of a batch (`rows` indices of `idx`
 * from `first`), in batch order.
 */
export function batchFactors(weights: ArrayLike<number>, idx: ArrayLike<number>, first: number, rows: number): Float64Array {
  let sum = 0;
  for (let r = first; r < first + rows; r++) sum += weights[idx[r]!]!;
  const s = new Float64Array(rows);
  if (sum > 0) for (let r = 0; r < rows; r++) s[r] = (rows * weights[idx[first + r]!]!) / sum;
  return s;
}
