/**
 * Direct access to the matrix-product kernels, for benchmarks: operands live in
 * WebAssembly memory, and `run()` is one call into a kernel.
 */
import { detectFeatures, Product } from '@deltaprop/kernels';
import { fail } from './errors.js';
import { Random } from './random.js';
import { getKernels, loadedKernels } from './wasm/kernels.js';
export async function createMatmulProbe(product, m, k, n, seed = 1) {
    for (const [name, v] of [['m', m], ['k', k], ['n', n]]) {
        if (!Number.isInteger(v) || v < 1)
            fail('INVALID_OPTION', `${name} must be an integer ≥ 1, got ${String(v)}`);
    }
    const code = { nn: Product.NN, tn: Product.TN, nt: Product.NT }[product];
    if (code === undefined)
        fail('INVALID_OPTION', `product must be 'nn', 'tn' or 'nt', got ${String(product)}`);
    const kernels = await getKernels();
    const { arena, exports: x } = kernels;
    const A = arena.alloc(m * k * 4);
    const B = arena.alloc(k * n * 4);
    const C = arena.alloc(m * n * 4);
    const random = new Random(seed);
    const f32 = kernels.f32;
    for (let i = 0; i < m * k; i++)
        f32[(A >>> 2) + i] = random.uniform() - 0.5;
    for (let i = 0; i < k * n; i++)
        f32[(B >>> 2) + i] = random.uniform() - 0.5;
    const fn = product === 'nn' ? x.matmul_nn : product === 'tn' ? x.matmul_tn : x.matmul_nt;
    let live = true;
    return {
        run: () => {
            if (!live)
                fail('DISPOSED', 'this probe was disposed');
            fn(A, B, C, m, k, n, 0, kernels.scratch);
        },
        result: () => kernels.read(C, m * n),
        dispose: () => {
            if (!live)
                return;
            live = false;
            arena.release(A, m * k * 4);
            arena.release(B, k * n * 4);
            arena.release(C, m * n * 4);
        },
    };
}
/** What this runtime supports and which kernel build runs. */
export function kernelInfo() {
    const features = detectFeatures();
    const k = loadedKernels();
    return { engine: k ? (k.variant === 'relaxed-simd' ? 'wasm-relaxed-simd' : 'wasm-simd') : null, ...features };
}
//# sourceMappingURL=probe.js.map