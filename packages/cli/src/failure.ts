/**
 * How the command fails: every failure a user can cause ends with a message on
 * standard error that says what was wrong and how to fix it, and an exit code that
 * scripts can branch on. The codes are part of the interface (README, `--help`):
 *
 *   0    success
 *   1    usage: an unknown command or option, a missing argument, a bad option value
 *   2    data: a data file that is missing, unreadable or does not fit (unknown column,
 *        non-numeric or missing values, too few rows)
 *   3    model: a model file that is missing, corrupt, of an unsupported kind, or that
 *        does not fit the data
 *   4    training failed (the loss diverged)
 *   5    output: a result file or folder could not be written
 *   70   internal error: a bug in deltaprop (please report it with the message)
 *   130  interrupted (Ctrl-C); with `train --out`, the best model so far was saved
 */
import type { DeltapropError } from 'deltaprop';

export const EXIT = {
  OK: 0,
  USAGE: 1,
  DATA: 2,
  MODEL: 3,
  TRAINING: 4,
  OUTPUT: 5,
  INTERNAL: 70,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The kind of failure named in `--json` errors, one per exit code. */
export const KIND: Readonly<Record<ExitCode, string>> = {
  0: 'ok',
  1: 'usage',
  2: 'data',
  3: 'model',
  4: 'training',
  5: 'output',
  70: 'internal',
  130: 'interrupted',
};

/** A failure with its exit code, a message (what was wrong) and a hint (how to fix it). */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly hint?: string,
    /** deltaprop's error code, when the failure came from the library. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** What to try next for each of deltaprop's error codes, when the library's message alone does not say. */
const HINTS: Readonly<Record<string, string>> = {
  CORRUPT_MODEL: 'the file is damaged or is not a model; train it again, or check that you passed the model and not the data',
  UNSUPPORTED_MODEL: 'deltaprop reads dense (fully connected) networks only',
  DIVERGED: 'try a smaller --learning-rate, or another --optimizer',
  OUT_OF_MEMORY: 'try smaller --layers or a smaller --batch',
  NO_SIMD: 'deltaprop needs WebAssembly SIMD: use Node.js 20.19 or newer',
};

/**
 * Runs one step of a command; a DeltapropError thrown there becomes a CliError with
 * the step's exit code (reading data → DATA, loading a model → MODEL, …), so that
 * error codes the library adds later are still reported under the right kind.
 */
export async function step<T>(exitCode: ExitCode, what: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw asCliError(e, exitCode, what);
  }
}

export function asCliError(e: unknown, exitCode: ExitCode, what?: string): CliError {
  if (e instanceof CliError) return e;
  if (isDeltapropError(e)) {
    // A few codes say their kind whatever the step: a diverged loss, a model file the library refused.
    const name: string = e.code;
    const code = name === 'DIVERGED' ? EXIT.TRAINING : name === 'CORRUPT_MODEL' || name === 'UNSUPPORTED_MODEL' ? EXIT.MODEL : exitCode;
    return new CliError(code, what ? `${what}: ${e.message}` : e.message, HINTS[e.code], e.code);
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && typeof err.syscall === 'string') {
    // A file-system error: name the file and say what the system said.
    const file = err.path ?? what ?? 'a file';
    const reason =
      err.code === 'ENOENT'
        ? 'does not exist'
        : err.code === 'EACCES' || err.code === 'EPERM'
          ? 'cannot be accessed (permission denied)'
          : err.code === 'EISDIR'
            ? 'is a folder, not a file'
            : err.code === 'ENOTDIR'
              ? 'is inside something that is not a folder'
              : `could not be ${err.syscall === 'open' ? 'opened' : 'read or written'} (${err.code})`;
    return new CliError(exitCode, `${file} ${reason}`, exitCode === EXIT.OUTPUT ? 'check the output path and its permissions' : 'check the path');
  }
  return new CliError(
    EXIT.INTERNAL,
    `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    'this is a bug in deltaprop; please report it with this message',
  );
}

/**
 * The library's typed errors, told by name and code rather than `instanceof`, so that
 * this module (loaded for every command, even --help) does not load the library.
 */
export function isDeltapropError(e: unknown): e is DeltapropError {
  return e instanceof Error && e.name === 'DeltapropError' && typeof (e as { code?: unknown }).code === 'string';
}
