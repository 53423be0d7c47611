/**
 * Early stopping: after each epoch, the monitored loss is compared with the best so
 * far; `patience` epochs without an improvement of more than `minDelta` end the
 * training, and with `restoreBestWeights` the parameters of the best epoch are put
 * back at the end.
 */
import type { Backend } from './backend.js';
import { fail } from './errors.js';
import { describe, type Known, readOptions } from './options.js';
import type { EarlyStopping, EpochInfo, Parameters, TrainHistory } from './types.js';

export const earlyStoppingKeys: Known<EarlyStopping> = { patience: true, monitor: true, minDelta: true, restoreBestWeights: true };

export function checkEarlyStopping(option: boolean | EarlyStopping | undefined, hasValidation: boolean): Required<EarlyStopping> | null {
  if (option === undefined || option === false) return null;
  if (option !== true && (typeof option !== 'object' || option === null))
    fail('INVALID_OPTION', `earlyStopping must be true or an object, got ${describe(option)}`);
  const o = option === true ? {} : readOptions(option, earlyStoppingKeys, 'earlyStopping');
  const patience = o.patience ?? 5;
  if (!Number.isInteger(patience) || patience < 1) fail('INVALID_OPTION', `earlyStopping.patience must be an integer ≥ 1, got ${describe(patience)}`);
  const monitor = o.monitor ?? (hasValidation ? 'valLoss' : 'loss');
  if (monitor !== 'loss' && monitor !== 'valLoss') fail('INVALID_OPTION', `earlyStopping.monitor must be 'loss' or 'valLoss', got ${describe(monitor)}`);
  if (monitor === 'valLoss' && !hasValidation)
    fail('INVALID_OPTION', "earlyStopping monitors 'valLoss' but there are no validation rows (give validationSplit or validationData)");
  const minDelta = o.minDelta ?? 0;
  if (typeof minDelta !== 'number' || !(minDelta >= 0)) fail('INVALID_OPTION', `earlyStopping.minDelta must be a number ≥ 0, got ${describe(minDelta)}`);
  return { patience, monitor, minDelta, restoreBestWeights: o.restoreBestWeights === true };
}

export class EarlyStopper {
  private best = { value: Infinity, epoch: 0, parameters: null as Parameters | null };
  private waited = 0;

  constructor(
    private readonly rule: Required<EarlyStopping>,
    private readonly backend: Backend,
  ) {}

  /** Takes the figures of a finished epoch; true when the training should stop now. */
  observe(info: EpochInfo): boolean {
    const value = this.rule.monitor === 'valLoss' ? info.valLoss! : info.loss;
    if (value < this.best.value - this.rule.minDelta) {
      this.best = { value, epoch: info.epoch, parameters: this.rule.restoreBestWeights ? this.backend.getParameters() : null };
      this.waited = 0;
      return false;
    }
    return ++this.waited >= this.rule.patience;
  }

  /** At the end of the training: the best epoch into the history, and its parameters back if asked. */
  finish(history: TrainHistory): void {
    history.bestEpoch = this.best.epoch;
    if (this.best.parameters) this.backend.setParameters(this.best.parameters);
  }
}
