import { Network } from '../network.js';
import type { TrainOptions } from '../types.js';
export interface TrainRequest {
    type: 'train';
    model: ReturnType<Network['toJSON']>;
    seed: number;
    kernels: 'auto' | 'simd' | 'relaxed-simd';
    threads: number;
    inputs: {
        data: Float32Array;
        rows: number;
    };
    targets: {
        data: Float32Array;
        rows: number;
    };
    options: TrainOptions;
    epochEvents: boolean;
    batchEvents: boolean;
}
export declare function serve(post: (message: unknown) => void, listen: (listener: (message: any) => void) => void): void;
