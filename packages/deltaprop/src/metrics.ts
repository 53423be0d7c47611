/**
 * The figures of `net.evaluate`. Classification: accuracy, the confusion matrix and
 * per-class precision, recall and F1,
 *   precision_k = TP_k / (TP_k + FP_k),  recall_k = TP_k / (TP_k + FN_k),
 *   F1_k = 2 precision_k recall_k / (precision_k + recall_k)   (0 where a denominator is 0),
 * with their macro (plain mean over classes) and weighted (mean weighted by each
 * class's support, its true rows) averages. Regression, over N rows of k outputs:
 *   MSE = Σ (y − t)² / (N k),  RMSE = √MSE,  MAE = Σ |y − t| / (N k),
 *   R² = mean over outputs j of 1 − Σ_r (y_rj − t_rj)² / Σ_r (y_rj − ȳ_j)².
 */

export interface ClassMetrics {
  /** The class. */
  class: string;
  /** TP / (TP + FP). */
  precision: number;
  /** TP / (TP + FN). */
  recall: number;
  /** 2 precision recall / (precision + recall). */
  f1: number;
  /** Rows whose true class this is. */
  support: number;
}

/** Precision, recall and F1 averaged over the classes. */
export interface Averages {
  /** Mean precision. */
  precision: number;
  /** Mean recall. */
  recall: number;
  /** Mean F1. */
  f1: number;
}

/** `evaluate` on a classification network. */
export interface ClassificationReport {
  /** Tells the two reports apart. */
  task: 'classification';
  /** Rows evaluated. */
  rows: number;
  /** The mean per-sample training loss (as in `history.loss`). */
  loss: number;
  /** Fraction of rows whose largest output is their class. */
  accuracy: number;
  /** The classes, in the order of the outputs. */
  classes: string[];
  /** `confusion[i][j]`: rows of true class i predicted as class j. */
  confusion: number[][];
  /** Precision, recall and F1 of each class. */
  perClass: ClassMetrics[];
  /** Plain means over the classes. */
  macro: Averages;
  /** Means weighted by each class's support. */
  weighted: Averages;
}

/** `evaluate` on a regression network. */
export interface RegressionReport {
  /** Tells the two reports apart. */
  task: 'regression';
  /** Rows evaluated. */
  rows: number;
  /**
   * The mean per-sample training loss (as in `history.loss`): with `mse`,
   * ½ Σ_j (y_j − t_j)² per row, so loss = ½ · k · mse for k outputs.
   */
  loss: number;
  /** Plain mean of (y − t)² over every row and output, without the ½ of the training loss. */
  mse: number;
  /** √MSE. */
  rmse: number;
  /** Mean of |y − t| over every row and output. */
  mae: number;
  /** Coefficient of determination, averaged over the outputs (1 − SS_res / SS_tot; 0 for a constant target not met exactly, 1 if met). */
  r2: number;
}

/** What `evaluate` returns: a classification or a regression report (see `task`). */
export type Evaluation = ClassificationReport | RegressionReport;

/** The class of an output row: the arg-max (first on ties), or with one output, t ≥ ½. */
export function argmaxRow(t: ArrayLike<number>, at: number, cols: number): number {
  if (cols === 1) return t[at]! >= 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < cols; j++) if (t[at + j]! > t[at + best]!) best = j;
  return best;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function classificationReport(predicted: ArrayLike<number>, actual: ArrayLike<number>, classes: readonly string[], loss: number): ClassificationReport {
  const k = classes.length;
  const rows = actual.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let right = 0;
  for (let r = 0; r < rows; r++) {
    confusion[actual[r]!]![predicted[r]!]! += 1;
    if (actual[r] === predicted[r]) right += 1;
  }
  const perClass = classes.map((name, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((s, v) => s + v, 0);
    const predictedAs = confusion.reduce((s, row) => s + row[c]!, 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    return { class: name, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const average = (weight: (m: ClassMetrics) => number): Averages => {
    const total = perClass.reduce((s, m) => s + weight(m), 0);
    const mean = (key: keyof Averages) =>
      ratio(
        perClass.reduce((s, m) => s + weight(m) * m[key], 0),
        total,
      );
    return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') };
  };
  return {
    task: 'classification',
    rows,
    loss,
    accuracy: ratio(right, rows),
    classes: [...classes],
    confusion,
    perClass,
    macro: average(() => 1),
    weighted: average((m) => m.support),
  };
}

/** `t` the outputs, `y` the targets, both rows × cols row-major. */
export function regressionReport(t: ArrayLike<number>, y: ArrayLike<number>, rows: number, cols: number, loss: number): RegressionReport {
  let se = 0;
  let ae = 0;
  let r2 = 0;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += y[r * cols + j]!;
    mean /= rows;
    let residual = 0;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const e = y[r * cols + j]! - t[r * cols + j]!;
      residual += e * e;
      ae += Math.abs(e);
      total += (y[r * cols + j]! - mean) ** 2;
    }
    se += residual;
    // A constant target: R² is 1 when met exactly and 0 otherwise (as scikit-learn reports it).
    r2 += total === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / total;
  }
  const mse = se / (rows * cols);
  return { task: 'regression', rows, loss, mse, rmse: Math.sqrt(mse), mae: ae / (rows * cols), r2: r2 / cols };
}

/** The confusion matrix as a text table: true classes down, predicted classes across. */
export function formatConfusion(report: Pick<ClassificationReport, 'classes' | 'confusion'>): string {
  const corner = 'true \\ predicted';
  const first = Math.max(corner.length, ...report.classes.map((c) => c.length));
  const width = report.classes.map((c, j) => Math.max(c.length, ...report.confusion.map((row) => String(row[j]).length)));
  const line = (head: string, cells: string[]) => [head.padEnd(first), ...cells.map((c, j) => c.padStart(width[j]!))].join('  ');
  return [line(corner, report.classes), ...report.confusion.map((row, i) => line(report.classes[i]!, row.map(String)))].join('\n');
}

/** What `classify` answers for one row. */
export interface Classification {
  /** The most probable class (the arg-max; with one output, t ≥ ½). */
  label: string;
  /** Its place among the classes. */
  index: number;
  /** The probability of `label`. */
  probability: number;
  /** The probability of every class, by name (one output t: 1 − t and t). */
  probabilities: Record<string, number>;
}

export function classifyOutputs(t: Float32Array, rows: number, cols: number, classes: readonly string[]): Classification[] {
  return Array.from({ length: rows }, (_, r) => {
    const p = cols === 1 ? [1 - t[r]!, t[r]!] : Array.from(t.subarray(r * cols, (r + 1) * cols));
    const index = argmaxRow(t, r * cols, cols);
    return { label: classes[index]!, index, probability: p[index]!, probabilities: Object.fromEntries(classes.map((c, k) => [c, p[k]!])) };
  });
}

/** The evaluation of outputs `t` against targets `y` (rows × cols): classification when `classes` is given, else regression. */
export function evaluateOutputs(t: Float32Array, y: Float32Array, rows: number, cols: number, loss: number, classes: readonly string[] | null): Evaluation {
  if (!classes) return regressionReport(t, y, rows, cols, loss);
  const predicted = new Uint32Array(rows);
  const actual = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    predicted[r] = argmaxRow(t, r * cols, cols);
    actual[r] = argmaxRow(y, r * cols, cols);
  }
  return classificationReport(predicted, actual, classes, loss);
}
