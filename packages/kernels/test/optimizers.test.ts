/**
 * Two steps of every optimizer against numbers worked out by hand. Each kernel runs
 * on 5 values (one SIMD group and a scalar tail), all starting at θ = 1 with the
 * same gradients, so every lane is checked. Gradients: g₁ = 0.5, g₂ = −0.25;
 * η = 0.1. The same numbers check the reference backend
 * (packages/deltaprop/src/reference/optimizers.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { builds, load } from './harness.js';

const n = 5;
const g = [0.5, -0.25];

describe.each(builds)('optimizer steps (%s build)', (build) => {
  const setup = async () => {
    const k = await load(build);
    const theta = k.put(new Float32Array(n).fill(1));
    const grad = k.alloc(n);
    const m = k.put(new Float32Array(n));
    const v = k.put(new Float32Array(n));
    const steps = (step: () => void) =>
      g.map((gi) => {
        k.f32().fill(gi, grad / 4, grad / 4 + n);
        step();
        return Array.from(k.get(theta, n));
      });
    return { k, theta, grad, m, v, steps };
  };
  const expectAll = (got: number[][], want: number[], digits = 6) =>
    got.forEach((row, s) => row.forEach((value) => expect(value).toBeCloseTo(want[s]!, digits)));

  it('sgd: θ ← θ − η g', async () => {
    const { k, theta, grad, steps } = await setup();
    // 1 − 0.1·0.5 = 0.95;  0.95 + 0.1·0.25 = 0.975
    expectAll(
      steps(() => k.x.sgd_step!(theta, grad, n, 0.1)),
      [0.95, 0.975],
    );
  });

  it('momentum: v ← μv − ηg; θ ← θ + v', async () => {
    const { k, theta, grad, m, steps } = await setup();
    // v₁ = −0.05, θ₁ = 0.95;  v₂ = 0.9·(−0.05) + 0.025 = −0.02, θ₂ = 0.93
    expectAll(
      steps(() => k.x.momentum_step!(theta, grad, m, n, 0.1, 0.9, 0)),
      [0.95, 0.93],
    );
  });

  it('nesterov: v ← μv − ηg; θ ← θ + μv − ηg', async () => {
    const { k, theta, grad, m, steps } = await setup();
    // v₁ = −0.05, θ₁ = 1 − 0.045 − 0.05 = 0.905
    // v₂ = −0.045 + 0.025 = −0.02, θ₂ = 0.905 − 0.018 + 0.025 = 0.912
    expectAll(
      steps(() => k.x.momentum_step!(theta, grad, m, n, 0.1, 0.9, 1)),
      [0.905, 0.912],
    );
  });

  it('adam (Kingma & Ba, Algorithm 1): bias correction divides by 1 − βᵗ', async () => {
    const { k, theta, grad, m, v, steps } = await setup();
    // t=1: m = 0.05, v = 0.00025, m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25
    //      θ₁ = 1 − 0.1·0.5/(√0.25 + 1e-8) = 0.900000002
    // t=2: m = 0.045 − 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225
    //      m̂ = 0.02/0.19 = 0.1052632, v̂ = 0.00031225/0.001999 = 0.1562031
    //      θ₂ = θ₁ − 0.1·0.1052632/0.3952254 = 0.8733663
    let t = 0;
    const got = steps(() => {
      t += 1;
      k.x.adam_step!(theta, grad, m, v, n, 0.1, 0.9, 0.999, 1e-8, 1 / (1 - 0.9 ** t), 1 / (1 - 0.999 ** t));
    });
    // float32 holds 1 − β2 = 0.001 only to ~1e-5 relative, so θ agrees to ~1e-6 here
    // (a correction that multiplied by 1 − βᵗ would be off by 0.1).
    expectAll(got, [0.900000002, 0.8733663], 5);
  });

  it('rmsprop: s ← ρs + (1 − ρ)g²; θ ← θ − ηg/(√s + ε)', async () => {
    const { k, theta, grad, m, steps } = await setup();
    // s₁ = 0.025, θ₁ = 1 − 0.05/0.1581139 = 0.6837723
    // s₂ = 0.0225 + 0.00625 = 0.02875, θ₂ = θ₁ + 0.025/0.1695582 = 0.8312142
    expectAll(
      steps(() => k.x.rmsprop_step!(theta, grad, m, n, 0.1, 0.9, 1e-8)),
      [0.6837723, 0.8312142],
    );
  });

  it('weight decay adds λθ to the gradient', async () => {
    const { k, theta, grad } = await setup();
    k.f32().fill(0.5, grad / 4, grad / 4 + n);
    k.x.add_weight_decay!(grad, theta, n, 0.01);
    expect(Array.from(k.get(grad, n))).toEqual(new Array(n).fill(Math.fround(0.51)));
  });
});
