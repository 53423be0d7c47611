import type { EarlyStopping, Schedule } from './types.js';
/** The learning rate of each 1-based epoch. */
export declare function checkSchedule(schedule: Schedule | undefined, initial: number, epochs: number): (epoch: number) => number;
export declare function checkEarlyStopping(option: boolean | EarlyStopping | undefined, hasValidation: boolean): Required<EarlyStopping> | null;
