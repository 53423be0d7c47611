/**
 * Data-parallel training on a team of `threads` threads that share one linear memory
 * (threads build only: compiled with --enable threads and a shared memory).
 *
 * Every thread has its own descriptor, a copy of the network's with its own scratch,
 * index and generators, and the shared θ, gradient and optimizer state. The lead
 * (thread 0) holds a whole batch's activations and δ; every other thread writes its
 * rows into the lead's arrays (lendRows), so the batch lies in one place, in order.
 * All threads shuffle identically (same generator state), so they agree on every
 * batch without talking. Per mini-batch of `rows` rows, with P = threads and
 * p = this thread's number (0 … P − 1):
 *
 *   thread p   forward and the δ of every layer on its rows
 *              [first + rows·p/P, first + rows·(p+1)/P), δ scaled by 1/rows
 *   barrier    (every row's activations and δ are there)
 *   thread p   for every layer, its share of the gradient over all the batch's rows:
 *              ∂E/∂W rows i ∈ I_p (of the layer's inputs) = T[:, I_p]ᵀ · Δ,
 *              ∂E/∂b j ∈ J_p = Σ_rows Δ[:, j]; then the optimizer step on exactly
 *              those parameters (eq. (6), (7))
 *   barrier    (θ is whole again before anyone's next forward)
 *
 * No thread needs a gradient of its own and none is summed afterwards: each share
 * of the gradient is made whole, over every row, by the one thread that uses it.
 * Each row's pass and each parameter's sum are the ones a thread alone computes, in
 * the same order, so without dropout (whose masks each thread draws from its own
 * stream) a team trains to exactly one thread's parameters.
 *
 * The team block (words): [0] arrived, [1] generation, [2] stop, then per thread
 * at byte 16 + 16 p a float64 loss sum and an int32 count of right answers, then at
 * byte 16 + 16 P the P descriptor addresses.
 */
import { Product } from '../src/codes';
import { Net } from './descriptor';
import { DELTAS, learnRows, predict, seenBy } from './passes';
import { plainSgd, stateFinite, stepRange } from './step';
import { gemm } from './matmul';
import { add_into } from './activations';
import { count_correct } from './losses';
import { shuffle } from './random';

function barrier(team: usize, threads: i32, canWait: i32): void {
  const generation = atomic.load<i32>(team, 4);
  if (atomic.add<i32>(team, 1) == threads - 1) {
    atomic.store<i32>(team, 0);
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

/** The descriptor of thread `thread`, from the team block's list. */
// @ts-ignore: decorator
@inline function descriptorOf(team: usize, threads: i32, thread: i32): Net {
  return changetype<Net>(load<usize>(team + 16 + <usize>threads * 16 + <usize>thread * 4));
}

export function train_epochs_team(d: Net, X: usize, Y: usize, idx: usize, N: i32, batch: i32, epochs: i32, lossOut: usize, correctOut: usize, team: usize, thread: i32, threads: i32, canWait: i32): i32 {
  const last = d.last;
  const lead = descriptorOf(team, threads, 0);
  const inPlace = plainSgd(d);
  const batches = (N + batch - 1) / batch;
  for (let e = 0; e < epochs; e++) {
    if (d.shuffle) shuffle(idx, N, d.rngAt);
    let sum: f64 = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const first = b * batch;
      const rows = min(batch, N - first);
      const lo = first + (rows * thread) / threads;
      const mine = first + (rows * (thread + 1)) / threads - lo;
      if (mine > 0) {
        if (thread > 0) lendRows(d, lead, lo - first);
        sum += learnRows(d, X, Y, idx, lo, mine, inPlace ? -d.learningRate / <f32>rows : <f32>1 / <f32>rows, DELTAS);
        correct += count_correct(last.T, d.target, mine, last.out);
      }
      barrier(team, threads, canWait);
      shareOfStep(d, lead, rows, thread, threads, inPlace);
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
      return -1;
    }
  }
  return epochs;
}

/**
 * Points thread p's batch arrays (gathered rows, targets, and every layer's T, Δ, u,
 * masks) at its rows of the lead's, which hold the whole batch: `offset` rows in.
 * The batch then lies in one place, in order, for every thread's share of the step.
 */
function lendRows(d: Net, lead: Net, offset: i32): void {
  d.input = lead.input + <usize>(offset * lead.layer(0).in) * 4;
  d.target = lead.target + <usize>(offset * lead.last.out) * 4;
  for (let l = 0; l < d.layers; l++) {
    const mine = d.layer(l);
    const all = lead.layer(l);
    const at = <usize>(offset * all.out) * 4;
    mine.T = all.T + at;
    mine.delta = all.delta + at;
    mine.mask = all.mask ? all.mask + at : 0;
    mine.dropped = all.dropped ? all.dropped + at : 0;
    mine.U = all.U ? all.U + at : 0;
  }
}

/**
 * Thread `thread`'s share of one batch's gradient and step (see the top of this
 * file): the weights of inputs [s_l·thread/threads, s_l·(thread+1)/threads) and the
 * biases of outputs [s_(l+1)·thread/threads, …) of every layer, over all the batch's
 * rows (in the lead's arrays). Each element is the same sum, in the same order, as
 * one thread's (the products' tiles sum from zero, wherever they start): the team's
 * step is one thread's, bit for bit. On plain SGD the δ were scaled by −η/rows and
 * the products add the step to θ directly, as train.ts does alone.
 */
function shareOfStep(d: Net, lead: Net, rows: i32, thread: i32, threads: i32, inPlace: bool): void {
  const theta = d.theta;
  const grad = d.grad;
  const scratch = d.scratch;
  const k = d.step + 1;
  d.step = k;
  for (let l = 0; l < d.layers; l++) {
    const layer = d.layer(l);
    const inp = layer.in;
    const out = layer.out;
    const i0 = (inp * thread) / threads, i1 = (inp * (thread + 1)) / threads;
    const j0 = (out * thread) / threads, j1 = (out * (thread + 1)) / threads;
    const D = lead.layer(l).delta;
    // Columns i0 … i1 − 1 of what layer l saw (rows × inp).
    const seen = seenBy(lead, l, lead.input, true) + <usize>i0 * 4;
    const w = inPlace ? layer.W : layer.gradW;
    const b = (inPlace ? layer.b : layer.gradB) + <usize>j0 * 4;
    gemm(Product.TN, seen, D, w + <usize>(i0 * out) * 4, i1 - i0, rows, out, inPlace ? 1 : 0, scratch, inp);
    // Σ_rows Δ[:, j0 … j1 − 1] as column_sum makes it: from the first row on (or from b).
    if (!inPlace) memory.copy(b, D + <usize>j0 * 4, <usize>(j1 - j0) * 4);
    for (let r = inPlace ? 0 : 1; r < rows; r++) add_into(b, D + <usize>(r * out + j0) * 4, j1 - j0);
    if (!inPlace) {
      const wAt = <i32>((layer.W - theta) >> 2);
      const bAt = <i32>((layer.b - theta) >> 2);
      stepRange(d, grad, wAt + i0 * out, wAt + i1 * out, k);
      stepRange(d, grad, bAt + j0, bAt + j1, k);
    }
  }
}

/**
 * Thread `thread`'s share of a prediction: rows [N·thread/threads, N·(thread+1)/threads)
 * of X, each thread with its own descriptor (activations, scratch). No barrier: the
 * rows are independent, and the caller waits for every thread to return.
 */
export function predict_team(d: Net, X: usize, Out: usize, N: i32, thread: i32, threads: i32): void {
  const lo = (N * thread) / threads;
  const rows = (N * (thread + 1)) / threads - lo;
  const s1 = d.layer(0).in;
  const sn = d.last.out;
  if (rows > 0) predict(d, X + <usize>lo * <usize>s1 * 4, Out + <usize>lo * <usize>sn * 4, rows);
}
