/**
 * Data-parallel training on a team of T threads that share one linear memory
 * (threads build only: compiled with --enable threads and a shared memory).
 *
 * Every thread has its own descriptor, a copy of the network's with its own
 * activations, δ, gradient, scratch, index and generators, and the shared θ and
 * optimizer state. All threads shuffle identically (same generator state), so they
 * agree on every batch without talking. Per mini-batch of `rows` rows:
 *
 *   thread t   forward + backward on rows [start + rows·t/T, start + rows·(t+1)/T),
 *              δ scaled by 1/rows, into its own gradient
 *   barrier
 *   thread t   g₀[range t] = Σ_u g_u[range t]; optimizer step on θ[range t]
 *   barrier    (θ is whole again before anyone's next forward)
 *
 * The sum of the threads' partial gradients is the batch-mean gradient of the
 * single-threaded loop, added in another order: results agree to rounding.
 *
 * The team block (words): [0] arrived, [1] generation, [2] stop, then per thread
 * at byte 16 + 16 t a float64 loss sum and an int32 count of right answers, then at
 * byte 16 + 16 T the T descriptor addresses.
 */
import { LayerSlot, Slot } from '../src/codes';
import { field, learnRows, predict, stateFinite, updateRange, word } from './network';
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
    // Spin briefly (the other thread is usually close), then sleep where allowed:
    // a browser's main thread may not wait, so it only spins.
    if (++spins > 2000 && canWait) memory.atomic.wait32(team + 4, generation, 1000000);
  }
}

/** a[i] += b[i] for i in [from, to); `from` is a multiple of 4. */
function addInto(a: usize, b: usize, from: i32, to: i32): void {
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const at = <usize>i * 4;
    v128.store(a + at, f32x4.add(v128.load(a + at), v128.load(b + at)));
  }
  for (; i < to; i++) {
    const at = <usize>i * 4;
    store<f32>(a + at, load<f32>(a + at) + load<f32>(b + at));
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
  const n = word(d, Slot.ThetaLength);
  const grad = <usize>word(d, Slot.Grad);
  const descs = team + 16 + <usize>T * 16;
  const g0 = <usize>word(<usize>load<i32>(descs), Slot.Grad);
  // This thread's share of θ, on 4-float boundaries.
  const from = ((n / T) * t) & ~3;
  const to = t == T - 1 ? n : ((n / T) * (t + 1)) & ~3;
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
        sum += learnRows(d, X, Y, idx, lo, mine, <f32>1 / <f32>rows);
        correct += count_correct(<usize>field(d, L - 1, LayerSlot.T), target, mine, sn);
      } else {
        memory.fill(grad, 0, <usize>n * 4);
      }
      barrier(team, T, canWait);
      for (let u = 1; u < T; u++) addInto(g0, <usize>word(<usize>load<i32>(descs + <usize>u * 4), Slot.Grad), from, to);
      updateRange(d, g0, from, to);
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
