/**
 * The model file, version 1 (see ModelJSON in types.ts), checked field by field
 * before a single number is copied: a corrupt or hand-edited file is refused with
 * CORRUPT_MODEL and the path of the bad field, never half loaded.
 */
import { Encoder } from './encoder.js';
import { type Spec } from './spec.js';
import type { ModelJSON, Parameters } from './types.js';
export declare function checkModel(input: ModelJSON | string | unknown, what?: string): {
    spec: Spec;
    parameters: Parameters;
    preprocessing: Encoder | null;
};
