/**
 * The optimizer step over a network's θ (the update of eq. (7), or the chosen
 * optimizer of optimizers.ts), with L2 weight decay on the weights, and the check
 * that θ and the optimizer's state stayed finite.
 */
import { Optimizer } from '../src/codes';
import { Net } from './descriptor';
import { sgd_step, momentum_step, adam_step, rmsprop_step, add_weight_decay, all_finite, momentsOf } from './optimizers';

/** One optimizer step over all of θ with the gradient in grad, counted. */
export function update(d: Net): void {
  updateRange(d, d.grad, 0, d.thetaLength);
}

/**
 * One optimizer step on θ[from, to) with the gradient g (same layout as θ), after
 * adding the weight decay λW on the weights in that range. Each thread of a team
 * updates its own range; one thread alone updates all of θ.
 */
export function updateRange(d: Net, g: usize, from: i32, to: i32): void {
  const k = d.step + 1;
  d.step = k;
  stepRange(d, g, from, to, k);
}

/** updateRange's step as step number k (Adam's bias correction), without counting it. */
export function stepRange(d: Net, g: usize, from: i32, to: i32, k: i32): void {
  const theta = d.theta;
  const lambda = d.weightDecay;
  if (lambda != 0) {
    for (let l = 0; l < d.layers; l++) {
      const layer = d.layer(l);
      const w = (<i32>(layer.W - theta)) >> 2;
      const lo = max(from, w);
      const hi = min(to, w + layer.in * layer.out);
      if (lo < hi) add_weight_decay(g + <usize>lo * 4, theta + <usize>lo * 4, hi - lo, lambda);
    }
  }
  const n = to - from;
  if (n <= 0) return;
  const at = <usize>from * 4;
  const eta = d.learningRate;
  const opt = d.optimizer;
  switch (opt) {
    case Optimizer.Sgd:
      sgd_step(theta + at, g + at, n, eta);
      break;
    case Optimizer.Momentum:
    case Optimizer.Nesterov:
      momentum_step(theta + at, g + at, d.moment1 + at, n, eta, d.beta1, opt == Optimizer.Nesterov ? 1 : 0);
      break;
    case Optimizer.Adam: {
      const beta1 = d.beta1;
      const beta2 = d.beta2;
      const c1 = <f32>(1 / (1 - Math.pow(<f64>beta1, <f64>k)));
      const c2 = <f32>(1 / (1 - Math.pow(<f64>beta2, <f64>k)));
      adam_step(theta + at, g + at, d.moment1 + at, d.moment2 + at, n, eta, beta1, beta2, d.epsilon, c1, c2);
      break;
    }
    case Optimizer.RmsProp:
      rmsprop_step(theta + at, g + at, d.moment1 + at, n, eta, d.beta1, d.epsilon);
      break;
    default:
      unreachable();
  }
}

/** Plain SGD (no weight decay, no optimizer state): training may step θ in place. */
export function plainSgd(d: Net): bool {
  return d.optimizer == Optimizer.Sgd && d.weightDecay == 0;
}

/** θ and the optimizer's state are finite (an overflowing g² would leave Adam stuck at v = ∞). */
export function stateFinite(d: Net): bool {
  const n = d.thetaLength;
  const moments = momentsOf(d.optimizer);
  if (!all_finite(d.theta, n)) return false;
  if (moments >= 1 && !all_finite(d.moment1, n)) return false;
  return moments < 2 || all_finite(d.moment2, n) != 0;
}
