export { Network } from './network.js';
export { DeltapropError } from './errors.js';
export { createMatmulProbe, kernelInfo } from './probe.js';
export { standardize, minMaxScale, oneHot } from './preprocess.js';
export { Encoder } from './encoder.js';
export { split, kFold, crossValidate } from './split.js';
export { formatConfusion } from './metrics.js';
//# sourceMappingURL=index.js.map