/**
 * The native anchor: PyTorch on the CPU (apps/bench/native/pytorch.py) on W2, P1 and
 * W3, with the same data and settings, when `python3` (or the interpreter the `PYTHON`
 * environment variable names) can import `torch`; rows that say
 * why not otherwise. It shows how close the WebAssembly contenders come to native code.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { digits } from './mnist.js';
import { summarize } from './stats.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../native/pytorch.py', import.meta.url));
export const NATIVE = 'pytorch-cpu (native)';
/** The Python interpreter: $PYTHON where set (say, a system Python that has torch beside a pyenv one that has not). */
const PYTHON = process.env.PYTHON || 'python3';

/** The workloads of the native anchor that `filter` selects. @param {RegExp | undefined} filter */
const selected = (filter) =>
  /** @type {const} */ (['W2', 'P1', 'W3']).filter((w) => !filter || filter.test(w) || filter.test(NATIVE) || filter.test(`${w}/${NATIVE}`));

/** @param {'W2' | 'P1' | 'W3'} workload @returns {import('./run.js').Row} */
const row = (workload) => ({ workload, contender: NATIVE, version: '', note: '', samples: [], metrics: {}, ratios: {} });

/**
 * The anchor's rows, each saying why it did not run.
 * @param {RegExp | undefined} filter @param {string} reason
 * @returns {import('./run.js').Row[]}
 */
export const nativeSkipped = (filter, reason) => selected(filter).map((w) => ({ ...row(w), skipped: reason }));

/**
 * @param {import('./settings.js').Settings} s
 * @param {RegExp | undefined} filter
 * @returns {Promise<import('./run.js').Row[]>}
 */
export async function nativeRows(s, filter) {
  const workloads = selected(filter);
  if (workloads.length === 0) return [];
  try {
    await run(PYTHON, ['-c', 'import torch'], { timeout: 120_000 });
  } catch {
    return nativeSkipped(filter, `PyTorch is not installed here (\`${PYTHON} -c "import torch"\` failed); the native anchor did not run`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'deltaprop-native-'));
  try {
    // The W2 digits exactly as the JavaScript contenders get them.
    const { train, test } = digits(s.w2.train, s.w2.test);
    const file = path.join(dir, 'digits.bin');
    const bytes = (/** @type {ArrayBufferView} */ a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    await writeFile(file, Buffer.concat([train.x, train.y, test.x, test.y, test.labels].map(bytes)));
    const settings = JSON.stringify({ reps: s.reps, w2: s.w2, p1: s.p1, w3: s.w3 });
    const { stdout } = await run(PYTHON, [SCRIPT, settings, file], { maxBuffer: 16 * 2 ** 20, timeout: 30 * 60_000 });
    const result = JSON.parse(stdout);
    const note = `PyTorch ${result.version}, ${result.threads} threads (its default); nn.Linear + ReLU, nn.CrossEntropyLoss, SGD; float32`;
    return workloads.map((w) => {
      /** @type {Record<string, number>[]} */
      const samples = result[w];
      /** @type {Record<string, import('./stats.js').Summary>} */
      const metrics = {};
      for (const k of Object.keys(samples[0] ?? {})) metrics[k] = summarize(samples.map((m) => m[k] ?? NaN));
      return { ...row(w), version: result.version, note, samples, metrics };
    });
  } catch (e) {
    return workloads.map((w) => ({ ...row(w), error: e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e) }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
