/**
 * Every error deltaprop throws on purpose is a DeltapropError with a `code`, so
 * callers can branch on the kind of failure; the message says what and where.
 * A call that throws one has left the network exactly as it was.
 */
export type ErrorCode = 'SHAPE_MISMATCH' | 'NON_FINITE' | 'UNKNOWN_ACTIVATION' | 'UNKNOWN_LOSS' | 'UNKNOWN_OPTIMIZER' | 'UNKNOWN_BACKEND' | 'INVALID_LAYERS' | 'INVALID_OPTION' | 'CORRUPT_MODEL' | 'DISPOSED' | 'DIVERGED' | 'OUT_OF_MEMORY' | 'NO_SIMD' | 'MISSING_VALUE' | 'INVALID_DATA';
export declare class DeltapropError extends Error {
    readonly code: ErrorCode;
    /** Extra facts for programs: the epoch and batch of a divergence, the path of a bad field. */
    readonly details: Readonly<Record<string, unknown>>;
    constructor(code: ErrorCode, message: string, details?: Record<string, unknown>);
}
export declare function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never;
