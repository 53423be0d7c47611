/**
 * Learning-rate schedules and early stopping, checked up front; see Schedule and
 * EarlyStopping in types.ts for the formulas.
 */
import { fail } from './errors.js';
import { describe } from './spec.js';
import type { EarlyStopping, Schedule } from './types.js';

/** The learning rate of each 1-based epoch. */
export function checkSchedule(schedule: Schedule | undefined, initial: number, epochs: number): (epoch: number) => number {
  if (schedule === undefined) return () => initial;
  if (typeof schedule === 'function') {
    return (epoch) => {
      const rate = schedule(epoch, initial);
      if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
        fail('INVALID_OPTION', `the schedule function gave ${describe(rate)} for epoch ${epoch}; learning rates must be positive finite numbers`, { epoch });
      }
      return rate;
    };
  }
  if (typeof schedule !== 'object' || schedule === null) fail('INVALID_OPTION', 'schedule must be an object or a function');
  const positive = (key: string, v: unknown, integer = false) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      fail('INVALID_OPTION', `schedule ${key} must be a positive ${integer ? 'integer' : 'finite number'}, got ${describe(v)}`);
    }
    return v;
  };
  switch (schedule.type) {
    case 'step': {
      const every = positive('every', schedule.every, true);
      const gamma = positive('gamma', schedule.gamma ?? 0.1);
      return (e) => initial * gamma ** Math.floor((e - 1) / every);
    }
    case 'exponential': {
      const gamma = positive('gamma', schedule.gamma);
      return (e) => initial * gamma ** (e - 1);
    }
    case 'cosine': {
      const span = positive('epochs', schedule.epochs ?? epochs, true);
      const min = schedule.min ?? 0;
      if (typeof min !== 'number' || !(min >= 0 && min < initial)) fail('INVALID_OPTION', `schedule min must be ≥ 0 and below the learning rate ${initial}, got ${describe(min)}`);
      // Never exactly 0: the last epochs keep a small positive rate.
      return (e) => Math.max(min + 0.5 * (initial - min) * (1 + Math.cos((Math.PI * Math.min(e - 1, span)) / span)), min || initial * 1e-6);
    }
    default:
      fail('INVALID_OPTION', `unknown schedule type ${describe((schedule as { type: unknown }).type)}; use 'step', 'exponential', 'cosine' or a function`);
  }
}

export function checkEarlyStopping(option: boolean | EarlyStopping | undefined, hasValidation: boolean): Required<EarlyStopping> | null {
  if (option === undefined || option === false) return null;
  const o: EarlyStopping = option === true ? {} : option;
  if (typeof o !== 'object' || o === null) fail('INVALID_OPTION', 'earlyStopping must be true or an object');
  const patience = o.patience ?? 5;
  if (!Number.isInteger(patience) || patience < 1) fail('INVALID_OPTION', `earlyStopping.patience must be an integer ≥ 1, got ${describe(patience)}`);
  const monitor = o.monitor ?? (hasValidation ? 'valLoss' : 'loss');
  if (monitor !== 'loss' && monitor !== 'valLoss') fail('INVALID_OPTION', `earlyStopping.monitor must be 'loss' or 'valLoss', got ${describe(monitor)}`);
  if (monitor === 'valLoss' && !hasValidation) fail('INVALID_OPTION', "earlyStopping monitors 'valLoss' but there are no validation rows (give validationSplit or validationData)");
  const minDelta = o.minDelta ?? 0;
  if (typeof minDelta !== 'number' || !(minDelta >= 0)) fail('INVALID_OPTION', `earlyStopping.minDelta must be a number ≥ 0, got ${describe(minDelta)}`);
  return { patience, monitor, minDelta, restoreBestWeights: o.restoreBestWeights === true };
}
