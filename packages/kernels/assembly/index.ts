/**
 * The exports of the kernels module. Every export takes pointers into linear
 * memory, integer sizes and float scalars, and returns nothing or a number; none
 * allocates. One file per kernel family:
 *
 *   matmul.ts       the three products T·W, Δ·Wᵀ, Tᵀ·Δ
 *   activations.ts  f and f' side by side; bias add; bias gradient
 *   losses.ts       E and the output δ
 *   optimizers.ts   sgd, momentum, nesterov, adam, rmsprop
 *   random.ts       the seeded shuffle
 *   descriptor.ts   the network descriptor the fused kernels read (typed structs)
 *   passes.ts       forward, backward, prediction and gradients over a whole network
 *   predict.ts      the forward pass for a few rows, weights read in place
 *   step.ts         the optimizer step over a network's parameters
 *   small.ts        the lane path: small networks, four samples per v128
 *   train.ts        training over many mini-batches; the choice of path
 */
export { matmul_nn, matmul_tn, matmul_nt, scratch_bytes } from './matmul';
export { bias_activate, times_derivative, column_sum, keeps_u } from './activations';
export { loss_delta, count_correct } from './losses';
export { exp_array } from './exp';
export { sgd_step, momentum_step, adam_step, rmsprop_step, add_weight_decay, all_finite } from './optimizers';
export { shuffle, next_u32 } from './random';
export { predict, gradients, evaluate } from './passes';
export { train_epochs } from './train';
export { predict_rows, predict_batch, predict_work_bytes } from './predict';

/** First free byte after the module's static data: the arena starts here. */
export function heap_base(): usize {
  return __heap_base;
}
