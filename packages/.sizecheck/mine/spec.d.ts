/**
 * Checks and normalises what a user asks for (layers, activations, loss, training
 * options) before anything is allocated, so a bad request fails with a clear error
 * and touches nothing.
 */
import { Activation, Loss, Optimizer } from '@deltaprop/kernels';
import type { ActivationName, InitName, KernelBuild, LossName, NetworkOptions, OptimizerName, TrainOptions } from './types.js';
export declare const activationCodes: Record<ActivationName, Activation>;
export declare const lossCodes: Record<LossName, Loss>;
export declare const optimizerCodes: Record<OptimizerName, Optimizer>;
/** A network's shape, checked. `activation[l]` belongs to weight layer l (0-based). */
export interface Spec {
    layers: number[];
    activation: ActivationName[];
    loss: LossName;
}
export declare function checkSpec(layers: unknown, activation: unknown, loss: unknown): Spec;
export declare function checkNetworkOptions(options: NetworkOptions): Spec & {
    seed: number;
    init: InitName;
    kernels: KernelBuild;
    threads: number;
};
/** The optimizer and its hyper-parameters, every default filled in. */
export interface OptimizerPlan {
    type: OptimizerName;
    code: Optimizer;
    learningRate: number;
    /** Momentum μ, Adam's β1 or RMSprop's ρ. */
    beta1: number;
    beta2: number;
    epsilon: number;
}
export interface TrainPlan {
    epochs: number;
    batchSize: number;
    shuffle: boolean;
    /** L2 coefficient λ: the gradient of ½ λ ‖W‖² is added to every weight's (biases excluded). */
    weightDecay: number;
    /** Dropout probability of each weight layer's output (0 for the output layer). */
    dropout: number[];
    optimizer: OptimizerPlan;
    /** Weight wᵢ of every training row (class and sample weights, see weights.ts); absent: all 1. */
    weights?: Float32Array | null;
}
export declare function checkTrainOptions(options: TrainOptions, rows: number, layers: number): TrainPlan;
export declare function describe(v: unknown): string;
