/**
 * e^x on four lanes at once, for the sigmoid and softmax loops.
 *
 *   n = x · log₂e rounded to nearest,  r = x − n·ln2 (ln2 split in two for exactness),
 *   e^x = 2ⁿ · e^r,  e^r ≈ 1 + r + r²·P(r) on |r| ≤ ½·ln2, P of degree 5
 *   (the Cephes expf coefficients, minimax on that interval).
 *
 * Error: within 2 ulp (relative 2.4e-7) of e^x for x in [−87, 88], the range it
 * clamps to so that 2ⁿ stays a normal float32; below −87 it returns e^(−87) ≈ 1.6e-38
 * instead of a smaller number, above 88 e^88 ≈ 1.7e38 instead of a larger one or ∞.
 * The test (test/elementwise.test.ts) checks the bound against Math.exp.
 */
import { madd } from './simd';

/**
 * The constants of exp4, each in all four lanes, in linear memory: the engine then
 * reads each with one load (often folded into the arithmetic instruction) instead
 * of building it in a register afresh every time (three instructions on x64).
 */
const K = memory.data<f32>([
  88, 88, 88, 88,
  -87, -87, -87, -87,
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341,
  12582912, 12582912, 12582912, 12582912,
  -0.693359375, -0.693359375, -0.693359375, -0.693359375,
  2.12194440e-4, 2.12194440e-4, 2.12194440e-4, 2.12194440e-4,
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1,
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1,
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2,
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3,
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3,
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4,
  1, 1, 1, 1,
], 16);

// @ts-ignore: decorator
@inline function k(i: i32): v128 {
  return v128.load(K + <usize>i * 16);
}

// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  // pmin/pmax: one instruction each (min/max proper must also order NaNs and ±0).
  x = f32x4.pmax(f32x4.pmin(x, k(0)), k(1));
  // n = x·log₂e rounded to the nearest integer by adding 1.5·2²³: the sum's low
  // mantissa bits are then n itself, so 2ⁿ needs no float-to-integer conversion.
  // (n itself is rounded from the same product in parallel: both round to nearest even.)
  const xl = f32x4.mul(x, k(2));
  const kk = f32x4.add(xl, k(3));
  const n = f32x4.nearest(xl);
  let r = madd(n, k(4), x);
  r = madd(n, k(5), r);
  const z = f32x4.mul(r, r);
  // P(r) by Estrin's scheme, (p0 + p1 r) + r²(p2 + p3 r) + r⁴(p4 + p5 r): three
  // independent pairs, so the chain of dependent operations is half Horner's.
  const lo = madd(r, k(7), k(6));
  const mid = madd(r, k(9), k(8));
  const hi = madd(r, k(11), k(10));
  const p = madd(f32x4.mul(z, z), hi, madd(z, mid, lo));
  const y = madd(p, z, f32x4.add(r, k(12)));
  // 2ⁿ: n + 127 in the exponent bits (the bits of kk are 0x4B400000 + n; the
  // shift drops the 0x4B4 part).
  const pow2n = i32x4.shl(i32x4.add(kk, i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/** exp4 over n values in place (for tests). */
export function exp_array(x: usize, n: i32): void {
  for (let i = 0; i + 4 <= n; i += 4) v128.store(x + <usize>i * 4, exp4(v128.load(x + <usize>i * 4)));
}
