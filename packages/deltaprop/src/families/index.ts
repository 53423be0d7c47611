/**
 * The families: activations, losses, optimizers and initialisers, one table each.
 * Adding a member of a family starts with an entry in its table (see CONTRIBUTING.md).
 */
export { activations, activationNames, activationCodes, isElementwise, type ActivationName, type ElementwiseName } from './activations.js';
export { losses, lossNames, lossCodes, type LossName } from './losses.js';
export { optimizers, optimizerNames, optimizerCodes, type OptimizerName, type Hyper } from './optimizers.js';
export { initialisers, initNames, type InitName } from './initialisers.js';
