/**
 * Data-parallel training on a team of `threads` threads that share one linear memory
 * (threads build only: compiled with --enable threads and a shared memory).
 *
 * Every thread has its own descriptor, a copy of the network's with its own scratch,
 * index and generators, and the shared θ, gradient and optimizer state. The lead's
 * (thread 0's) arrays hold a whole batch's activations and δ, in order; a thread
 * working on rows of the batch writes them there (lendRows). All threads shuffle
 * identically (same generator state), so they agree on every batch without talking.
 *
 * Each batch is cut into pieces that whichever thread is free takes (a ticket counter
 * in the team block, reset at every barrier), so that a thread slowed down for a
 * moment (by another process, a cold cache) does not hold the other back for the
 * rest of the batch:
 *
 *   pieces of rows    forward and the δ of every layer on the piece's rows, δ scaled
 *                     by 1/rows (−η/rows on plain SGD); pieces of 8 rows or more, up
 *                     to MAX_PIECES per thread, but one per thread where a layer is
 *                     wider than DIRECT_N, and with dropout, where thread p takes
 *                     piece p (each thread draws its rows' masks from its own stream)
 *   barrier           (every row's activations and δ are there)
 *   pieces of θ       for a block of a layer's inputs I, the gradient over all the
 *                     batch's rows, ∂E/∂W[I, :] = T[:, I]ᵀ · Δ (and with the first
 *                     block ∂E/∂b = Σ_rows Δ), then the optimizer step on exactly those
 *                     parameters (eq. (6), (7))
 *   barrier           (θ is whole again before anyone's next forward)
 *
 * No thread needs a gradient of its own and none is summed afterwards: each piece of
 * the gradient is made whole, over every row, by the one thread that uses it. Each
 * row's pass and each parameter's sum are the ones a thread alone computes, in the
 * same order (the products' tiles sum from zero, wherever they start), so however the
 * pieces fall, and without dropout, a team trains to exactly one thread's parameters.
 * The batch's loss is summed over its pieces in order by thread 0.
 *
 * The team block (bytes): [0] arrived, [4] generation, [8] stop, [12] tickets; at
 * 16 + 16 p thread p's float64 loss sum and int32 count of right answers; at
 * 16 + 16 P the addresses of the lead's arrays (2 + 5 L words, see lendRows); then,
 * 8-aligned, a float64 loss per piece of rows (MAX_PIECES · P).
 */
import { Product } from '../src/codes';
import { Net } from './descriptor';
import { DELTAS, learnRows } from './passes';
import { predict_batch } from './predict';
import { all_finite } from './optimizers';
import { plainSgd, stateFinite, stepRange } from './step';
import { DIRECT_N, gemm } from './matmul';
import { add_into } from './activations';
import { count_correct } from './losses';
import { shuffle } from './random';

function barrier(team: usize, threads: i32, canWait: i32): void {
  const generation = atomic.load<i32>(team, 4);
  if (atomic.add<i32>(team, 1) == threads - 1) {
    atomic.store<i32>(team, 0);
    atomic.store<i32>(team, 0, 12); // no ticket is taken again before the release
    atomic.store<i32>(team, generation + 1, 4);
    atomic.notify(team + 4, threads);
    return;
  }
  let spins = 0;
  while (atomic.load<i32>(team, 4) == generation) {
    // Spin for a few tenths of a millisecond (the others are usually that close: a
    // batch of W2 takes about as long, and waking from a wait costs as much again),
    // then sleep where allowed: a browser's main thread may not wait, so it only spins.
    // (Spinning 2,000 times instead made W2 on two threads 10–20 % slower.)
    if (++spins > 100000 && canWait) memory.atomic.wait32(team + 4, generation, 1000000);
  }
}

/** Thread `thread`'s figures in the team block: a float64 loss sum, then an int32 count of right answers. */
// @ts-ignore: decorator
@inline function figures(team: usize, thread: i32): usize {
  return team + 16 + <usize>thread * 16;
}

/** Pieces of rows (and of θ) per thread of a team, at most. */
// @ts-ignore: decorator
@inline const MAX_PIECES = 4;

/** The next piece's number, for whichever thread asks first. */
// @ts-ignore: decorator
@inline function ticket(team: usize): i32 {
  return atomic.add<i32>(team, 1, 12);
}

/** The lead's arrays in the team block: input, target, then T, delta, mask, dropped, U of every layer. */
// @ts-ignore: decorator
@inline function baseOf(team: usize, threads: i32): usize {
  return team + 16 + <usize>threads * 16;
}

/** The loss of each piece of rows of the batch, float64. */
// @ts-ignore: decorator
@inline function lossesOf(team: usize, threads: i32, layers: i32): usize {
  return (baseOf(team, threads) + <usize>(2 + 5 * layers) * 4 + 7) & ~7;
}

/** Bytes of the team block for `threads` threads and a network of `layers` weight layers (16-aligned). */
export function team_bytes(threads: i32, layers: i32): i32 {
  return <i32>lossesOf(0, threads, layers) + MAX_PIECES * threads * 8;
}

export function train_epochs_team(d: Net, X: usize, Y: usize, idx: usize, N: i32, batch: i32, epochs: i32, lossOut: usize, correctOut: usize, team: usize, thread: i32, threads: i32, canWait: i32): i32 {
  const last = d.last;
  const base = baseOf(team, threads);
  const losses = lossesOf(team, threads, d.layers);
  const inPlace = plainSgd(d);
  // Pieces of at least 8 rows (a product's tile is 4 rows); one per thread where a layer
  // is wider than the forward product reads in place (it packs W once per piece), and
  // with dropout (each thread's masks come from its own stream: thread p takes piece p).
  let dropout = false;
  let wide = false;
  for (let l = 0; l < d.layers; l++) {
    dropout = dropout || d.layer(l).hasDropout;
    wide = wide || d.layer(l).out > DIRECT_N;
  }
  const batches = (N + batch - 1) / batch;
  let status = epochs;
  for (let e = 0; e < epochs; e++) {
    if (d.shuffle) shuffle(idx, N, d.rngAt);
    let sum: f64 = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const first = b * batch;
      const rows = min(batch, N - first);
      const scale = inPlace ? -d.learningRate / <f32>rows : <f32>1 / <f32>rows;
      const pieces = dropout || wide ? threads : min(MAX_PIECES * threads, max(threads, rows >> 3));
      for (let piece = dropout ? thread : ticket(team); piece < pieces; piece = dropout ? pieces : ticket(team)) {
        const lo = first + (rows * piece) / pieces;
        const n = first + (rows * (piece + 1)) / pieces - lo;
        let E: f64 = 0;
        if (n > 0) {
          lendRows(d, base, lo - first);
          E = learnRows(d, X, Y, idx, lo, n, scale, DELTAS);
          correct += count_correct(last.T, d.target, n, last.out);
        }
        store<f64>(losses + <usize>piece * 8, E);
      }
      barrier(team, threads, canWait);
      if (thread == 0) for (let piece = 0; piece < pieces; piece++) sum += load<f64>(losses + <usize>piece * 8);
      stepPieces(d, team, base, rows, threads, inPlace);
      barrier(team, threads, canWait);
    }
    store<f64>(figures(team, thread), sum);
    store<i32>(figures(team, thread), correct, 8);
    barrier(team, threads, canWait);
    if (thread == 0) {
      let total: f64 = 0;
      let right = 0;
      for (let other = 0; other < threads; other++) {
        total += load<f64>(figures(team, other));
        right += load<i32>(figures(team, other), 8);
      }
      store<f32>(lossOut + <usize>e * 4, <f32>(total / <f64>N));
      store<i32>(correctOut + <usize>e * 4, right);
      atomic.store<i32>(team, isFinite(total) && stateFinite(d) ? 0 : 1, 8);
    }
    barrier(team, threads, canWait);
    if (atomic.load<i32>(team, 8)) {
      d.failedEpoch = e;
      status = -1;
      break;
    }
  }
  // The lead's descriptor points at its own arrays again, for whatever runs next.
  if (thread == 0) lendRows(d, base, 0);
  return status;
}

/**
 * Points d's batch arrays (gathered rows, targets, and every layer's T, Δ, masks, u)
 * at the lead's, `offset` rows in: the rows d works on then land in the batch's one
 * copy, in order.
 */
function lendRows(d: Net, base: usize, offset: i32): void {
  d.input = load<usize>(base) + <usize>(offset * d.layer(0).in) * 4;
  d.target = load<usize>(base, 4) + <usize>(offset * d.last.out) * 4;
  for (let l = 0; l < d.layers; l++) {
    const layer = d.layer(l);
    const at = base + <usize>(2 + 5 * l) * 4;
    const off = <usize>(offset * layer.out) * 4;
    const mask = load<usize>(at, 8);
    const dropped = load<usize>(at, 12);
    const U = load<usize>(at, 16);
    layer.T = load<usize>(at) + off;
    layer.delta = load<usize>(at, 4) + off;
    layer.mask = mask ? mask + off : 0;
    layer.dropped = dropped ? dropped + off : 0;
    layer.U = U ? U + off : 0;
  }
}

/**
 * The pieces of one batch's step that this thread gets: about MAX_PIECES per thread,
 * each layer cut into blocks of its inputs in proportion to its weights. Block q of
 * n of layer l is W's rows [s_l·q/n, s_l·(q+1)/n); the first block also takes b.
 */
function stepPieces(d: Net, team: usize, base: usize, rows: i32, threads: i32, inPlace: bool): void {
  const k = d.step + 1;
  d.step = k;
  let total = 0;
  for (let l = 0; l < d.layers; l++) total += d.layer(l).in * d.layer(l).out;
  const wanted = MAX_PIECES * threads;
  for (let piece = ticket(team); ; piece = ticket(team)) {
    let l = 0;
    let q = piece;
    let n = 0;
    for (; l < d.layers; l++) {
      const layer = d.layer(l);
      n = min(layer.in, max(1, <i32>((<i64>wanted * <i64>(layer.in * layer.out) + <i64>(total >> 1)) / <i64>total)));
      if (q < n) break;
      q -= n;
    }
    if (l == d.layers) return;
    stepBlock(d, base, l, rows, (d.layer(l).in * q) / n, (d.layer(l).in * (q + 1)) / n, q == 0, inPlace, k);
  }
}

/**
 * The gradient of W^(l+1)'s rows [i0, i1) (and, with `bias`, of b^(l+1)) over all the
 * batch's rows, and the step on them as step number k. On plain SGD the δ were scaled
 * by −η/rows and the product adds the step to θ directly, as train.ts does alone.
 */
function stepBlock(d: Net, base: usize, l: i32, rows: i32, i0: i32, i1: i32, bias: bool, inPlace: bool, k: i32): void {
  const layer = d.layer(l);
  const inp = layer.in;
  const out = layer.out;
  const at = base + <usize>(2 + 5 * l) * 4;
  const D = load<usize>(at, 4);
  // Columns i0 … i1 − 1 of what layer l saw (rows × inp): X's rows, or the outputs
  // below (after their dropout).
  const below = base + <usize>(2 + 5 * (l - 1)) * 4;
  const seen = (l == 0 ? load<usize>(base) : d.layer(l - 1).hasDropout ? load<usize>(below, 12) : load<usize>(below)) + <usize>i0 * 4;
  const w = inPlace ? layer.W : layer.gradW;
  gemm(Product.TN, seen, D, w + <usize>(i0 * out) * 4, i1 - i0, rows, out, inPlace ? 1 : 0, d.scratch, inp);
  const b = inPlace ? layer.b : layer.gradB;
  if (bias) {
    // Σ_rows Δ as column_sum makes it: from the first row on (or onto b).
    if (!inPlace) memory.copy(b, D, <usize>out * 4);
    for (let r = inPlace ? 0 : 1; r < rows; r++) add_into(b, D + <usize>(r * out) * 4, out);
  }
  if (!inPlace) {
    const wAt = <i32>((layer.W - d.theta) >> 2);
    stepRange(d, d.grad, wAt + i0 * out, wAt + i1 * out, k);
    if (bias) {
      const bAt = <i32>((layer.b - d.theta) >> 2);
      stepRange(d, d.grad, bAt, bAt + out, k);
    }
  }
}

/**
 * One thread's part of a batch prediction on a team: chunks of BatchCapacity rows of X,
 * taken in turn by whichever thread is free, each through this thread's own
 * descriptor (activations, scratch). The words at `words`, zeroed by the caller: [0]
 * the next chunk's ticket, [1] how many rows of X are there yet (the caller copies X
 * in while the team starts on its first rows), [2] set to 1 where a chunk holds a value
 * that is not finite (its outputs are then left unwritten). No barrier: the rows are
 * independent, and the caller waits for every thread to return. A row's outputs are
 * the same bits whichever thread, and chunk, computed it.
 */
export function predict_team(d: Net, X: usize, Out: usize, N: i32, words: usize): void {
  const cap = d.batchCapacity;
  const s1 = d.layer(0).in;
  for (let start = atomic.add<i32>(words, 1) * cap; start < N; start = atomic.add<i32>(words, 1) * cap) {
    const rows = min(cap, N - start);
    // Spin until the caller has copied these rows in (a few milliseconds at most). Not
    // memory.atomic.wait32: a helper that slept here while V8 (Node 20) tiered the
    // kernels up was seen to compute wrong outputs afterwards.
    while (atomic.load<i32>(words, 4) < start + rows) {}
    if (all_finite(X + <usize>(start * s1) * 4, rows * s1)) predict_batch(d, X, Out, N, start, rows);
    else atomic.store<i32>(words, 1, 8);
  }
}
