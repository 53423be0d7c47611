/**
 * Data-parallel training on a team of T threads that share one linear memory
 * (threads build only: compiled with --enable threads and a shared memory).
 *
 * Every thread has its own descriptor, a copy of the network's with its own
 * activations, δ, scratch, index and generators, and the shared θ, gradient and
 * optimizer state. All threads shuffle identically (same generator state), so they
 * agree on every batch without talking. Per mini-batch of `rows` rows:
 *
 *   thread t   forward and the δ of every layer on its rows
 *              [start + rows·t/T, start + rows·(t+1)/T), δ scaled by 1/rows
 *   barrier    (every thread's activations and δ are there)
 *   thread t   for every layer, its share of the gradient over all the batch's rows:
 *              ∂E/∂W rows i ∈ I_t (of the layer's inputs) = Σ_u T_u[:, I_t]ᵀ · Δ_u,
 *              ∂E/∂b j ∈ J_t = Σ_u Σ_rows Δ_u[:, j]; then the optimizer step on
 *              exactly those parameters
 *   barrier    (θ is whole again before anyone's next forward)
 *
 * No thread needs a gradient of its own and none is summed afterwards: each share
 * of the gradient is made whole, over every row, by the one thread that uses it.
 * The sums run over the rows in another grouping than the single-threaded loop's:
 * results agree to rounding.
 *
 * The team block (words): [0] arrived, [1] generation, [2] stop, then per thread
 * at byte 16 + 16 t a float64 loss sum and an int32 count of right answers, then at
 * byte 16 + 16 T the T descriptor addresses.
 */
import { LayerSlot, Product, Slot } from '../src/codes';
import { DELTAS, field, learnRows, predict, seenBy, stateFinite, stepRange, word } from './network';
import { gemm } from './matmul';
import { add_into } from './activations';
import { count_correct } from './losses';
import { shuffle } from './random';

function barrier(team: usize, T: i32, canWait: i32): void {
  const generation = atomic.load<i32>(team, 4);
  if (atomic.add<i32>(team, 1) == T - 1) {
    atomic.store<i32>(team, 0);
    atomic.store<i32>(team, generation + 1, 4);
    atomic.notify(team + 4, T);
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

// @ts-ignore: decorator
@inline function slot(team: usize, t: i32): usize {
  return team + 16 + <usize>t * 16;
}

export function train_epochs_team(d: usize, X: usize, Y: usize, idx: usize, N: i32, batch: i32, epochs: i32, lossOut: usize, correctOut: usize, team: usize, t: i32, T: i32, canWait: i32): i32 {
  const L = word(d, Slot.Layers);
  const sn = field(d, L - 1, LayerSlot.Out);
  const target = <usize>word(d, Slot.Target);
  const rng = d + <usize>Slot.Rng * 4;
  const descs = team + 16 + <usize>T * 16;
  const batches = (N + batch - 1) / batch;
  for (let e = 0; e < epochs; e++) {
    if (word(d, Slot.Shuffle)) shuffle(idx, N, rng);
    let sum: f64 = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * batch;
      const rows = min(batch, N - start);
      const lo = start + (rows * t) / T;
      const mine = start + (rows * (t + 1)) / T - lo;
      if (mine > 0) {
        sum += learnRows(d, X, Y, idx, lo, mine, <f32>1 / <f32>rows, DELTAS);
        correct += count_correct(<usize>field(d, L - 1, LayerSlot.T), target, mine, sn);
      }
      barrier(team, T, canWait);
      shareOfStep(d, descs, rows, t, T);
      barrier(team, T, canWait);
    }
    store<f64>(slot(team, t), sum);
    store<i32>(slot(team, t), correct, 8);
    barrier(team, T, canWait);
    if (t == 0) {
      let total: f64 = 0;
      let right = 0;
      for (let u = 0; u < T; u++) {
        total += load<f64>(slot(team, u));
        right += load<i32>(slot(team, u), 8);
      }
      store<f32>(lossOut + <usize>e * 4, <f32>(total / <f64>N));
      store<i32>(correctOut + <usize>e * 4, right);
      atomic.store<i32>(team, isFinite(total) && stateFinite(d) ? 0 : 1, 8);
    }
    barrier(team, T, canWait);
    if (atomic.load<i32>(team, 8)) {
      store<i32>(d + <usize>Slot.FailedEpoch * 4, e);
      return -1;
    }
  }
  return epochs;
}

/**
 * Thread t's share of one batch's gradient and step (see the top of this file): the
 * weights of inputs [inp·t/T, inp·(t+1)/T) and the biases of outputs
 * [out·t/T, out·(t+1)/T) of every layer, from every thread's rows.
 */
function shareOfStep(d: usize, descs: usize, rows: i32, t: i32, T: i32): void {
  const L = word(d, Slot.Layers);
  const theta = <usize>word(d, Slot.Theta);
  const grad = <usize>word(d, Slot.Grad);
  const scratch = <usize>word(d, Slot.Scratch);
  const step = word(d, Slot.Step) + 1;
  store<i32>(d + <usize>Slot.Step * 4, step);
  for (let l = 0; l < L; l++) {
    const inp = field(d, l, LayerSlot.In);
    const out = field(d, l, LayerSlot.Out);
    const i0 = (inp * t) / T, i1 = (inp * (t + 1)) / T;
    const j0 = (out * t) / T, j1 = (out * (t + 1)) / T;
    const gW = <usize>field(d, l, LayerSlot.GradW) + <usize>(i0 * out) * 4;
    const gb = <usize>field(d, l, LayerSlot.GradB);
    let first = true;
    for (let u = 0; u < T; u++) {
      const du = <usize>load<i32>(descs + <usize>u * 4);
      const mine = (rows * (u + 1)) / T - (rows * u) / T;
      if (mine == 0) continue;
      const D = <usize>field(du, l, LayerSlot.Delta);
      // Columns i0 … i1 − 1 of what layer l saw on thread u's rows (mine × inp).
      const seen = seenBy(du, l, <usize>word(du, Slot.Input), true) + <usize>i0 * 4;
      gemm(Product.TN, seen, D, gW, i1 - i0, mine, out, first ? 0 : 1, scratch, inp);
      if (first) memory.fill(gb + <usize>j0 * 4, 0, <usize>(j1 - j0) * 4);
      // Row by row (a walk down a column of Δ, 4 KiB apart at 1024 outputs, missed the
      // cache on nearly every value).
      for (let r = 0; r < mine; r++) add_into(gb + <usize>j0 * 4, D + <usize>(r * out + j0) * 4, j1 - j0);
      first = false;
    }
    if (first) {
      // No rows at all (cannot happen with rows ≥ 1, kept for safety): a zero gradient.
      memory.fill(gW, 0, <usize>((i1 - i0) * out) * 4);
      for (let j = j0; j < j1; j++) store<f32>(gb + <usize>j * 4, 0);
    }
    const w = <i32>((<usize>field(d, l, LayerSlot.W) - theta) >> 2);
    const bo = <i32>((<usize>field(d, l, LayerSlot.B) - theta) >> 2);
    stepRange(d, grad, w + i0 * out, w + i1 * out, step);
    stepRange(d, grad, bo + j0, bo + j1, step);
  }
}

/**
 * Thread t's share of a prediction: rows [N·t/T, N·(t+1)/T) of X, each thread with
 * its own descriptor (activations, scratch). No barrier: the rows are independent,
 * and the caller waits for every thread to return.
 */
export function predict_team(d: usize, X: usize, Out: usize, N: i32, t: i32, T: i32): void {
  const lo = (N * t) / T;
  const rows = (N * (t + 1)) / T - lo;
  const L = word(d, Slot.Layers);
  const s1 = field(d, 0, LayerSlot.In);
  const sn = field(d, L - 1, LayerSlot.Out);
  if (rows > 0) predict(d, X + <usize>lo * <usize>s1 * 4, Out + <usize>lo * <usize>sn * 4, rows);
}
