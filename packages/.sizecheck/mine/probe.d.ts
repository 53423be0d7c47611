import type { Engine } from './backend.js';
export type ProductName = 'nn' | 'tn' | 'nt';
export interface MatmulProbe {
    /** C (m×n) = A·B ('nn'), Aᵀ·B ('tn', A stored k×m) or A·Bᵀ ('nt', B stored n×k). */
    run(): void;
    /** A copy of C. */
    result(): Float32Array;
    dispose(): void;
}
export declare function createMatmulProbe(product: ProductName, m: number, k: number, n: number, seed?: number): Promise<MatmulProbe>;
export interface KernelInfo {
    /** The build in use, or null before the first network or probe loaded it. */
    engine: Exclude<Engine, 'reference'> | null;
    simd: boolean;
    relaxedSimd: boolean;
}
/** What this runtime supports and which kernel build runs. */
export declare function kernelInfo(): KernelInfo;
