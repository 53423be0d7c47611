/**
 * Every error deltaprop throws on purpose is a DeltapropError with a `code`, so
 * callers can branch on the kind of failure; the message says what and where.
 * A call that throws one has left the network exactly as it was.
 */
export type ErrorCode =
  | 'SHAPE_MISMATCH' // rows or columns that do not fit the network
  | 'NON_FINITE' // NaN or ±Infinity in inputs or targets
  | 'UNKNOWN_ACTIVATION'
  | 'UNKNOWN_LOSS'
  | 'UNKNOWN_OPTIMIZER'
  | 'UNKNOWN_BACKEND'
  | 'INVALID_LAYERS' // layer sizes that are not integers ≥ 1, or fewer than two layers
  | 'INVALID_OPTION' // an option of the wrong type or out of range
  | 'CORRUPT_MODEL' // a model file that fails validation
  | 'UNSUPPORTED_MODEL' // a valid ONNX or TF.js model with a node or layer a dense network cannot take (named in the message)
  | 'DISPOSED' // any call on a disposed network, and a training whose network was disposed meanwhile
  | 'BUSY' // a second training, or setParameters, while the network trains (train awaiting, or trainInWorker)
  | 'DIVERGED' // the loss or a parameter became NaN or infinite in training
  | 'OUT_OF_MEMORY' // WebAssembly memory could not grow
  | 'NO_SIMD' // this runtime lacks WebAssembly SIMD
  | 'MISSING_VALUE' // an empty, NA, NaN or ? cell in tabular data (details: row, column)
  | 'INVALID_DATA'; // a cell or row that does not fit its column: text in a numeric column, an unknown category, a ragged row

export class DeltapropError extends Error {
  readonly code: ErrorCode;
  /** Extra facts for programs: the epoch and batch of a divergence, the path of a bad field. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DeltapropError';
    this.code = code;
    this.details = details;
  }
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DeltapropError(code, message, details);
}
