/**
 * The three matrix products of back-propagation, row-major float32 (equation
 * numbers: the README's mathematics section):
 *
 *   forward       U = T·W            u^(l+1) = t^(l) · W^(l+1)         (NN, eq. (1))
 *   weight grad   ∂E/∂W = Tᵀ·Δ       ∂E/∂W^(l) = t^(l−1)ᵀ · δ^(l)       (TN, eq. (6))
 *   δ rule        Δ·Wᵀ               δ^(l+1) · W^(l+1)ᵀ                 (NT, eq. (5))
 *
 * All three share one register-blocked micro-kernel. The operands are first copied
 * ("packed") into the order the micro-kernel reads them, so a transposed operand
 * costs one pass of copying instead of a strided inner loop: none of the three is a
 * slow path.
 *
 *   C (m×n) += A (m×k) · B (k×n), blocked as
 *
 *   for jc in n step NC                       B block: KC × NC, packed into panels
 *     for pc in k step KC                     of NR columns (each KC×NR, row by row)
 *       pack B[pc:pc+KC, jc:jc+NC]
 *       for ic in m step MC                   A block: MC × KC, packed into panels
 *         pack A[ic:ic+MC, pc:pc+KC]          of MR rows (each KC×MR, column by column)
 *         for jr in NC step NR
 *           for ir in MC step MR
 *             micro-kernel: C[MR×NR] += A panel · B panel   (8 v128 accumulators)
 *
 * Panels are zero-padded to whole MR×NR tiles; a tile that overhangs C is written
 * through a small buffer and copied element by element (the scalar edge).
 *
 * Scratch (bytes): SCRATCH_BYTES, 16-aligned; the caller owns it.
 */
import { Product } from '../src/codes';
import { madd, madd1 } from './simd';

const MR = 4;
const NR = 8;
export const KC = 256;
const MC = 128;
const NC = 1024;

/**
 * Up to this many multiply-adds (m·n·k) a product runs as a plain triple loop: for
 * the tiny matrices of small networks, packing and the edge tiles of the blocked
 * product cost more than the arithmetic.
 */
const SMALL: i64 = 512;

/** Bytes of scratch a product needs: the packed B block, the packed A block, one edge tile. */
export const SCRATCH_BYTES: i32 = (KC * NC + MC * KC + MR * NR) * 4;

export function scratch_bytes(): i32 {
  return SCRATCH_BYTES;
}

/** C (m×n) = A (m×k) · B (k×n); with accumulate ≠ 0, C += A·B. */
export function matmul_nn(A: usize, B: usize, C: usize, m: i32, k: i32, n: i32, accumulate: i32, scratch: usize): void {
  gemm(Product.NN, A, B, C, m, k, n, accumulate, scratch);
}

/** C (m×n) = Aᵀ · B where A is stored k×m and B is k×n. */
export function matmul_tn(A: usize, B: usize, C: usize, m: i32, k: i32, n: i32, accumulate: i32, scratch: usize): void {
  gemm(Product.TN, A, B, C, m, k, n, accumulate, scratch);
}

/** C (m×n) = A · Bᵀ where A is m×k and B is stored n×k. */
export function matmul_nt(A: usize, B: usize, C: usize, m: i32, k: i32, n: i32, accumulate: i32, scratch: usize): void {
  gemm(Product.NT, A, B, C, m, k, n, accumulate, scratch);
}

/**
 * The product `product` of A and B into C. `lda`, for Aᵀ·B only: the row stride of
 * the stored A (k × lda), when A is a block of columns of a wider matrix (0: m).
 */
export function gemm(product: i32, A: usize, B: usize, C: usize, m: i32, k: i32, n: i32, accumulate: i32, scratch: usize, lda: i32 = 0): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) memory.fill(C, 0, <usize>m * <usize>n * 4);
    return;
  }
  const ld = product == Product.TN ? (lda > 0 ? lda : m) : k;
  if (<i64>m * <i64>n * <i64>k <= SMALL) small(product, A, B, C, m, k, n, accumulate, ld);
  else packed(product, A, B, C, m, k, n, accumulate, scratch, ld);
}

/**
 * Up to DIRECT_M rows of A and DIRECT_N columns of B, T·W reads B where it lies
 * instead of packing it: B's panels would be read only m / MR times after the copy,
 * and the copy (a read and a write of all of B) costs more than reading B's rows with
 * a stride. Wider B loses (rows 4 KiB or more apart: 32 instead of 48 GFLOP/s at
 * 32 × 1024 × 1024). B's last panel, when narrower than NR, is packed all the same (a
 * strided read would run past B).
 */
const DIRECT_M = 64;
export const DIRECT_N = 512;

/** The blocked, packed product (see the top of this file). */
function packed(product: i32, A: usize, B: usize, C: usize, m: i32, k: i32, n: i32, accumulate: i32, scratch: usize, lda: i32): void {
  const Bp = scratch;
  const Ap = scratch + <usize>(KC * NC) * 4;
  const tile = Ap + <usize>(MC * KC) * 4;
  const direct = product == Product.NN && m <= DIRECT_M && n <= DIRECT_N;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const whole = direct ? nc & ~(NR - 1) : 0; // panels read in place
      if (product == Product.NT) packBTransposed(B, k, jc, pc, nc, kc, Bp);
      else if (whole < nc) packB(B, n, jc + whole, pc, nc - whole, kc, Bp + <usize>(whole * kc) * 4);
      const acc = accumulate != 0 || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        if (product == Product.TN) packATransposed(A, lda, ic, pc, mc, kc, Ap);
        else packA(A, lda, ic, pc, mc, kc, Ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const inPlace = jr < whole;
          const bPanel = inPlace ? B + (<usize>pc * <usize>n + <usize>(jc + jr)) * 4 : Bp + <usize>(jr * kc) * 4;
          const bStep = inPlace ? <usize>n * 4 : NR * 4;
          for (let ir = 0; ir < mc; ir += MR) {
            const c = C + (<usize>(ic + ir) * <usize>n + <usize>(jc + jr)) * 4;
            micro(Ap + <usize>(ir * kc) * 4, bPanel, bStep, kc, c, n, min(MR, mc - ir), min(NR, nc - jr), acc, tile);
          }
        }
      }
    }
  }
}

/** B stored k×n (row stride n): panel p holds columns jc+8p … +7, row by row. */
function packB(B: usize, n: i32, jc: i32, pc: i32, nc: i32, kc: i32, Bp: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    let dst = Bp + <usize>(jr * kc) * 4;
    let src = B + (<usize>pc * <usize>n + <usize>(jc + jr)) * 4;
    const stride = <usize>n * 4;
    if (cols == NR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += NR * 4;
        src += stride;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) store<f32>(dst + <usize>j * 4, j < cols ? load<f32>(src + <usize>j * 4) : 0);
        dst += NR * 4;
        src += stride;
      }
    }
  }
}

/** B stored n×k (row stride k), read as its transpose: B[p][j] = Bs[j][p]. */
function packBTransposed(B: usize, k: i32, jc: i32, pc: i32, nc: i32, kc: i32, Bp: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const dst = Bp + <usize>(jr * kc) * 4;
    for (let j = 0; j < NR; j++) {
      if (j < cols) {
        let src = B + (<usize>(jc + jr + j) * <usize>k + <usize>pc) * 4;
        let d = dst + <usize>j * 4;
        for (let p = 0; p < kc; p++) {
          store<f32>(d, load<f32>(src));
          src += 4;
          d += NR * 4;
        }
      } else {
        let d = dst + <usize>j * 4;
        for (let p = 0; p < kc; p++) {
          store<f32>(d, 0);
          d += NR * 4;
        }
      }
    }
  }
}

/** A stored m×k (row stride k): panel q holds rows ic+4q … +3, column by column. */
function packA(A: usize, k: i32, ic: i32, pc: i32, mc: i32, kc: i32, Ap: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const dst = Ap + <usize>(ir * kc) * 4;
    for (let r = 0; r < MR; r++) {
      let d = dst + <usize>r * 4;
      if (r < rows) {
        let src = A + (<usize>(ic + ir + r) * <usize>k + <usize>pc) * 4;
        for (let p = 0; p < kc; p++) {
          store<f32>(d, load<f32>(src));
          src += 4;
          d += MR * 4;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          store<f32>(d, 0);
          d += MR * 4;
        }
      }
    }
  }
}

/** A stored k×m (row stride m), read as its transpose: A[i][p] = As[p][i]. */
function packATransposed(A: usize, m: i32, ic: i32, pc: i32, mc: i32, kc: i32, Ap: usize): void {
  const stride = <usize>m * 4;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let dst = Ap + <usize>(ir * kc) * 4;
    let src = A + (<usize>pc * <usize>m + <usize>(ic + ir)) * 4;
    if (rows == MR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        dst += MR * 4;
        src += stride;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) store<f32>(dst + <usize>r * 4, r < rows ? load<f32>(src + <usize>r * 4) : 0);
        dst += MR * 4;
        src += stride;
      }
    }
  }
}

/**
 * C[MR×NR] (+)= A panel · B panel over kc steps (B's rows bStep bytes apart: NR
 * floats when packed, n in place). Each step broadcasts the four A
 * values of one column and multiplies them with two 4-lane vectors of one B row:
 * 16 multiply-adds on 8 accumulators, 2 vector loads and 4 broadcast loads.
 */
function micro(ap: usize, bp: usize, bStep: usize, kc: i32, c: usize, ldc: i32, rows: i32, cols: i32, acc: bool, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += MR * 4;
    bp += bStep;
  }
  const ld = <usize>ldc * 4;
  if (rows == MR && cols == NR) {
    let r = c;
    if (acc) {
      v128.store(r, f32x4.add(v128.load(r), c00)); v128.store(r, f32x4.add(v128.load(r, 16), c01), 16); r += ld;
      v128.store(r, f32x4.add(v128.load(r), c10)); v128.store(r, f32x4.add(v128.load(r, 16), c11), 16); r += ld;
      v128.store(r, f32x4.add(v128.load(r), c20)); v128.store(r, f32x4.add(v128.load(r, 16), c21), 16); r += ld;
      v128.store(r, f32x4.add(v128.load(r), c30)); v128.store(r, f32x4.add(v128.load(r, 16), c31), 16);
    } else {
      v128.store(r, c00); v128.store(r, c01, 16); r += ld;
      v128.store(r, c10); v128.store(r, c11, 16); r += ld;
      v128.store(r, c20); v128.store(r, c21, 16); r += ld;
      v128.store(r, c30); v128.store(r, c31, 16);
    }
    return;
  }
  // Edge tile: spill the accumulators, then copy the rows × cols that exist.
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let i = 0; i < rows; i++) {
    const dst = c + <usize>i * ld;
    const src = tile + <usize>(i * NR) * 4;
    for (let j = 0; j < cols; j++) {
      const v = load<f32>(src + <usize>j * 4);
      const at = dst + <usize>j * 4;
      store<f32>(at, acc ? load<f32>(at) + v : v);
    }
  }
}

/**
 * c_ij (+)= Σ_p a_ip b_pj, one element at a time, for tiny products. Each term is
 * added as the micro-kernel adds it (madd1), so an element has the same bits on
 * either path: a team's threads, which multiply slices of one thread's products,
 * compute exactly what one thread does.
 */
function small(product: i32, A: usize, B: usize, C: usize, m: i32, k: i32, n: i32, accumulate: i32, lda: i32): void {
  // Strides of A (rows i, columns p) and B (rows p, columns j) as stored.
  const ai: usize = product == Product.TN ? 4 : <usize>lda * 4;
  const ap: usize = product == Product.TN ? <usize>lda * 4 : 4;
  const bp: usize = product == Product.NT ? 4 : <usize>n * 4;
  const bj: usize = product == Product.NT ? <usize>k * 4 : 4;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let a = A + <usize>i * ai;
      let b = B + <usize>j * bj;
      let sum: f32 = 0;
      for (let p = 0; p < k; p++) {
        sum = madd1(load<f32>(a), load<f32>(b), sum);
        a += ap;
        b += bp;
      }
      const at = C + (<usize>i * <usize>n + <usize>j) * 4;
      store<f32>(at, accumulate ? load<f32>(at) + sum : sum);
    }
  }
}
