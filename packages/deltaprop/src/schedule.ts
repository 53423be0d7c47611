/**
 * Learning-rate schedules, checked up front; see Schedule in types.ts for the
 * formulas. (Early stopping is in early-stopping.ts.)
 */
import { fail } from './errors.js';
import { describe, lookup, readOptions } from './options.js';
import type { Schedule } from './types.js';

/** The keys of each schedule type, one line per type. */
const scheduleKeys: Readonly<Record<string, Readonly<Record<string, true>>>> = {
  step: { type: true, every: true, gamma: true },
  exponential: { type: true, gamma: true },
  cosine: { type: true, epochs: true, min: true },
};
const anyScheduleKeys: Readonly<Record<string, true>> = Object.assign({}, ...Object.values(scheduleKeys));

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
  // Read once against every schedule's keys; then against those of its type.
  const o = readOptions<Record<string, unknown>>(schedule, anyScheduleKeys, 'schedule');
  const keys = lookup(scheduleKeys, o.type);
  if (keys) readOptions(o, keys, `schedule { type: '${String(o.type)}' }`);
  const plan = o as Exclude<Schedule, (epoch: number, initialRate: number) => number>;
  const positive = (key: string, v: unknown, integer = false) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      fail('INVALID_OPTION', `schedule ${key} must be a positive ${integer ? 'integer' : 'finite number'}, got ${describe(v)}`);
    }
    return v;
  };
  switch (plan.type) {
    case 'step': {
      const every = positive('every', plan.every, true);
      const gamma = positive('gamma', plan.gamma ?? 0.1);
      return (e) => initial * gamma ** Math.floor((e - 1) / every);
    }
    case 'exponential': {
      const gamma = positive('gamma', plan.gamma);
      return (e) => initial * gamma ** (e - 1);
    }
    case 'cosine': {
      const span = positive('epochs', plan.epochs ?? epochs, true);
      const min = plan.min ?? 0;
      if (typeof min !== 'number' || !(min >= 0 && min < initial))
        fail('INVALID_OPTION', `schedule min must be ≥ 0 and below the learning rate ${initial}, got ${describe(min)}`);
      // Never exactly 0: the last epochs keep a small positive rate.
      return (e) => Math.max(min + 0.5 * (initial - min) * (1 + Math.cos((Math.PI * Math.min(e - 1, span)) / span)), min || initial * 1e-6);
    }
    default:
      fail('INVALID_OPTION', `unknown schedule type ${describe((plan as { type: unknown }).type)}; use 'step', 'exponential', 'cosine' or a function`);
  }
}

export { checkEarlyStopping } from './early-stopping.js';
