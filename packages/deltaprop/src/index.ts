export { Network } from './network.js';
// Before anything loads a model file: encoder.ts registers the reader of its preprocessing field.
import './encoder.js';
export { DeltapropError, type ErrorCode } from './errors.js';
export { createMatmulProbe, kernelInfo, type MatmulProbe, type KernelInfo, type ProductName } from './probe.js';
export { standardize, minMaxScale, oneHot, type Scaled } from './preprocess.js';
export { Encoder, type EncoderOptions, type Scaling, type PreprocessingJSON, type FeatureJSON, type RawRow } from './encoder.js';
export type { Dataset, ColumnKind } from './dataset.js';
export {
  split,
  kFold,
  crossValidate,
  type SplitOptions,
  type FoldOptions,
  type Fold,
  type Pairs,
  type Splittable,
  type CrossValidateOptions,
  type CrossValidation,
} from './split.js';
export {
  formatConfusion,
  type Evaluation,
  type ClassificationReport,
  type RegressionReport,
  type ClassMetrics,
  type Averages,
  type Classification,
} from './metrics.js';
export type { RowChunk } from './stream.js';
export type { Engine } from './backend.js';
export type { Predictor } from './predictor.js';
export { activationNames, lossNames, optimizerNames, initNames } from './families/index.js';
export type * from './types.js';
