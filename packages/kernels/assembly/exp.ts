/**
 * e^x on four lanes at once, for the sigmoid and softmax loops.
 *
 *   n = ⌊x · log₂e + ½⌋,  r = x − n·ln2 (ln2 split in two for exactness),
 *   e^x = 2ⁿ · e^r,  e^r ≈ 1 + r + r²·P(r) on |r| ≤ ½·ln2, P of degree 5
 *   (the Cephes expf coefficients, minimax on that interval).
 *
 * Error: within 2 ulp (relative 2.4e-7) of e^x for x in [−87, 88], the range it
 * clamps to so that 2ⁿ stays a normal float32; below −87 it returns e^(−87) ≈ 1.6e-38
 * instead of a smaller number, above 88 e^88 ≈ 1.7e38 instead of a larger one or ∞.
 * The test (test/elementwise.test.ts) checks the bound against Math.exp.
 */
import { madd } from './simd';

// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87)), f32x4.splat(88));
  const n = f32x4.floor(madd(x, f32x4.splat(1.44269504088896341), f32x4.splat(0.5)));
  let r = madd(n, f32x4.splat(-0.693359375), x);
  r = madd(n, f32x4.splat(2.12194440e-4), r);
  const z = f32x4.mul(r, r);
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(madd(p, z, r), f32x4.splat(1));
  // 2ⁿ: n + 127 in the exponent bits.
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/** exp4 over n values in place (for tests). */
export function exp_array(x: usize, n: i32): void {
  for (let i = 0; i + 4 <= n; i += 4) v128.store(x + <usize>i * 4, exp4(v128.load(x + <usize>i * 4)));
}
