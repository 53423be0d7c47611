import type { Backend, BackendState, TrainingSession } from '../backend.js';
import type { Spec, TrainPlan } from '../spec.js';
import type { Gradients, Parameters } from '../types.js';
export declare class ReferenceBackend implements Backend {
    readonly spec: Spec;
    readonly engine: "reference";
    private W;
    private b;
    private random;
    private dropoutRandom;
    /** Optimizer state per parameter array (W then b of each layer): velocity / m / mean square, and v. */
    private state;
    private lastPass;
    constructor(spec: Spec, initial: Parameters, seed: number);
    getParameters(): Parameters;
    setParameters(p: Parameters): void;
    /** u^(l+1) = t^(l) · W^(l+1) + b^(l+1),  t^(l+1) = f(u^(l+1)); with masks, the next layer sees t ⊙ mask. */
    private forward;
    /** E of one sample, and δ^(n) = ∂E/∂u^(n) (eq. (3) for mse). */
    private outputDelta;
    /**
     * Adds scale × ∂E/∂θ of one sample into gW, gb by the δ rule:
     *   ∂E/∂w_ij = t_i δ_j   (eq. (2)),   ∂E/∂b_j = δ_j,
     *   δ_i^(l) = f'(u_i^(l)) Σ_j δ_j^(l+1) w_ij^(l+1)   (eq. (1)).
     */
    private backward;
    /**
     * Dropout masks for a batch: 0 or 1/(1 − p) per output of each hidden layer, drawn
     * in the kernels' order (layer by layer, row by row) from the dropout generator.
     */
    private drawMasks;
    /**
     * Mean loss and mean gradient over rows first … first + count − 1 of idx, and rows
     * classified right. With row weights w, row i's loss and δ are multiplied by
     * sᵢ = count · wᵢ / Σ_batch w, which makes the mean the weighted mean Σ wᵢEᵢ / Σ wᵢ.
     */
    private batchGradient;
    evaluate(x: Float32Array, y: Float32Array, rows: number): {
        loss: number;
        correct: number;
    };
    predict(x: Float32Array, rows: number): Float32Array;
    gradients(x: Float32Array, y: Float32Array, rows: number): Gradients;
    readonly checksData = false;
    startTraining(x: Float32Array, y: Float32Array, rows: number, plan: TrainPlan): TrainingSession;
    private params;
    /** One optimizer step over every parameter array. */
    private step;
    saveState(): BackendState;
    locateNonFinite(): number;
    dispose(): void;
}
/** The output names the target's class: same arg-max (first on ties), or, with one output, the same side of ½. */
export declare function classifiedRight(t: ArrayLike<number>, y: ArrayLike<number>): boolean;
