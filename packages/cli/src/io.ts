/**
 * Where a command writes: results on standard output (human text, or one JSON
 * document with `--json`), progress and errors on standard error. Passed in rather
 * than taken from `process`, so that tests can run a command in-process too.
 */
import type { Stream } from './progress.js';

export interface Io {
  stdout: Stream & { columns?: number };
  stderr: Stream & { columns?: number };
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

export interface CommonOptions {
  json?: boolean;
  quiet?: boolean;
}

/** Writes `value` as the command's one JSON document. */
export function printJSON(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function println(io: Io, text = ''): void {
  io.stdout.write(`${text}\n`);
}

/** Bold on a terminal, plain elsewhere. */
export function bold(io: Io, text: string): string {
  return io.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${text}\x1b[22m` : text;
}

/** 1234567 → "1.2 MB". */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}
