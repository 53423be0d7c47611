/**
 * The forward pass for a few rows per call (a row a user just drew or typed):
 *
 *   U^(l+1) = T^(l) · W^(l+1) + b^(l+1),   T^(l+1) = f(U^(l+1))
 *
 * For N ≤ 64 rows every weight is used at most N times, so the blocked product's
 * packing (a copy of W per call) and its four-row tiles (three quarters wasted on
 * one row) cost more than the arithmetic. Here W is read where it lies in θ, only
 * its rows that a nonzero input multiplies (gather), and one row runs in tiles of
 * 1 × 48 outputs, four rows in tiles of 4 × 8.
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
import { DIRECT_N, gemm, KC, SCRATCH_BYTES } from './matmul';
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
 * Out = the network's output for rows [first, first + rows) of X (N × s_1, checked by
 * the caller), BatchCapacity rows at a time through the layers' own T buffers of d.
 */
export function predict_batch(d: Net, X: usize, Out: usize, N: i32, first: i32, rows: i32): void {
  const cap = d.batchCapacity;
  const s1 = <usize>d.layer(0).in;
  const sn = <usize>d.last.out;
  const end = min(N, first + rows);
  for (let start = first; start < end; start += cap) {
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

/** Bytes of a list (gather): KC pairs and the three more a pack may write. */
// @ts-ignore: decorator
@inline const LIST_BYTES: usize = (KC + 4) * 8;

/**
 * The scratch block of the few-rows product (bytes from its start): the lists of a
 * block's rows (BLOCK · LIST_BYTES), one list more (four rows' together, or a row's
 * outside the groups of four), the sparse rows' figures (BLOCK × row, count, split),
 * and their partial sums over a chunk's first half (BLOCK × n floats, n ≤ DIRECT_N):
 * 261 KiB of the blocked product's 1.1 MiB (SCRATCH_BYTES).
 */
// @ts-ignore: decorator
@inline const BLOCK = 64;
// @ts-ignore: decorator
@inline const SHARED_LIST: usize = BLOCK * LIST_BYTES;
// @ts-ignore: decorator
@inline const META: usize = SHARED_LIST + LIST_BYTES;
// @ts-ignore: decorator
@inline const PARTIAL: usize = META + BLOCK * 12;
// @ts-ignore: decorator
@inline const HALF = 128;
if (<i32>PARTIAL + BLOCK * DIRECT_N * 4 > SCRATCH_BYTES) ERROR("the few-rows product's lists and partial sums overrun the scratch block");

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
  // The lists of the chunk's inputs that are not zero (see gather) live in the scratch
  // block, unused outside the blocked product (its layout: above). They are written only where
  // they skip an eighth of the terms or more: elsewhere (dense inputs, or four rows' relu
  // outputs, rarely zero all four at once) reading them would cost more than it saves.
  const scratch = d.scratch;
  const list = scratch + SHARED_LIST;
  // Sparse rows of a block go through their lists tile by tile (sparseRows) where the
  // outputs come in whole tiles of 16, and no more than DIRECT_N of them (their partial
  // sums must fit the scratch block); one at a time elsewhere.
  const tiled = n % 16 == 0 && n <= DIRECT_N;
  let listed = true; // see below: carried from one chunk to the next
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const w = W + <usize>pc * ldc;
    const add = pc > 0;
    for (let r0 = 0; r0 < rows; r0 += BLOCK) {
      const end = min(rows, r0 + BLOCK);
      let sparse = 0;
      let r = r0;
      for (; r + 4 <= end; r += 4) {
        const a = A + <usize>r * lda + <usize>pc * 4;
        const c = C + <usize>r * ldc;
        const lists = scratch + <usize>(r - r0) * LIST_BYTES;
        // While the rows come sparse, each one's list is written in the pass that counts
        // (gather4); after a group of dense rows, they are only counted (nonzeros4) until
        // sparse rows come again, in this chunk or the next: lists that the four-row tile
        // would not read cost a tenth of its time.
        const counts = listed ? gather4(a, lda, w, ldc, kc, lists) : nonzeros4(a, lda, kc);
        const union = <i32>(counts & 0xfff);
        const each = countOf(counts, 0) + countOf(counts, 1) + countOf(counts, 2) + countOf(counts, 3);
        // Four rows together read a term where any of them is not zero; one at a time, each
        // reads only its own terms, at two thirds of the four-row tile's speed. Digits of
        // the mnist set: a fifth of each one's pixels are not zero, two fifths of four's.
        if (3 * each < 8 * union) {
          for (let i = 0; i < 4; i++) {
            const count = countOf(counts, i);
            const ai = a + <usize>i * lda;
            const ci = c + <usize>i * ldc;
            const own = lists + <usize>i * LIST_BYTES;
            if (count * 8 > kc * 7) rowAll(ai, w, ldc, kc, n, ci, add);
            else {
              if (!listed) gather(ai, lda, 1, w, ldc, kc, own);
              if (!tiled) rowListed(own, count, n, ci, add);
              else {
                const meta = scratch + META + <usize>sparse * 12;
                store<i32>(meta, r + i - r0);
                store<i32>(meta, count, 4);
                store<i32>(meta, splitAt(own, count, <u32>(w + <usize>HALF * ldc)), 8);
                sparse++;
              }
            }
          }
          listed = true;
        } else {
          if (union * 8 > kc * 7) rowsAll(a, lda, w, ldc, kc, n, c, add);
          else rowsListed(a, lda, list, gather(a, lda, 4, w, ldc, kc, list), n, c, add);
          listed = false;
        }
      }
      for (; r < end; r++) oneRow(A + <usize>r * lda + <usize>pc * 4, lda, w, ldc, kc, n, C + <usize>r * ldc, add, list);
      if (sparse > 0) sparseRows(scratch, sparse, kc > HALF ? 2 : 1, n, C + <usize>r0 * ldc, add);
    }
  }
}

/** How many of a list's m pairs are for rows of W before `bound` (the lists run in order of W's rows). */
function splitAt(list: usize, m: i32, bound: u32): i32 {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<u32>(list + (<usize>mid << 3), 4) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The `sparse` rows of a block that were listed (figures at META), through their lists
 * tile of outputs by tile (48, then 32, then 16 wide) and, within a tile, the chunk's
 * first HALF rows of W, then the rest: the part of W that a tile and half reads (128
 * rows × 192 bytes) stays in the first-level cache for the block's rows, where a row at a
 * time reads the chunk's W from the second level for every row (held-out digits: each
 * of the 64 touches other rows of W). Each element's sum runs over the same terms in the
 * same order as row1's, carried from the first half to the second through PARTIAL (a
 * float32 stored and loaded as it is), so the bits are row1's. C0 is the block's first
 * row of C.
 */
function sparseRows(scratch: usize, sparse: i32, halves: i32, n: i32, C0: usize, add: bool): void {
  const ldc = <usize>n * 4;
  for (let j = 0; j < n; ) {
    const width = n - j >= 48 ? 48 : n - j >= 32 ? 32 : 16;
    const jo = <usize>j * 4;
    for (let h = 0; h < halves; h++) {
      const last = h == halves - 1;
      for (let s = 0; s < sparse; s++) {
        const meta = scratch + META + <usize>s * 12;
        const row = load<i32>(meta);
        const count = load<i32>(meta, 4);
        const split = load<i32>(meta, 8);
        const first = h == 0 ? 0 : split;
        const m = (halves == 1 ? count : h == 0 ? split : count) - first;
        const own = scratch + <usize>row * LIST_BYTES + (<usize>first << 3);
        const partial = scratch + PARTIAL + <usize>s * ldc + jo;
        const from = h == 0 ? 0 : partial;
        const to = last ? C0 + <usize>row * ldc + jo : partial;
        if (width == 48) part48(own, m, jo, from, to, last, add);
        else if (width == 32) part32(own, m, jo, from, to, last, add);
        else part16(own, m, jo, from, to, last, add);
      }
    }
    j += width;
  }
}

function part48(list: usize, m: i32, jo: usize, from: usize, to: usize, last: bool, add: bool): void {
  tile(0, 0, 0, list, m, jo, 48, true, from, to, last, add);
}

function part32(list: usize, m: i32, jo: usize, from: usize, to: usize, last: bool, add: bool): void {
  tile(0, 0, 0, list, m, jo, 32, true, from, to, last, add);
}

function part16(list: usize, m: i32, jo: usize, from: usize, to: usize, last: bool, add: bool): void {
  tile(0, 0, 0, list, m, jo, 16, true, from, to, last, add);
}

/**
 * `width` outputs (48, 32 or 16, a constant where inlined; twelve accumulators at most,
 * all that stay in registers) of one row, W's rows read jo bytes in, over m terms:
 * `listed`, the m pairs of a list (gather); otherwise all m terms of a, rows of W ldw
 * bytes apart from w. The sums start from `from` (0: from zero) and go to `to`, put into
 * C there (`last`, adding where `add`) or stored as they are.
 */
// @ts-ignore: decorator
@inline function tile(a: usize, w: usize, ldw: usize, list: usize, m: i32, jo: usize, width: i32, listed: bool, from: usize, to: usize, last: bool, add: bool): void {
  const z = f32x4.splat(0);
  let c0 = from ? v128.load(from) : z, c1 = from ? v128.load(from, 16) : z, c2 = from ? v128.load(from, 32) : z, c3 = from ? v128.load(from, 48) : z;
  let c4 = z, c5 = z, c6 = z, c7 = z, c8 = z, c9 = z, c10 = z, c11 = z;
  if (width >= 32 && from) {
    c4 = v128.load(from, 64); c5 = v128.load(from, 80); c6 = v128.load(from, 96); c7 = v128.load(from, 112);
  }
  if (width >= 48 && from) {
    c8 = v128.load(from, 128); c9 = v128.load(from, 144); c10 = v128.load(from, 160); c11 = v128.load(from, 176);
  }
  let q = list, wr = w, ap = a;
  for (let i = 0; i < m; i++) {
    const x = v128.load32_splat(listed ? q : ap);
    const wp = (listed ? <usize>load<u32>(q, 4) : wr) + jo;
    c0 = madd(x, v128.load(wp), c0);
    c1 = madd(x, v128.load(wp, 16), c1);
    c2 = madd(x, v128.load(wp, 32), c2);
    c3 = madd(x, v128.load(wp, 48), c3);
    if (width >= 32) {
      c4 = madd(x, v128.load(wp, 64), c4);
      c5 = madd(x, v128.load(wp, 80), c5);
      c6 = madd(x, v128.load(wp, 96), c6);
      c7 = madd(x, v128.load(wp, 112), c7);
    }
    if (width >= 48) {
      c8 = madd(x, v128.load(wp, 128), c8);
      c9 = madd(x, v128.load(wp, 144), c9);
      c10 = madd(x, v128.load(wp, 160), c10);
      c11 = madd(x, v128.load(wp, 176), c11);
    }
    q += 8;
    wr += ldw;
    ap += 4;
  }
  if (last) {
    put(to, c0, add); put(to + 16, c1, add); put(to + 32, c2, add); put(to + 48, c3, add);
    if (width >= 32) { put(to + 64, c4, add); put(to + 80, c5, add); put(to + 96, c6, add); put(to + 112, c7, add); }
    if (width >= 48) { put(to + 128, c8, add); put(to + 144, c9, add); put(to + 160, c10, add); put(to + 176, c11, add); }
  } else {
    v128.store(to, c0); v128.store(to, c1, 16); v128.store(to, c2, 32); v128.store(to, c3, 48);
    if (width >= 32) { v128.store(to, c4, 64); v128.store(to, c5, 80); v128.store(to, c6, 96); v128.store(to, c7, 112); }
    if (width >= 48) { v128.store(to, c8, 128); v128.store(to, c9, 144); v128.store(to, c10, 160); v128.store(to, c11, 176); }
  }
}

/** One row a of a chunk (kc terms) times W into c: through the list where it skips an eighth of the terms. */
// @ts-ignore: decorator
@inline function oneRow(a: usize, lda: usize, w: usize, ldw: usize, kc: i32, n: i32, c: usize, add: bool, list: usize): void {
  rowCounted(a, lda, w, ldw, kc, n, c, add, list, nonzeros(a, kc));
}

/** oneRow for a row whose terms that are not zero were counted already (`count` of kc). */
// @ts-ignore: decorator
@inline function rowCounted(a: usize, lda: usize, w: usize, ldw: usize, kc: i32, n: i32, c: usize, add: bool, list: usize, count: i32): void {
  if (count * 8 > kc * 7) rowAll(a, w, ldw, kc, n, c, add);
  else rowListed(list, gather(a, lda, 1, w, ldw, kc, list), n, c, add);
}

/** Row i's count of terms that are not zero, from nonzeros4's answer. */
// @ts-ignore: decorator
@inline function countOf(counts: i64, i: i32): i32 {
  return <i32>((counts >>> (12 * (i + 1))) & 0xfff);
}

/**
 * For four rows of a chunk (a, lda bytes apart; kc ≤ KC terms), in one pass: how many
 * terms some of them do not have zero (bits 0–11) and how many each row has (row i in
 * bits 12(i + 1) … 12(i + 1) + 11). ±0 by its bits, as in gather.
 */
// @ts-ignore: decorator
@inline function nonzeros4(a: usize, lda: usize, kc: i32): i64 {
  let union = 0;
  // Each mask lane is −1 where its row is not zero: their running sums, negated, count them.
  let n0 = i32x4.splat(0), n1 = i32x4.splat(0), n2 = i32x4.splat(0), n3 = i32x4.splat(0);
  let p = 0;
  const zero = i32x4.splat(0);
  for (; p + 4 <= kc; p += 4) {
    const at = a + (<usize>p << 2);
    const m0 = i32x4.ne(v128.load(at), zero), m1 = i32x4.ne(v128.load(at + lda), zero);
    const m2 = i32x4.ne(v128.load(at + 2 * lda), zero), m3 = i32x4.ne(v128.load(at + 3 * lda), zero);
    union += <i32>popcnt(i32x4.bitmask(v128.or(v128.or(m0, m1), v128.or(m2, m3))));
    n0 = i32x4.add(n0, m0);
    n1 = i32x4.add(n1, m1);
    n2 = i32x4.add(n2, m2);
    n3 = i32x4.add(n3, m3);
  }
  let c0 = -lanesSum(n0), c1 = -lanesSum(n1), c2 = -lanesSum(n2), c3 = -lanesSum(n3);
  for (; p < kc; p++) {
    const at = a + (<usize>p << 2);
    const b0 = load<u32>(at), b1 = load<u32>(at + lda), b2 = load<u32>(at + 2 * lda), b3 = load<u32>(at + 3 * lda);
    union += i32((b0 | b1 | b2 | b3) != 0);
    c0 += i32(b0 != 0);
    c1 += i32(b1 != 0);
    c2 += i32(b2 != 0);
    c3 += i32(b3 != 0);
  }
  return <i64>union | (<i64>c0 << 12) | (<i64>c1 << 24) | (<i64>c2 << 36) | (<i64>c3 << 48);
}

// @ts-ignore: decorator
@inline function lanesSum(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/** How many of the terms p < kc of one row a are not zero (±0 by its bits: −0 counts as not zero, as in gather). */
// @ts-ignore: decorator
@inline function nonzeros(a: usize, kc: i32): i32 {
  let m = 0;
  let p = 0;
  for (; p + 4 <= kc; p += 4) m += <i32>popcnt(i32x4.bitmask(i32x4.ne(v128.load(a + (<usize>p << 2)), i32x4.splat(0))));
  for (; p < kc; p++) m += i32(load<u32>(a + (<usize>p << 2)) != 0);
  return m;
}

/**
 * Byte indices that move the 32-bit lanes set in a 4-bit mask k to the front, in order
 * (row k of 16): a group of four terms' kept lanes, packed with one swizzle.
 */
const LEFT_PACK = memory.data<u8>([
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128,
  8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128,
  12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128,
  8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
], 16);

/**
 * Lists the terms p < kc of a chunk that some of the `rows` rows of A (a, lda bytes
 * apart) do not have zero, as pairs (for one row its value, for four rows the byte
 * offset 4p; then the address of row p of W): a zero input adds exactly nothing (c + 0·w is c, bit for bit, and the sums
 * start from +0, so never are −0), so its row of W need not be read at all. Pixels,
 * one-hot columns and the outputs of a relu layer are mostly zeros. Returns how many
 * pairs it wrote; the order of the terms, and so every sum's bits, stay as they were.
 *
 * Four terms at a time, without a branch on the data but one (all four zero: a digit's
 * margins, long runs that the branch predictor follows): one compare finds the kept
 * lanes (±0 by its bits) and `pack` stores them. Term by term, or kept lane by kept
 * lane, the list took about as long as the arithmetic it saves on a digit's first layer.
 */
// @ts-ignore: decorator
@inline function gather(a: usize, lda: usize, rows: i32, w: usize, ldw: usize, kc: i32, list: usize): i32 {
  let m = 0;
  let p = 0;
  const zero = i32x4.splat(0);
  const step = i32x4.mul(i32x4(0, 1, 2, 3), i32x4.splat(<i32>ldw));
  for (; p + 4 <= kc; p += 4) {
    const at = a + (<usize>p << 2);
    let v = v128.load(at);
    if (rows == 4) v = v128.or(v128.or(v, v128.load(at + lda)), v128.or(v128.load(at + 2 * lda), v128.load(at + 3 * lda)));
    const kept = i32x4.bitmask(i32x4.ne(v, zero));
    if (kept == 0) continue;
    const first = rows == 4 ? i32x4.add(i32x4.splat(p << 2), i32x4(0, 4, 8, 12)) : v;
    m = pack(list, m, first, i32x4.add(i32x4.splat(<i32>(w + <usize>p * ldw)), step), kept);
  }
  // The last kc mod 4 terms one by one.
  for (; p < kc; p++) {
    const at = a + (<usize>p << 2);
    let bits = load<u32>(at);
    if (rows == 4) bits |= load<u32>(at + lda) | load<u32>(at + 2 * lda) | load<u32>(at + 3 * lda);
    m = pair(list, m, rows == 4 ? <u32>p << 2 : bits, w + <usize>p * ldw, bits);
  }
  return m;
}

/**
 * gather and nonzeros4 in one pass over four rows: each row's own list (row i's at
 * list + i · LIST_BYTES, pairs of its value and the address of W's row), and the counts
 * as nonzeros4 gives them.
 */
// @ts-ignore: decorator
@inline function gather4(a: usize, lda: usize, w: usize, ldw: usize, kc: i32, list: usize): i64 {
  let union = 0;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  let p = 0;
  const zero = i32x4.splat(0);
  const step = i32x4.mul(i32x4(0, 1, 2, 3), i32x4.splat(<i32>ldw));
  for (; p + 4 <= kc; p += 4) {
    const at = a + (<usize>p << 2);
    const v0 = v128.load(at), v1 = v128.load(at + lda), v2 = v128.load(at + 2 * lda), v3 = v128.load(at + 3 * lda);
    const k0 = i32x4.bitmask(i32x4.ne(v0, zero)), k1 = i32x4.bitmask(i32x4.ne(v1, zero));
    const k2 = i32x4.bitmask(i32x4.ne(v2, zero)), k3 = i32x4.bitmask(i32x4.ne(v3, zero));
    const any = k0 | k1 | k2 | k3;
    if (any == 0) continue;
    union += <i32>popcnt(any);
    const rowsOfW = i32x4.add(i32x4.splat(<i32>(w + <usize>p * ldw)), step);
    c0 = pack(list, c0, v0, rowsOfW, k0);
    c1 = pack(list + LIST_BYTES, c1, v1, rowsOfW, k1);
    c2 = pack(list + 2 * LIST_BYTES, c2, v2, rowsOfW, k2);
    c3 = pack(list + 3 * LIST_BYTES, c3, v3, rowsOfW, k3);
  }
  for (; p < kc; p++) {
    const at = a + (<usize>p << 2);
    const wp = w + <usize>p * ldw;
    const b0 = load<u32>(at), b1 = load<u32>(at + lda), b2 = load<u32>(at + 2 * lda), b3 = load<u32>(at + 3 * lda);
    union += i32((b0 | b1 | b2 | b3) != 0);
    c0 = pair(list, c0, b0, wp, b0);
    c1 = pair(list + LIST_BYTES, c1, b1, wp, b1);
    c2 = pair(list + 2 * LIST_BYTES, c2, b2, wp, b2);
    c3 = pair(list + 3 * LIST_BYTES, c3, b3, wp, b3);
  }
  return <i64>union | (<i64>c0 << 12) | (<i64>c1 << 24) | (<i64>c2 << 36) | (<i64>c3 << 48);
}

/**
 * The kept lanes (4-bit mask) of four terms, as pairs (value, address of W's row) at
 * the end (m pairs in) of a list: packed to the front with one swizzle, all four pairs
 * stored, the count moved on by the kept ones only. Returns the new count.
 */
// @ts-ignore: decorator
@inline function pack(list: usize, m: i32, values: v128, rowsOfW: v128, kept: i32): i32 {
  const order = v128.load(LEFT_PACK + (<usize>kept << 4));
  const v = i8x16.swizzle(values, order);
  const r = i8x16.swizzle(rowsOfW, order);
  const to = list + (<usize>m << 3);
  v128.store(to, i32x4.shuffle(v, r, 0, 4, 1, 5));
  v128.store(to, i32x4.shuffle(v, r, 2, 6, 3, 7), 16);
  return m + <i32>popcnt(kept);
}

/** One term as a pair at the end of a list, kept (the count moved on) where `bits` is not zero; branch-free. */
// @ts-ignore: decorator
@inline function pair(list: usize, m: i32, value: u32, rowOfW: usize, bits: u32): i32 {
  const at = list + (<usize>m << 3);
  store<u32>(at, value);
  store<u32>(at, <u32>rowOfW, 4);
  return m + i32(bits != 0);
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
 * One row times W, n columns, into c. Tiles (`tile`) of 48 outputs (twelve accumulators:
 * the most that stay in registers, and 15–25 % faster than eight in isolation), then 32
 * where `listed` (128 outputs in three passes over the list, not four; over all of a
 * dense row, two tiles of 16 measured 5–10 % faster), then 16, then 4, then
 * one column at a time in lane 0 (the same madd, so the same bits as the blocked
 * product's edge tile). `listed`: only the m terms of the list (gather: pairs of an
 * input and its row of W); otherwise all m = kc terms of a, rows of W ldw bytes apart
 * from w.
 */
// @ts-ignore: decorator
@inline function row1(a: usize, w: usize, ldw: usize, list: usize, m: i32, n: i32, c: usize, add: bool, listed: bool): void {
  let j = 0;
  for (; j + 48 <= n; j += 48) tile(a, w, ldw, list, m, <usize>j * 4, 48, listed, 0, c + <usize>j * 4, true, add);
  for (; listed && j + 32 <= n; j += 32) tile(a, w, ldw, list, m, <usize>j * 4, 32, listed, 0, c + <usize>j * 4, true, add);
  for (; j + 16 <= n; j += 16) tile(a, w, ldw, list, m, <usize>j * 4, 16, listed, 0, c + <usize>j * 4, true, add);
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0);
    const jo = <usize>j * 4;
    let q = list, wr = w, ap = a;
    for (let i = 0; i < m; i++) {
      c0 = madd(v128.load32_splat(listed ? q : ap), v128.load((listed ? <usize>load<u32>(q, 4) : wr) + jo), c0);
      q += 8;
      wr += ldw;
      ap += 4;
    }
    put(c + jo, c0, add);
  }
  for (; j < n; j++) {
    let c0 = f32x4.splat(0);
    const jo = <usize>j * 4;
    let q = list, wr = w, ap = a;
    for (let i = 0; i < m; i++) {
      c0 = madd(v128.load32_splat(listed ? q : ap), v128.load32_zero((listed ? <usize>load<u32>(q, 4) : wr) + jo), c0);
      q += 8;
      wr += ldw;
      ap += 4;
    }
    putLane(c + jo, c0, add);
  }
}

/**
 * Four rows of A (a, lda bytes apart) times W, n columns, into four rows of c: tiles
 * of 4 × 8 (the micro-kernel's shape, W in place of its packed panel; wider tiles
 * spill registers and run slower), then 4 × 4, then one column at a time. `listed`:
 * only the m terms of the list (gather); otherwise all m = kc terms, rows of W ldw
 * bytes apart from w. Reading the list made calls 10–15 % slower where it skipped
 * nothing (dense inputs, or the four rows' relu outputs, rarely zero all four at once).
 */
// @ts-ignore: decorator
@inline function rows4(a: usize, lda: usize, w: usize, ldw: usize, list: usize, m: i32, n: i32, c: usize, add: bool, listed: bool): void {
  const ldc = <usize>n * 4; // C's rows are n floats apart, as W's are
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    const jo = <usize>j * 4;
    let q = list, wr = w, ap = a;
    for (let i = 0; i < m; i++) {
      const wp = (listed ? <usize>load<u32>(q, 4) : wr) + jo;
      const at = listed ? a + <usize>load<u32>(q) : ap;
      const b0 = v128.load(wp);
      const b1 = v128.load(wp, 16);
      let x = v128.load32_splat(at);
      c00 = madd(x, b0, c00);
      c01 = madd(x, b1, c01);
      x = v128.load32_splat(at + lda);
      c10 = madd(x, b0, c10);
      c11 = madd(x, b1, c11);
      x = v128.load32_splat(at + 2 * lda);
      c20 = madd(x, b0, c20);
      c21 = madd(x, b1, c21);
      x = v128.load32_splat(at + 3 * lda);
      c30 = madd(x, b0, c30);
      c31 = madd(x, b1, c31);
      q += 8;
      wr += ldw;
      ap += 4;
    }
    const o = c + jo;
    put(o, c00, add); put(o + 16, c01, add);
    put(o + ldc, c10, add); put(o + ldc + 16, c11, add);
    put(o + 2 * ldc, c20, add); put(o + 2 * ldc + 16, c21, add);
    put(o + 3 * ldc, c30, add); put(o + 3 * ldc + 16, c31, add);
  }
  for (; j + 4 <= n; j += 4) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    const jo = <usize>j * 4;
    let q = list, wr = w, ap = a;
    for (let i = 0; i < m; i++) {
      const b = v128.load((listed ? <usize>load<u32>(q, 4) : wr) + jo);
      const at = listed ? a + <usize>load<u32>(q) : ap;
      c0 = madd(v128.load32_splat(at), b, c0);
      c1 = madd(v128.load32_splat(at + lda), b, c1);
      c2 = madd(v128.load32_splat(at + 2 * lda), b, c2);
      c3 = madd(v128.load32_splat(at + 3 * lda), b, c3);
      q += 8;
      wr += ldw;
      ap += 4;
    }
    const o = c + jo;
    put(o, c0, add); put(o + ldc, c1, add); put(o + 2 * ldc, c2, add); put(o + 3 * ldc, c3, add);
  }
  for (; j < n; j++) {
    // The four rows in the four lanes: one gathered A column times one weight.
    let c0 = f32x4.splat(0);
    const jo = <usize>j * 4;
    let q = list, wr = w, ap = a;
    for (let i = 0; i < m; i++) {
      const at = listed ? a + <usize>load<u32>(q) : ap;
      let x = v128.load32_zero(at);
      x = v128.load32_lane(at + lda, x, 1);
      x = v128.load32_lane(at + 2 * lda, x, 2);
      x = v128.load32_lane(at + 3 * lda, x, 3);
      c0 = madd(x, v128.load32_splat((listed ? <usize>load<u32>(q, 4) : wr) + jo), c0);
      q += 8;
      wr += ldw;
      ap += 4;
    }
    const o = c + jo;
    const v0 = f32x4.extract_lane(c0, 0), v1 = f32x4.extract_lane(c0, 1), v2 = f32x4.extract_lane(c0, 2), v3 = f32x4.extract_lane(c0, 3);
    store<f32>(o, add ? load<f32>(o) + v0 : v0);
    store<f32>(o + ldc, add ? load<f32>(o + ldc) + v1 : v1);
    store<f32>(o + 2 * ldc, add ? load<f32>(o + 2 * ldc) + v2 : v2);
    store<f32>(o + 3 * ldc, add ? load<f32>(o + 3 * ldc) + v3 : v3);
  }
}

function rowsListed(a: usize, lda: usize, list: usize, m: i32, n: i32, c: usize, add: bool): void {
  rows4(a, lda, 0, 0, list, m, n, c, add, true);
}

function rowsAll(a: usize, lda: usize, w: usize, ldw: usize, kc: i32, n: i32, c: usize, add: bool): void {
  rows4(a, lda, w, ldw, 0, kc, n, c, add, false);
}

function rowListed(list: usize, m: i32, n: i32, c: usize, add: bool): void {
  row1(0, 0, 0, list, m, n, c, add, true);
}

function rowAll(a: usize, w: usize, ldw: usize, kc: i32, n: i32, c: usize, add: bool): void {
  row1(a, w, ldw, 0, kc, n, c, add, false);
}
