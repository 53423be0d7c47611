export { Network } from './network.js';
export { DeltapropError, type ErrorCode } from './errors.js';
export { createMatmulProbe, kernelInfo, type MatmulProbe, type KernelInfo, type ProductName } from './probe.js';
export { standardize, minMaxScale, oneHot, type Scaled } from './preprocess.js';
export type { Engine } from './backend.js';
export type { Predictor } from './predictor.js';
export { activationNames, lossNames, optimizerNames, initNames } from './families/index.js';
export type * from './types.js';
