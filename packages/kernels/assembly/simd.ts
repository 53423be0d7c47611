/**
 * The one multiply-add of every SIMD loop: c + a·b, four lanes.
 *
 * The relaxed-SIMD build fuses it (f32x4.relaxed_madd: one rounding, one
 * instruction where the CPU has FMA); the plain build multiplies then adds (two
 * roundings). Both builds compile this same source; the branch is decided at
 * compile time by the features passed to asc.
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * c + a·b on one float, rounded as madd rounds each lane: the scalar loops that
 * stand in for the SIMD ones on tiny sizes then give the same bits, whichever runs.
 */
// @ts-ignore: decorator
@inline export function madd1(a: f32, b: f32, c: f32): f32 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
  return a * b + c;
}
