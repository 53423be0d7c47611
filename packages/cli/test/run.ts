/**
 * Runs the real command, `node bin/deltaprop.js …`, as a user's shell would: its own
 * process, standard output and error captured, the exit code returned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BIN = path.join(here, '..', 'bin', 'deltaprop.js');
export const ROOT = path.join(here, '..', '..', '..');
export const SEATTLE = path.join(ROOT, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');

if (!existsSync(path.join(here, '..', 'dist', 'main.js'))) {
  throw new Error('packages/cli/dist is missing: run `npm run build` (turbo builds it before `npm test`)');
}

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  /** Output so far (grows while the process runs). */
  out: { stdout: string; stderr: string };
  done: Promise<Result>;
}

export function start(args: readonly string[], options: { cwd?: string; input?: string | Buffer; keepInputOpen?: boolean } = {}): Started {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const out = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out.stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out.stderr += s));
  if (options.input !== undefined) child.stdin!.end(options.input);
  else if (!options.keepInputOpen) child.stdin!.end();
  const done = new Promise<Result>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...out }));
  });
  return { child, out, done };
}

export function run(args: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): Promise<Result> {
  return start(args, options).done;
}

/** A fresh temporary folder for a test's files. */
export function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'deltaprop-cli-'));
}

/** Resolves when `test` holds for the output so far (polling), or rejects after `ms`. */
export async function waitFor(started: Started, test: (out: Started['out']) => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!test(started.out)) {
    if (started.child.exitCode !== null) throw new Error(`the command ended (code ${started.child.exitCode}) first:\n${started.out.stderr}`);
    if (Date.now() > until) throw new Error(`timed out; stderr so far:\n${started.out.stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
