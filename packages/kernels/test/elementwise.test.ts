/**
 * Activations, their derivatives, bias gradient and losses against float64
 * formulas, on widths 1, 3, 5, 17, 33, 64, 100 (SIMD body and scalar tail).
 */
import { describe, expect, it } from 'vitest';
import { Activation, Loss } from '../src/codes.js';
import { builds, load, maxError, randomArray } from './harness.js';

const widths = [1, 3, 5, 17, 33, 64, 100];
const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
const f: Record<number, (u: number) => number> = {
  [Activation.Linear]: (u) => u,
  [Activation.Sigmoid]: sigmoid,
  [Activation.Tanh]: Math.tanh,
  [Activation.Relu]: (u) => Math.max(0, u),
  [Activation.LeakyRelu]: (u) => (u > 0 ? u : 0.01 * u),
};
const df: Record<number, (u: number) => number> = {
  [Activation.Linear]: () => 1,
  [Activation.Sigmoid]: (u) => sigmoid(u) * (1 - sigmoid(u)),
  [Activation.Tanh]: (u) => 1 - Math.tanh(u) ** 2,
  [Activation.Relu]: (u) => (u > 0 ? 1 : 0),
  [Activation.LeakyRelu]: (u) => (u > 0 ? 1 : 0.01),
};

describe.each(builds)('element-wise kernels (%s build)', (build) => {
  it('exp4 is within 2 ulp of e^x on [−87, 88], and clamps outside', async () => {
    const k = await load(build);
    const n = 40000;
    const x = Float32Array.from({ length: n }, (_, i) => -87 + (175 * i) / (n - 1));
    const at = k.put(x);
    k.x.exp_array!(at, n);
    const got = k.get(at, n);
    let worst = 0;
    x.forEach((v, i) => (worst = Math.max(worst, Math.abs(got[i]! - Math.exp(v)) / Math.exp(v))));
    expect(worst).toBeLessThan(2 * 2 ** -23);
    const edge = k.put(Float32Array.of(-1000, -87, 88, 1000));
    k.x.exp_array!(edge, 4);
    const e = k.get(edge, 4);
    expect(e[0]).toBe(e[1]);
    expect(e[3]).toBe(e[2]);
    expect(Number.isFinite(e[3]!)).toBe(true);
  });

  it('bias_activate computes f(u + b) for every activation', async () => {
    const k = await load(build);
    for (const act of [Activation.Linear, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Softmax]) {
      for (const cols of widths) {
        const rows = 3;
        const U = randomArray(rows * cols, cols).map((v) => 4 * v);
        const b = randomArray(cols, cols + 1);
        const pT = k.put(U);
        k.x.bias_activate!(pT, k.put(b), rows, cols, act);
        const want = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++) {
          const u = Array.from({ length: cols }, (_, j) => U[r * cols + j]! + b[j]!);
          if (act === Activation.Softmax) {
            const max = Math.max(...u);
            const e = u.map((v) => Math.exp(v - max));
            const sum = e.reduce((a, c) => a + c, 0);
            e.forEach((v, j) => (want[r * cols + j] = v / sum));
          } else u.forEach((v, j) => (want[r * cols + j] = f[act]!(v)));
        }
        expect(maxError(k.get(pT, rows * cols), want), `activation ${act}, ${cols} columns`).toBeLessThan(2e-6);
      }
    }
  });

  it("times_derivative multiplies δ by f'(u), taken from t = f(u)", async () => {
    const k = await load(build);
    for (const act of [Activation.Linear, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu]) {
      for (const n of widths) {
        const u = randomArray(n, n * 3).map((v) => 3 * v);
        const D = randomArray(n, n * 5);
        const T = u.map(f[act]!);
        const pD = k.put(D);
        k.x.times_derivative!(pD, k.put(T), n, act);
        const want = Array.from(u, (v, i) => D[i]! * df[act]!(v));
        expect(maxError(k.get(pD, n), want), `activation ${act}, n = ${n}`).toBeLessThan(2e-6);
      }
    }
  });

  it('all_finite finds a NaN or an infinity anywhere, in the SIMD body or the tail', async () => {
    const k = await load(build);
    for (const n of [1, 3, 5, 16, 17, 33, 100]) {
      const x = randomArray(n, n);
      expect(k.x.all_finite!(k.put(x), n), `n ${n}`).toBe(1);
      for (const bad of [NaN, Infinity, -Infinity]) {
        for (const at of new Set([0, n >> 1, n - 1])) {
          const y = x.slice();
          y[at] = bad;
          expect(k.x.all_finite!(k.put(y), n), `n ${n}, ${bad} at ${at}`).toBe(0);
        }
      }
      // extreme finite values are finite
      expect(k.x.all_finite!(k.put(new Float32Array(n).fill(3.4e38)), n)).toBe(1);
    }
  });

  it('column_sum gives ∂E/∂b = Σ_rows δ, and accumulates', async () => {
    const k = await load(build);
    for (const cols of widths)
      for (const rows of [1, 3, 33]) {
        const D = randomArray(rows * cols, rows + cols);
        const gb = k.put(new Float32Array(cols).fill(NaN));
        k.x.column_sum!(k.put(D), gb, rows, cols, 0);
        const want = Array.from({ length: cols }, (_, j) => {
          let s = 0;
          for (let r = 0; r < rows; r++) s += D[r * cols + j]!;
          return s;
        });
        expect(maxError(k.get(gb, cols), want)).toBeLessThan(1e-6);
        k.x.column_sum!(k.put(D), gb, rows, cols, 1);
        expect(
          maxError(
            k.get(gb, cols),
            want.map((v) => 2 * v),
          ),
        ).toBeLessThan(2e-6);
      }
  });

  it('loss_delta: E and the output δ for mse and cross-entropy', async () => {
    const k = await load(build);
    const cases = [
      { loss: Loss.Mse, act: Activation.Sigmoid },
      { loss: Loss.Mse, act: Activation.Linear },
      { loss: Loss.Mse, act: Activation.Softmax },
      { loss: Loss.CrossEntropy, act: Activation.Softmax },
      { loss: Loss.CrossEntropy, act: Activation.Sigmoid },
    ];
    for (const { loss, act } of cases)
      for (const cols of widths) {
        const rows = 4;
        const T = randomArray(rows * cols, cols).map((v) => 0.05 + 0.45 * (v + 1));
        if (act === Activation.Softmax)
          for (let r = 0; r < rows; r++) {
            const s = T.subarray(r * cols, (r + 1) * cols).reduce((a, c) => a + c, 0);
            for (let j = 0; j < cols; j++) T[r * cols + j]! /= s;
          }
        const Y = randomArray(rows * cols, cols + 9).map((v) => (v > 0 ? 1 : 0));
        const pD = k.put(new Float32Array(rows * cols));
        const E = k.x.loss_delta!(k.put(T), k.put(Y), pD, rows, cols, loss, act, 0.25);
        let wantE = 0;
        const want = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++) {
          const t = Array.from(T.subarray(r * cols, (r + 1) * cols));
          const y = Array.from(Y.subarray(r * cols, (r + 1) * cols));
          const g = t.map((v, j) => v - y[j]!);
          if (loss === Loss.Mse) {
            wantE += g.reduce((a, v) => a + 0.5 * v * v, 0);
            const gt = g.reduce((a, v, j) => a + v * t[j]!, 0);
            t.forEach(
              (v, j) =>
                (want[r * cols + j] = 0.25 * (act === Activation.Softmax ? v * (g[j]! - gt) : act === Activation.Sigmoid ? g[j]! * v * (1 - v) : g[j]!)),
            );
          } else {
            t.forEach((v, j) => {
              wantE -= y[j]! * Math.log(v) + (act === Activation.Sigmoid ? (1 - y[j]!) * Math.log(1 - v) : 0);
              want[r * cols + j] = 0.25 * g[j]!;
            });
          }
        }
        expect(Math.abs(E - wantE) / (1 + Math.abs(wantE)), `loss ${loss} act ${act} cols ${cols}`).toBeLessThan(1e-6);
        expect(maxError(k.get(pD, rows * cols), want)).toBeLessThan(1e-6);
      }
  });
});
