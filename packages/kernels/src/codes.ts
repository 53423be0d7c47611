/**
 * Numbers shared by the AssemblyScript kernels and the TypeScript API.
 *
 * This file is compiled twice: by `asc` as part of the kernels (assembly/*.ts import
 * it) and by `tsc` for the JavaScript side. It holds only enums and numeric
 * constants, which both compilers read the same way, so there is one source for
 * every code and every constant of a formula that crosses the boundary.
 *
 * A family's enum here is matched, value for value, by its table in
 * packages/deltaprop/src/families/ (names, reference formulas, export source);
 * a test checks that every value has exactly one entry and every entry one value.
 */

/** Slope α of leaky relu for u ≤ 0: f(u) = α u. */
export const LEAKY_SLOPE = 0.01;
/** α of elu: f(u) = α (e^u − 1) for u ≤ 0. */
export const ELU_ALPHA = 1;
/** GELU's tanh approximation: f(u) = ½ u (1 + tanh(k (u + c u³))) with k = √(2/π) and this c. */
export const GELU_C = 0.044715;
/** √(2/π), GELU's k. */
export const GELU_K = 0.7978845608028654;

/** Activation f of a layer; the derivative f' is taken from the output t = f(u). */
export enum Activation {
  Linear = 0,
  Sigmoid = 1,
  Tanh = 2,
  Relu = 3,
  LeakyRelu = 4,
  Softmax = 5,
  Elu = 6,
  Softplus = 7,
  Gelu = 8,
}

export enum Loss {
  /** E = ½‖y − t‖², the derivation's loss (eq. (3) of the README). */
  Mse = 0,
  /** Softmax output: E = −Σ y log t. Sigmoid output: binary cross-entropy. δ = t − y. */
  CrossEntropy = 1,
}

export enum Optimizer {
  Sgd = 0,
  Momentum = 1,
  Nesterov = 2,
  Adam = 3,
  RmsProp = 4,
}

/** Which matrix product a probe or test runs: A·B, Aᵀ·B, A·Bᵀ. */
export enum Product {
  NN = 0,
  TN = 1,
  NT = 2,
}

/**
 * The network descriptor: a block of 32-bit words in linear memory that tells the
 * fused kernels where everything is (drawn, and read as typed structs, in
 * assembly/descriptor.ts; written by packages/deltaprop/src/wasm/descriptor.ts). Header words first, then one record of
 * `LayerSlot.Stride` words per weight layer. Float hyper-parameters are stored as
 * float32 bits in their word. Offsets are in words (×4 for bytes).
 */
export enum Slot {
  Layers = 0, // L, the number of weight layers
  Loss = 1,
  Optimizer = 2,
  BatchCapacity = 3, // rows the activation buffers hold
  Scratch = 4, // packing buffer of the matrix products
  Theta = 5, // all parameters, layer by layer: W^(2) b^(2) W^(3) b^(3) …
  Grad = 6, // ∂E/∂θ, same layout as Theta
  Moment1 = 7, // optimizer state (velocity, Adam's m, RMSprop's mean square)
  Moment2 = 8, // Adam's v
  ThetaLength = 9, // floats in Theta (padding included)
  Input = 10, // T^(1): the gathered input rows of a batch
  Target = 11, // the gathered target rows of a batch
  Rng = 12, // state of the shuffling generator (uint32)
  Step = 13, // optimizer steps taken (Adam's t)
  LearningRate = 14, // f32
  Beta1 = 15, // f32: Adam β1, or momentum μ, or RMSprop ρ
  Beta2 = 16, // f32: Adam β2
  Epsilon = 17, // f32
  WeightDecay = 18, // f32: L2 coefficient λ (weights only)
  Shuffle = 19, // 1: reshuffle every epoch
  FailedEpoch = 20, // set by train_epochs when it stops at a non-finite loss
  DropoutRng = 21, // state of the dropout generator (uint32), apart from the shuffle's
  Correct = 22, // set by evaluate: rows whose output class matched the target's
  Weights = 23, // row weights w (f32, one per row of X, in X's order) of class and sample weights; 0: every row weighs 1
  Header = 24, // first layer record
}

/** Words of one layer record, at Slot.Header + l × Stride. */
export enum LayerSlot {
  In = 0, // s_l
  Out = 1, // s_(l+1)
  Activation = 2,
  W = 3, // W^(l+1), s_l × s_(l+1), row-major
  B = 4,
  GradW = 5,
  GradB = 6,
  T = 7, // t^(l+1) for a batch, rows × s_(l+1)
  Delta = 8, // δ^(l+1) for a batch, rows × s_(l+1)
  Dropout = 9, // f32: probability p of dropping each output of this (hidden) layer in training
  Mask = 10, // rows × s_(l+1): 0 or 1/(1 − p) per output, drawn each batch
  Dropped = 11, // rows × s_(l+1): t ⊙ mask, what the next layer sees in training
  U = 12, // rows × s_(l+1): u^(l+1), kept by the forward pass where f' is taken from u (else 0)
  Stride = 13,
}
