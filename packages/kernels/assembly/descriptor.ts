/**
 * The network descriptor as typed structs laid over linear memory: what the fused
 * kernels (train.ts, passes.ts, small.ts, team.ts) read to find a network's numbers.
 * The TypeScript side writes the same block (packages/deltaprop/src/wasm/descriptor.ts);
 * both follow the word numbers of Slot and LayerSlot in src/codes.ts, and the
 * checks at the end of this file fail the build if a field here drifts from them.
 *
 *   Net, at byte 0                             Layer l, at byte 4 · (Slot.Header + LayerSlot.Stride · l)
 *   word ┌───────────────────────────────┐      word ┌──────────────────────────────┐
 *      0 │ layers         L              │         0 │ in          s_l              │
 *      1 │ loss           Loss code      │         1 │ out         s_(l+1)          │
 *      2 │ optimizer      Optimizer code │         2 │ activation  Activation code  │
 *      3 │ batchCapacity  rows           │         3 │ W           → s_l × s_(l+1)  │
 *      4 │ scratch        → bytes        │         4 │ b           → s_(l+1)        │
 *      5 │ theta          → θ            │         5 │ gradW       → like W         │
 *      6 │ grad           → ∂E/∂θ        │         6 │ gradB       → like b         │
 *      7 │ moment1        → like θ       │         7 │ T           → rows × s_(l+1) │
 *      8 │ moment2        → like θ       │         8 │ delta       → rows × s_(l+1) │
 *      9 │ thetaLength    floats         │         9 │ dropout     p (f32)          │
 *     10 │ input          → rows × s_1   │        10 │ mask        → rows × s_(l+1) │
 *     11 │ target         → rows × s_n   │        11 │ dropped     → rows × s_(l+1) │
 *     12 │ rng            uint32 state   │        12 │ U           → rows × s_(l+1) │
 *     13 │ step           k              │           └──────────────────────────────┘
 *     14 │ learningRate   η (f32)        │        13 = LayerSlot.Stride
 *     15 │ beta1          β1, μ, ρ (f32) │      → : a byte address in linear memory
 *     16 │ beta2          β2 (f32)       │
 *     17 │ epsilon        ε (f32)        │
 *     18 │ weightDecay    λ (f32)        │
 *     19 │ shuffle        0 or 1         │
 *     20 │ failedEpoch    epoch          │
 *     21 │ dropoutRng     uint32 state   │
 *     22 │ correct        rows           │
 *     23 │ weights        → N (f32) or 0 │
 *        └───────────────────────────────┘
 *     24 = Slot.Header
 *
 * Addresses are byte offsets in linear memory (usize); every array is row-major
 * float32 and 16-byte aligned.
 */
import { LayerSlot, Slot } from '../src/codes';

@unmanaged
export class Net {
  /** L, the number of weight layers. */
  layers: i32;
  loss: i32;
  optimizer: i32;
  /** Rows the activation buffers hold. */
  batchCapacity: i32;
  /** Packing buffer of the matrix products. */
  scratch: usize;
  /** All parameters, layer by layer: W^(2) b^(2) W^(3) b^(3) … */
  theta: usize;
  /** ∂E/∂θ, same layout as theta. */
  grad: usize;
  /** Optimizer state: velocity, Adam's m, RMSprop's mean square. */
  moment1: usize;
  /** Adam's v. */
  moment2: usize;
  /** Floats in theta (padding included). */
  thetaLength: i32;
  /** T^(1): the gathered input rows of a batch. */
  input: usize;
  /** The gathered target rows of a batch. */
  target: usize;
  /** State of the shuffling generator. */
  rng: u32;
  /** Optimizer steps taken (Adam's k). */
  step: i32;
  learningRate: f32;
  /** Adam's β1, or momentum μ, or RMSprop's ρ. */
  beta1: f32;
  /** Adam's β2. */
  beta2: f32;
  epsilon: f32;
  /** L2 coefficient λ (weights only). */
  weightDecay: f32;
  /** 1: reshuffle every epoch. */
  shuffle: i32;
  /** Set by train_epochs when it stops at a non-finite loss. */
  failedEpoch: i32;
  /** State of the dropout generator, apart from the shuffle's. */
  dropoutRng: u32;
  /** Set by evaluate and the lane path: rows whose output class matched the target's. */
  correct: i32;
  /** Row weights w of class and sample weights, one per row of X (passes.ts, weightedOutputDelta); 0: all 1. */
  weights: usize;

  /** Weight layer l (0-based): W^(l+1), b^(l+1) and its buffers. */
  // @ts-ignore: decorator
  @inline layer(l: i32): Layer {
    return changetype<Layer>(changetype<usize>(this) + <usize>(Slot.Header + l * LayerSlot.Stride) * 4);
  }

  // @ts-ignore: decorator
  @inline get last(): Layer {
    return this.layer(this.layers - 1);
  }

  /** Address of the shuffle generator's state (the generators take a pointer). */
  // @ts-ignore: decorator
  @inline get rngAt(): usize {
    return changetype<usize>(this) + offsetof<Net>('rng');
  }

  // @ts-ignore: decorator
  @inline get dropoutRngAt(): usize {
    return changetype<usize>(this) + offsetof<Net>('dropoutRng');
  }
}

@unmanaged
export class Layer {
  /** s_l */
  in: i32;
  /** s_(l+1) */
  out: i32;
  activation: i32;
  /** W^(l+1), s_l × s_(l+1). */
  W: usize;
  /** b^(l+1), s_(l+1). */
  b: usize;
  gradW: usize;
  gradB: usize;
  /** t^(l+1) for a batch, rows × s_(l+1). */
  T: usize;
  /** δ^(l+1) for a batch, rows × s_(l+1). */
  delta: usize;
  /** Probability p of dropping each output of this (hidden) layer in training. */
  dropout: f32;
  /** rows × s_(l+1): 0 or 1/(1 − p) per output, drawn each batch. */
  mask: usize;
  /** rows × s_(l+1): t ⊙ mask, what the next layer sees in training. */
  dropped: usize;
  /** rows × s_(l+1): u^(l+1), kept where f' is taken from u (keepsU in activations.ts), else 0. */
  U: usize;

  // @ts-ignore: decorator
  @inline get hasDropout(): bool {
    return this.dropout > 0;
  }
}

// Compile-time checks: each field sits at 4 × its word number in codes.ts.
if (offsetof<Net>('layers') != Slot.Layers * 4) ERROR('Net.layers is not at Slot.Layers');
if (offsetof<Net>('loss') != Slot.Loss * 4) ERROR('Net.loss is not at Slot.Loss');
if (offsetof<Net>('optimizer') != Slot.Optimizer * 4) ERROR('Net.optimizer is not at Slot.Optimizer');
if (offsetof<Net>('batchCapacity') != Slot.BatchCapacity * 4) ERROR('Net.batchCapacity is not at Slot.BatchCapacity');
if (offsetof<Net>('scratch') != Slot.Scratch * 4) ERROR('Net.scratch is not at Slot.Scratch');
if (offsetof<Net>('theta') != Slot.Theta * 4) ERROR('Net.theta is not at Slot.Theta');
if (offsetof<Net>('grad') != Slot.Grad * 4) ERROR('Net.grad is not at Slot.Grad');
if (offsetof<Net>('moment1') != Slot.Moment1 * 4) ERROR('Net.moment1 is not at Slot.Moment1');
if (offsetof<Net>('moment2') != Slot.Moment2 * 4) ERROR('Net.moment2 is not at Slot.Moment2');
if (offsetof<Net>('thetaLength') != Slot.ThetaLength * 4) ERROR('Net.thetaLength is not at Slot.ThetaLength');
if (offsetof<Net>('input') != Slot.Input * 4) ERROR('Net.input is not at Slot.Input');
if (offsetof<Net>('target') != Slot.Target * 4) ERROR('Net.target is not at Slot.Target');
if (offsetof<Net>('rng') != Slot.Rng * 4) ERROR('Net.rng is not at Slot.Rng');
if (offsetof<Net>('step') != Slot.Step * 4) ERROR('Net.step is not at Slot.Step');
if (offsetof<Net>('learningRate') != Slot.LearningRate * 4) ERROR('Net.learningRate is not at Slot.LearningRate');
if (offsetof<Net>('beta1') != Slot.Beta1 * 4) ERROR('Net.beta1 is not at Slot.Beta1');
if (offsetof<Net>('beta2') != Slot.Beta2 * 4) ERROR('Net.beta2 is not at Slot.Beta2');
if (offsetof<Net>('epsilon') != Slot.Epsilon * 4) ERROR('Net.epsilon is not at Slot.Epsilon');
if (offsetof<Net>('weightDecay') != Slot.WeightDecay * 4) ERROR('Net.weightDecay is not at Slot.WeightDecay');
if (offsetof<Net>('shuffle') != Slot.Shuffle * 4) ERROR('Net.shuffle is not at Slot.Shuffle');
if (offsetof<Net>('failedEpoch') != Slot.FailedEpoch * 4) ERROR('Net.failedEpoch is not at Slot.FailedEpoch');
if (offsetof<Net>('dropoutRng') != Slot.DropoutRng * 4) ERROR('Net.dropoutRng is not at Slot.DropoutRng');
if (offsetof<Net>('correct') != Slot.Correct * 4) ERROR('Net.correct is not at Slot.Correct');
if (offsetof<Net>('weights') != Slot.Weights * 4) ERROR('Net.weights is not at Slot.Weights');
if (<i32>offsetof<Net>() > Slot.Header * 4) ERROR('Net overlaps the first layer record');
if (offsetof<Layer>('in') != LayerSlot.In * 4) ERROR('Layer.in is not at LayerSlot.In');
if (offsetof<Layer>('out') != LayerSlot.Out * 4) ERROR('Layer.out is not at LayerSlot.Out');
if (offsetof<Layer>('activation') != LayerSlot.Activation * 4) ERROR('Layer.activation is not at LayerSlot.Activation');
if (offsetof<Layer>('W') != LayerSlot.W * 4) ERROR('Layer.W is not at LayerSlot.W');
if (offsetof<Layer>('b') != LayerSlot.B * 4) ERROR('Layer.b is not at LayerSlot.B');
if (offsetof<Layer>('gradW') != LayerSlot.GradW * 4) ERROR('Layer.gradW is not at LayerSlot.GradW');
if (offsetof<Layer>('gradB') != LayerSlot.GradB * 4) ERROR('Layer.gradB is not at LayerSlot.GradB');
if (offsetof<Layer>('T') != LayerSlot.T * 4) ERROR('Layer.T is not at LayerSlot.T');
if (offsetof<Layer>('delta') != LayerSlot.Delta * 4) ERROR('Layer.delta is not at LayerSlot.Delta');
if (offsetof<Layer>('dropout') != LayerSlot.Dropout * 4) ERROR('Layer.dropout is not at LayerSlot.Dropout');
if (offsetof<Layer>('mask') != LayerSlot.Mask * 4) ERROR('Layer.mask is not at LayerSlot.Mask');
if (offsetof<Layer>('dropped') != LayerSlot.Dropped * 4) ERROR('Layer.dropped is not at LayerSlot.Dropped');
if (offsetof<Layer>('U') != LayerSlot.U * 4) ERROR('Layer.U is not at LayerSlot.U');
if (offsetof<Layer>() != LayerSlot.Stride * 4) ERROR('Layer is not LayerSlot.Stride words long');
