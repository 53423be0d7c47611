/**
 * Every activation of the table, in the kernels (both builds) against its reference
 * twin in families/activations.ts: t = f(u + b) from bias_activate and δ ⊙ f'(u)
 * from times_derivative, on widths 1, 3, 5, 17, 33 (the SIMD body, the scalar tail
 * and both together) and u in [−4, 4). Generated from the table: a new activation
 * is tested here without editing this file.
 *
 * Tolerance: |kernel − reference| ≤ 2e-6 (1 + |reference|), the reference taking the
 * same float32 u + b: float32 arithmetic (exp4 within 2 ulp) stays well inside it; a
 * wrong constant or the derivative of another activation is off by far more.
 */
import { describe, expect, it } from 'vitest';
import { activationNames, activations, isElementwise } from '../src/families/index.js';
import { getKernels } from '../src/wasm/kernels.js';
import { Random } from '../src/random.js';

const widths = [1, 3, 5, 17, 33];
const rows = 3;

describe.each(['simd', 'relaxed-simd'] as const)('activations in the kernels (%s build) against the reference', (build) => {
  it.each(activationNames.filter(isElementwise))('%s', async (name) => {
    const k = await getKernels(build);
    const { f, df, code } = activations[name];
    const random = new Random(widths.length + code);
    for (const cols of widths) {
      const n = rows * cols;
      const u = Float32Array.from({ length: n }, () => 8 * random.uniform() - 4);
      const b = Float32Array.from({ length: cols }, () => random.uniform() - 0.5);
      const delta = Float32Array.from({ length: n }, () => 2 * random.uniform() - 1);
      const [T, B, U, D] = [n, cols, n, n].map((count) => k.arena.alloc(count * 4));
      k.write(T!, u);
      k.write(B!, b);
      k.write(D!, delta);
      k.exports.bias_activate(T!, B!, rows, cols, code, U!);
      k.exports.times_derivative(D!, T!, n, code, U!);
      const t = k.read(T!, n);
      const d = k.read(D!, n);
      for (let i = 0; i < n; i++) {
        const ui = Math.fround(u[i]! + b[i % cols]!);
        const [want, wantD] = [f(ui), delta[i]! * df(ui)];
        expect(Math.abs(t[i]! - want), `${name} f(${ui}), width ${cols}: ${t[i]} vs ${want}`).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(want)));
        expect(Math.abs(d[i]! - wantD), `${name} δ·f'(${ui}), width ${cols}: ${d[i]} vs ${wantD}`).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(wantD)));
      }
      for (const [at, count] of [
        [T, n],
        [B, cols],
        [U, n],
        [D, n],
      ] as const)
        k.arena.release(at!, count * 4);
    }
  });
});
