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
    class: string;
    precision: number;
    recall: number;
    f1: number;
    /** Rows whose true class this is. */
    support: number;
}
export interface Averages {
    precision: number;
    recall: number;
    f1: number;
}
export interface ClassificationReport {
    task: 'classification';
    rows: number;
    /** The mean per-sample training loss (as in `history.loss`). */
    loss: number;
    accuracy: number;
    classes: string[];
    /** `confusion[i][j]`: rows of true class i predicted as class j. */
    confusion: number[][];
    perClass: ClassMetrics[];
    macro: Averages;
    weighted: Averages;
}
export interface RegressionReport {
    task: 'regression';
    rows: number;
    /**
     * The mean per-sample training loss (as in `history.loss`): with `mse`,
     * ½ Σ_j (y_j − t_j)² per row, so loss = ½ · k · mse for k outputs.
     */
    loss: number;
    /** Plain mean of (y − t)² over every row and output, without the ½ of the training loss. */
    mse: number;
    rmse: number;
    mae: number;
    /** Coefficient of determination, averaged over the outputs (1 − SS_res / SS_tot; 0 for a constant target not met exactly, 1 if met). */
    r2: number;
}
export type Evaluation = ClassificationReport | RegressionReport;
/** The class of an output row: the arg-max (first on ties), or with one output, t ≥ ½. */
export declare function argmaxRow(t: ArrayLike<number>, at: number, cols: number): number;
export declare function classificationReport(predicted: ArrayLike<number>, actual: ArrayLike<number>, classes: readonly string[], loss: number): ClassificationReport;
/** `t` the outputs, `y` the targets, both rows × cols row-major. */
export declare function regressionReport(t: ArrayLike<number>, y: ArrayLike<number>, rows: number, cols: number, loss: number): RegressionReport;
/** The confusion matrix as a text table: true classes down, predicted classes across. */
export declare function formatConfusion(report: Pick<ClassificationReport, 'classes' | 'confusion'>): string;
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
export declare function classifyOutputs(t: Float32Array, rows: number, cols: number, classes: readonly string[]): Classification[];
/** The evaluation of outputs `t` against targets `y` (rows × cols): classification when `classes` is given, else regression. */
export declare function evaluateOutputs(t: Float32Array, y: Float32Array, rows: number, cols: number, loss: number, classes: readonly string[] | null): Evaluation;
