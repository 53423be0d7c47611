/**
 * The forward pass for a few rows per call (a row a user just drew or typed):
 *
 *   U^(l+1) = T^(l) · W^(l+1) + b^(l+1),   T^(l+1) = f(U^(l+1))
 *
 * For N ≤ 64 rows every weight is used at most N times, so the blocked product's
 * packing (a copy of W per call) and its four-row tiles (three quarters wasted on
 * one row) cost more than the arithmetic. Here W is read where it lies in θ, and
 * one row runs in tiles of 1 × 32 outputs, four rows in tiles of 4 × 8.
 *
 * Sums are taken in the order of the blocked product (matmul.ts): chunks of KC
 * terms, each summed from zero with the same madd, added into C one after the
 * other. Batch prediction runs the same code (predict_batch), so a row's outputs
 * have the same bits whether it came alone, with a few others or in a batch.
 *
 *   work  ┌──────────────────────────┬──────────────────────────┐
 *         │ T of layers 2, 4, …      │ T of layers 3, 5, …      │  each N × (widest
 *         └──────────────────────────┴──────────────────────────┘  hidden layer), 16-aligned
 *
 * The output layer writes Out (N × s_n) directly. Nothing else is written.
 */
import { Product } from '../src/codes';
import { DIRECT_N, gemm, KC } from './matmul';
import { bias_activate } from './activations';
import { all_finite } from './optimizers';
import { Net } from './descriptor';
import { madd } from './simd';

/** Bytes of work predict_rows needs for N rows of the network d. */
export function predict_work_bytes(d: Net, N: i32): i32 {
  return 2 * half(d, N);
}

function half(d: Net, N: i32): i32 {
  let widest = 0;
  for (let l = 0; l + 1 < d.layers; l++) widest = max(widest, d.layer(l).out);
  return (N * widest * 4 + 15) & ~15;
}

/**
 * Out (N × s_n) = the network's output for the N rows of X (N × s_1), with `work`
 * of predict_work_bytes(d, N) bytes. Returns 0, having computed nothing, when X
 * holds a value that is not finite; 1 otherwise.
 */
export function predict_rows(d: Net, X: usize, Out: usize, N: i32, work: usize): i32 {
  if (!all_finite(X, N * d.layer(0).in)) return 0;
  forwardRows(d, X, Out, N, work);
  return 1;
}

/**
 * Thread t of T's share of a batch prediction (T = 1: all of it): rows
 * [N·t/T, N·(t+1)/T) of X (checked by the caller) into the same rows of Out,
 * BatchCapacity rows at a time through the layers' own T buffers of d.
 */
export function predict_batch(d: Net, X: usize, Out: usize, N: i32, t: i32, T: i32): void {
  const cap = d.batchCapacity;
  const s1 = <usize>d.layer(0).in;
  const sn = <usize>d.last.out;
  const end = (N * (t + 1)) / T;
  for (let start = (N * t) / T; start < end; start += cap) {
    forwardRows(d, X + <usize>start * s1 * 4, Out + <usize>start * sn * 4, min(cap, end - start), 0);
  }
}

/**
 * The forward pass of N rows; the hidden layers' outputs go to `work` (two
 * alternating buffers, see the top of this file) or, with work = 0, to each layer's
 * T buffer of the descriptor (N ≤ BatchCapacity).
 */
function forwardRows(d: Net, X: usize, Out: usize, N: i32, work: usize): void {
  const L = d.layers;
  const second = work ? work + <usize>half(d, N) : 0;
  let input = X;
  for (let l = 0; l < L; l++) {
    const layer = d.layer(l);
    const T = l == L - 1 ? Out : !work ? layer.T : l & 1 ? second : work;
    product(d, input, layer.W, T, N, layer.in, layer.out);
    // U = 0: prediction keeps no u (only the backward pass of some activations needs it)
    bias_activate(T, layer.b, N, layer.out, layer.activation, 0);
    input = T;
  }
}

/**
 * C (rows × n) = A (rows × k) · W (k × n). W is read in place, except for layers wider
 * than DIRECT_N: their rows lie 2 KiB or more apart, and for more than a few rows
 * the blocked product's packed copy pays (its sums are taken in the same order, so
 * the bits are the same). Never the blocked product's triple loop for tiny products:
 * it rounds a·b before adding where the relaxed build fuses, and a row's outputs
 * would then depend on how many rows came with it.
 */
function product(d: Net, A: usize, W: usize, C: usize, rows: i32, k: i32, n: i32): void {
  if (n > DIRECT_N && rows >= 16) {
    gemm(Product.NN, A, W, C, rows, k, n, 0, d.scratch);
    return;
  }
  const lda = <usize>k * 4;
  const ldc = <usize>n * 4;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const w = W + <usize>pc * ldc;
    const add = pc > 0;
    let r = 0;
    for (; r + 4 <= rows; r += 4) rows4(A + <usize>r * lda + <usize>pc * 4, lda, w, ldc, kc, n, C + <usize>r * ldc, add);
    for (; r < rows; r++) row1(A + <usize>r * lda + <usize>pc * 4, w, ldc, kc, n, C + <usize>r * ldc, add);
  }
}

// @ts-ignore: decorator
@inline function put(c: usize, v: v128, add: bool): void {
  v128.store(c, add ? f32x4.add(v128.load(c), v) : v);
}

// @ts-ignore: decorator
@inline function putLane(c: usize, v: v128, add: bool): void {
  const x = f32x4.extract_lane(v, 0);
  store<f32>(c, add ? load<f32>(c) + x : x);
}

/**
 * One row a (kc terms) times kc rows of W (ldw bytes apart), n columns, into c.
 * Tiles of 32 outputs (8 accumulators), then 8, then 4, then one column at a time
 * in lane 0 (the same madd, so the same bits as the blocked product's edge tile).
 */
function row1(a: usize, w: usize, ldw: usize, kc: i32, n: i32, c: usize, add: bool): void {
  let j = 0;
  for (; j + 32 <= n; j += 32) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let c4 = f32x4.splat(0), c5 = f32x4.splat(0), c6 = f32x4.splat(0), c7 = f32x4.splat(0);
    let ap = a;
    let wp = w + <usize>j * 4;
    for (let p = 0; p < kc; p++) {
      // A zero input adds exactly nothing (c + 0·w is c, bit for bit): skip its row of
      // W. Inputs such as pixels or one-hot columns, and the outputs of a relu layer,
      // are mostly zeros.
      if (load<u32>(ap) != 0) {
        const x = v128.load32_splat(ap);
        c0 = madd(x, v128.load(wp), c0);
        c1 = madd(x, v128.load(wp, 16), c1);
        c2 = madd(x, v128.load(wp, 32), c2);
        c3 = madd(x, v128.load(wp, 48), c3);
        c4 = madd(x, v128.load(wp, 64), c4);
        c5 = madd(x, v128.load(wp, 80), c5);
        c6 = madd(x, v128.load(wp, 96), c6);
        c7 = madd(x, v128.load(wp, 112), c7);
      }
      ap += 4;
      wp += ldw;
    }
    const o = c + <usize>j * 4;
    put(o, c0, add); put(o + 16, c1, add); put(o + 32, c2, add); put(o + 48, c3, add);
    put(o + 64, c4, add); put(o + 80, c5, add); put(o + 96, c6, add); put(o + 112, c7, add);
  }
  for (; j + 8 <= n; j += 8) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
    let ap = a;
    let wp = w + <usize>j * 4;
    for (let p = 0; p < kc; p++) {
      const x = v128.load32_splat(ap);
      c0 = madd(x, v128.load(wp), c0);
      c1 = madd(x, v128.load(wp, 16), c1);
      ap += 4;
      wp += ldw;
    }
    const o = c + <usize>j * 4;
    put(o, c0, add); put(o + 16, c1, add);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0);
    let ap = a;
    let wp = w + <usize>j * 4;
    for (let p = 0; p < kc; p++) {
      c0 = madd(v128.load32_splat(ap), v128.load(wp), c0);
      ap += 4;
      wp += ldw;
    }
    put(c + <usize>j * 4, c0, add);
  }
  for (; j < n; j++) {
    let c0 = f32x4.splat(0);
    let ap = a;
    let wp = w + <usize>j * 4;
    for (let p = 0; p < kc; p++) {
      c0 = madd(v128.load32_splat(ap), v128.load32_zero(wp), c0);
      ap += 4;
      wp += ldw;
    }
    putLane(c + <usize>j * 4, c0, add);
  }
}

/**
 * Four rows of A (lda bytes apart) times W, n columns, into four rows of c: tiles
 * of 4 × 8 (the micro-kernel's shape, W in place of its packed panel), then 4 × 4,
 * then one column at a time.
 */
function rows4(a: usize, lda: usize, w: usize, ldw: usize, kc: i32, n: i32, c: usize, add: bool): void {
  const a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda;
  const ldc = ldw; // C's rows are n floats apart, as W's are
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    let wp = w + <usize>j * 4;
    for (let p = 0; p < kc; p++) {
      const at = <usize>p * 4;
      const b0 = v128.load(wp);
      const b1 = v128.load(wp, 16);
      let x = v128.load32_splat(a + at);
      c00 = madd(x, b0, c00);
      c01 = madd(x, b1, c01);
      x = v128.load32_splat(a1 + at);
      c10 = madd(x, b0, c10);
      c11 = madd(x, b1, c11);
      x = v128.load32_splat(a2 + at);
      c20 = madd(x, b0, c20);
      c21 = madd(x, b1, c21);
      x = v128.load32_splat(a3 + at);
      c30 = madd(x, b0, c30);
      c31 = madd(x, b1, c31);
      wp += ldw;
    }
    const o = c + <usize>j * 4;
    put(o, c00, add); put(o + 16, c01, add);
    put(o + ldc, c10, add); put(o + ldc + 16, c11, add);
    put(o + 2 * ldc, c20, add); put(o + 2 * ldc + 16, c21, add);
    put(o + 3 * ldc, c30, add); put(o + 3 * ldc + 16, c31, add);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let wp = w + <usize>j * 4;
    for (let p = 0; p < kc; p++) {
      const at = <usize>p * 4;
      const b = v128.load(wp);
      c0 = madd(v128.load32_splat(a + at), b, c0);
      c1 = madd(v128.load32_splat(a1 + at), b, c1);
      c2 = madd(v128.load32_splat(a2 + at), b, c2);
      c3 = madd(v128.load32_splat(a3 + at), b, c3);
      wp += ldw;
    }
    const o = c + <usize>j * 4;
    put(o, c0, add); put(o + ldc, c1, add); put(o + 2 * ldc, c2, add); put(o + 3 * ldc, c3, add);
  }
  for (; j < n; j++) {
    // The four rows in the four lanes: one gathered A column times one weight.
    let c0 = f32x4.splat(0);
    let wp = w + <usize>j * 4;
    for (let p = 0; p < kc; p++) {
      const at = <usize>p * 4;
      let x = v128.load32_zero(a + at);
      x = v128.load32_lane(a1 + at, x, 1);
      x = v128.load32_lane(a2 + at, x, 2);
      x = v128.load32_lane(a3 + at, x, 3);
      c0 = madd(x, v128.load32_splat(wp), c0);
      wp += ldw;
    }
    const o = c + <usize>j * 4;
    const v0 = f32x4.extract_lane(c0, 0), v1 = f32x4.extract_lane(c0, 1), v2 = f32x4.extract_lane(c0, 2), v3 = f32x4.extract_lane(c0, 3);
    store<f32>(o, add ? load<f32>(o) + v0 : v0);
    store<f32>(o + ldc, add ? load<f32>(o + ldc) + v1 : v1);
    store<f32>(o + 2 * ldc, add ? load<f32>(o + 2 * ldc) + v2 : v2);
    store<f32>(o + 3 * ldc, add ? load<f32>(o + 3 * ldc) + v3 : v3);
  }
}
