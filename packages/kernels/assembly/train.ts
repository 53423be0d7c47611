/**
 * Training over many mini-batches in one call, and the choice of path for each
 * network: the lane path (small.ts) for small networks, else the packed path
 * (passes.ts), stepping θ in place on plain SGD.
 */
import { Optimizer } from '../src/codes';
import { Net } from './descriptor';
import { count_correct } from './losses';
import { shuffle } from './random';
import { learnRows, STEP } from './passes';
import { isSmall, learnRowsSmall } from './small';
import { plainSgd, stateFinite, update } from './step';

/**
 * Trains `epochs` epochs over N rows of X (N × s_1) and Y (N × s_n), in mini-batches
 * of `batch` rows taken in the order of idx (N uint32, reshuffled each epoch when the
 * shuffle word is set). Writes each epoch's mean per-sample loss to lossOut (f32)
 * and its count of rows classified right (see count_correct) to correctOut (i32).
 *
 * Returns the number of epochs completed. It stops early at the first batch whose
 * loss is not finite (before the update with it, except where θ is stepped in place
 * on plain SGD: the caller puts θ back in either case), and returns −1 − (that batch's
 * index in the epoch), with the epoch (0-based) in the failedEpoch word. After the
 * last update it checks the parameters and the optimizer state too: −1 − (batches
 * per epoch) means one of them became non-finite during the call.
 */
export function train_epochs(d: Net, X: usize, Y: usize, idx: usize, N: i32, batch: i32, epochs: i32, lossOut: usize, correctOut: usize): i32 {
  const last = d.last;
  const batches = (N + batch - 1) / batch;
  // Weighted rows take the packed path, whose output δ weighs them row by row.
  const small = isSmall(d, batch) && !d.weights;
  // The lane path steps θ itself on SGD batches of one group of lanes; the others on plain SGD.
  // (η is read from the descriptor at each use, not kept in a local: V8 11's baseline
  // compiler was seen to lose an f32 local held across the calls of such a loop.)
  const inPlace = small ? batch <= 4 && d.optimizer == Optimizer.Sgd : plainSgd(d);
  for (let e = 0; e < epochs; e++) {
    if (d.shuffle) shuffle(idx, N, d.rngAt);
    let sum: f64 = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const first = b * batch;
      const rows = min(batch, N - first);
      const E = small
        ? learnRowsSmall(d, X, Y, idx, first, rows, <f32>1 / <f32>rows, inPlace)
        : inPlace
          ? learnRows(d, X, Y, idx, first, rows, -d.learningRate / <f32>rows, STEP)
          : learnRows(d, X, Y, idx, first, rows, <f32>1 / <f32>rows);
      correct += small ? d.correct : count_correct(last.T, d.target, rows, last.out);
      if (!isFinite(E)) {
        store<f32>(lossOut + <usize>e * 4, NaN);
        d.failedEpoch = e;
        return -1 - b;
      }
      sum += E;
      if (inPlace) d.step = d.step + 1;
      else update(d);
    }
    store<f32>(lossOut + <usize>e * 4, <f32>(sum / <f64>N));
    store<i32>(correctOut + <usize>e * 4, correct);
  }
  if (!stateFinite(d)) {
    d.failedEpoch = epochs - 1;
    return -1 - batches;
  }
  return epochs;
}
