/**
 * Losses and the output δ they start the backward pass with, per sample:
 *
 *   mse            E = ½ ‖y − t‖²  (eq. (3))      δ = (t − y) ⊙ f'(u)            (eq. (4))
 *                  with a softmax output f' is a Jacobian:
 *                                                 δ_j = t_j (g_j − Σ_k g_k t_k), g = t − y
 *   cross-entropy  softmax: E = −Σ y log t        δ = t − y
 *                  sigmoid: E = −Σ [y log t + (1 − y) log(1 − t)]
 *                                                 δ = t − y
 *
 * δ is multiplied by `scale` (1/rows for the batch mean). The returned value is the
 * summed E over the rows; logarithms clamp their argument at 1e-30 so a saturated
 * output gives a large finite loss instead of infinity.
 */
import { Activation, Loss } from '../src/codes';
import { df1, keepsU } from './activations';

const TINY: f64 = 1e-30;

/** U: the output layer's u, where keepsU(act) (mse then takes f' from it); else unused. */
export function loss_delta(T: usize, Y: usize, D: usize, rows: i32, cols: i32, loss: i32, act: i32, scale: f32, U: usize): f64 {
  switch (loss) {
    case Loss.Mse: return act == Activation.Softmax ? mseSoftmax(T, Y, D, rows, cols, scale) : mse(T, U, Y, D, rows * cols, act, scale);
    case Loss.CrossEntropy: return crossEntropy(T, Y, D, rows * cols, act != Activation.Softmax, scale);
    default: unreachable();
  }
  return 0;
}

/** mse with a softmax output, whose f' is a Jacobian: δ_j = t_j (g_j − Σ_k g_k t_k), g = t − y. */
function mseSoftmax(T: usize, Y: usize, D: usize, rows: i32, cols: i32, scale: f32): f64 {
  let E: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * cols) * 4;
    let gt: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const g = load<f32>(T + base + <usize>j * 4) - load<f32>(Y + base + <usize>j * 4);
      gt += g * load<f32>(T + base + <usize>j * 4);
      E += 0.5 * <f64>g * <f64>g;
    }
    for (let j = 0; j < cols; j++) {
      const at = base + <usize>j * 4;
      const t = load<f32>(T + at);
      store<f32>(D + at, t * (t - load<f32>(Y + at) - gt) * scale);
    }
  }
  return E;
}

/** E = ½ ‖y − t‖² (eq. (3)), δ = (t − y) ⊙ f'(u) (eq. (4)), over count values. */
function mse(T: usize, U: usize, Y: usize, D: usize, count: i32, act: i32, scale: f32): f64 {
  const fromU = keepsU(act);
  let E: f64 = 0;
  for (let i = 0; i < count; i++) {
    const at = <usize>i * 4;
    const t = load<f32>(T + at);
    const g = t - load<f32>(Y + at);
    E += 0.5 * <f64>g * <f64>g;
    store<f32>(D + at, g * df1(t, fromU ? load<f32>(U + at) : t, act) * scale);
  }
  return E;
}

/** E = −Σ y log t (softmax), or −Σ [y log t + (1 − y) log(1 − t)] (binary); δ = t − y (eq. (4)). */
function crossEntropy(T: usize, Y: usize, D: usize, count: i32, binary: bool, scale: f32): f64 {
  let E: f64 = 0;
  for (let i = 0; i < count; i++) {
    const at = <usize>i * 4;
    const t = load<f32>(T + at);
    const y = load<f32>(Y + at);
    E -= <f64>y * Math.log(max(<f64>t, TINY));
    if (binary) E -= (1 - <f64>y) * Math.log(max(1 - <f64>t, TINY));
    store<f32>(D + at, (t - y) * scale);
  }
  return E;
}

/**
 * Rows whose output names the target's class: the arg-max of t equals the arg-max
 * of y (first index on ties), or, with one output, t ≥ ½ exactly when y ≥ ½.
 */
export function count_correct(T: usize, Y: usize, rows: i32, cols: i32): i32 {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * cols) * 4;
    if (cols == 1) {
      if ((load<f32>(T + base) >= 0.5) == (load<f32>(Y + base) >= 0.5)) correct++;
      continue;
    }
    let bt = 0, by = 0;
    for (let j = 1; j < cols; j++) {
      const at = base + <usize>j * 4;
      if (load<f32>(T + at) > load<f32>(T + base + <usize>bt * 4)) bt = j;
      if (load<f32>(Y + at) > load<f32>(Y + base + <usize>by * 4)) by = j;
    }
    if (bt == by) correct++;
  }
  return correct;
}
