/**
 * The three products against float64 loops, on sizes that are not multiples of the
 * 4×8 tile (1, 3, 5, 17, 33, 100) and ones that are (64), and across the
 * 256-deep packing blocks. Tolerance: float32 accumulation over k terms of size
 * ≤ 1 drifts by about k · 2⁻²⁴; 1e-5 · (1 + |c|) covers k ≤ 600 with room.
 */
import { describe, expect, it } from 'vitest';
import { builds, load, maxError, randomArray } from './harness.js';

const sizes = [1, 3, 5, 17, 33, 64, 100];
const shapes: [number, number, number][] = [];
for (const m of sizes) for (const k of [1, 5, 33, 100]) for (const n of [1, 3, 17, 64]) shapes.push([m, k, n]);
shapes.push([33, 300, 70], [100, 513, 17], [7, 1, 9], [20, 40, 600]);

/** C = op(A) · op(B) in float64 from the stored arrays. */
function naive(product: string, A: Float32Array, B: Float32Array, m: number, k: number, n: number) {
  const a = (i: number, p: number) => (product === 'tn' ? A[p * m + i]! : A[i * k + p]!);
  const b = (p: number, j: number) => (product === 'nt' ? B[j * k + p]! : B[p * n + j]!);
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
      C[i * n + j] = s;
    }
  return C;
}

describe.each(builds)('matrix products (%s build)', (build) => {
  for (const product of ['nn', 'tn', 'nt']) {
    it(`${product}: C = op(A)·op(B) on ${shapes.length} shapes`, async () => {
      const k = await load(build);
      for (const [m, kk, n] of shapes) {
        const A = randomArray(m * kk, m * 7 + kk);
        const B = randomArray(kk * n, n * 13 + kk);
        const pA = k.put(A),
          pB = k.put(B);
        const pC = k.put(new Float32Array(m * n).fill(NaN));
        k.x[`matmul_${product}`]!(pA, pB, pC, m, kk, n, 0, k.scratch);
        const want = naive(product, A, B, m, kk, n);
        expect(maxError(k.get(pC, m * n), want), `${product} ${m}×${kk}×${n}`).toBeLessThan(1e-5);
        // accumulate = 1 adds the product to what C holds.
        k.x[`matmul_${product}`]!(pA, pB, pC, m, kk, n, 1, k.scratch);
        expect(
          maxError(
            k.get(pC, m * n),
            want.map((v) => 2 * v),
          ),
          `${product} ${m}×${kk}×${n} accumulate`,
        ).toBeLessThan(2e-5);
      }
    });
  }
});

it('the relaxed build agrees with the plain one to float32 rounding', async () => {
  const plain = await load('simd');
  const relaxed = await load('relaxed');
  const [m, k, n] = [37, 300, 41];
  const A = randomArray(m * k, 1),
    B = randomArray(k * n, 2);
  const run = (l: Awaited<ReturnType<typeof load>>) => {
    const c = l.put(new Float32Array(m * n));
    l.x.matmul_nn!(l.put(A), l.put(B), c, m, k, n, 0, l.scratch);
    return l.get(c, m * n);
  };
  // Fused multiply-add rounds once per step instead of twice: the two differ by
  // about √k rounding errors, far below the 1e-5 bound.
  expect(maxError(run(relaxed), run(plain))).toBeLessThan(1e-5);
});
