/**
 * Direct access to the matrix-product kernels, for benchmarks: operands live in
 * WebAssembly memory, and `run()` is one call into a kernel.
 */
import { detectFeatures, Product } from '@deltaprop/kernels';
import type { Engine } from './backend.js';
import { fail } from './errors.js';
import { Random } from './random.js';
import { getKernels, loadedKernels } from './wasm/kernels.js';

/** Which product: A·B (`nn`), Aᵀ·B (`tn`) or A·Bᵀ (`nt`). */
export type ProductName = 'nn' | 'tn' | 'nt';

/** Operands of one matrix product in WebAssembly memory, filled with seeded values. */
export interface MatmulProbe {
  /** C (m×n) = A·B ('nn'), Aᵀ·B ('tn', A stored k×m) or A·Bᵀ ('nt', B stored n×k). */
  run(): void;
  /** A copy of C. */
  result(): Float32Array;
  /** Frees the operands' memory; any later call throws DISPOSED. */
  dispose(): void;
}

/** Places seeded m×k and k×n operands (as `product` stores them) in WebAssembly memory, for timing `run()`. */
export async function createMatmulProbe(product: ProductName, m: number, k: number, n: number, seed = 1): Promise<MatmulProbe> {
  for (const [name, v] of [
    ['m', m],
    ['k', k],
    ['n', n],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) fail('INVALID_OPTION', `${name} must be an integer ≥ 1, got ${String(v)}`);
  }
  const code = { nn: Product.NN, tn: Product.TN, nt: Product.NT }[product];
  if (code === undefined) fail('INVALID_OPTION', `product must be 'nn', 'tn' or 'nt', got ${String(product)}`);
  const kernels = await getKernels();
  const { arena, exports: x } = kernels;
  const A = arena.alloc(m * k * 4);
  const B = arena.alloc(k * n * 4);
  const C = arena.alloc(m * n * 4);
  const random = new Random(seed);
  const f32 = kernels.f32;
  for (let i = 0; i < m * k; i++) f32[(A >>> 2) + i] = random.uniform() - 0.5;
  for (let i = 0; i < k * n; i++) f32[(B >>> 2) + i] = random.uniform() - 0.5;
  const fn = product === 'nn' ? x.matmul_nn : product === 'tn' ? x.matmul_tn : x.matmul_nt;
  let live = true;
  return {
    run: () => {
      if (!live) fail('DISPOSED', 'this probe was disposed');
      fn(A, B, C, m, k, n, 0, kernels.scratch);
    },
    result: () => kernels.read(C, m * n),
    dispose: () => {
      if (!live) return;
      live = false;
      arena.release(A, m * k * 4);
      arena.release(B, k * n * 4);
      arena.release(C, m * n * 4);
    },
  };
}

/** What `kernelInfo()` reports. */
export interface KernelInfo {
  /** The build in use, or null before the first network or probe loaded it. */
  engine: Exclude<Engine, 'reference'> | null;
  /** This runtime validates WebAssembly SIMD. */
  simd: boolean;
  /** This runtime validates relaxed SIMD (fused multiply-add). */
  relaxedSimd: boolean;
}

/** What this runtime supports and which kernel build runs. */
export function kernelInfo(): KernelInfo {
  const features = detectFeatures();
  const k = loadedKernels();
  return { engine: k ? (k.variant === 'relaxed-simd' ? 'wasm-relaxed-simd' : 'wasm-simd') : null, ...features };
}
