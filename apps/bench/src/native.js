/**
 * The native anchor: PyTorch on the CPU (apps/bench/native/pytorch.py) on W2, P1 and
 * W3, with the same data, settings and threads as deltaprop-wasm, when `python3` (or the
 * interpreter the `PYTHON` environment variable names) can import `torch`; rows that say
 * why not otherwise. It shows how close the WebAssembly contenders come to native code.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadDeltaprop } from './contenders/deltaprop.js';
import { digits } from './mnist.js';
import { summarize } from './stats.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../native/pytorch.py', import.meta.url));
/** PyTorch on the threads deltaprop-wasm runs each workload on. */
export const NATIVE = 'pytorch-cpu (native)';
/** PyTorch on one thread, beside deltaprop-wasm-1thread (on two cores its threads slow W2's small products down). */
export const NATIVE_1THREAD = 'pytorch-cpu-1thread (native)';
/** The Python interpreter: $PYTHON where set (say, a system Python that has torch beside a pyenv one that has not). */
const PYTHON = process.env.PYTHON || 'python3';

/** @typedef {{ W2: number, P1: number, W3: number }} Threads */

/**
 * The threads deltaprop-wasm runs each workload on: what its networks get from
 * `threads: 'auto'` (`net.threads`) for W2 and W3, and one for P1, whose
 * `predictor.run` computes one row on the calling thread.
 * @param {import('./settings.js').Settings} s
 * @returns {Promise<Threads>}
 */
async function deltapropThreads(s) {
  const dp = await loadDeltaprop();
  const threadsOf = async (/** @type {number[]} */ layers) => {
    const net = await dp.Network.create({ layers, backend: 'wasm', threads: 'auto' });
    try {
      return /** @type {number} */ (net.threads);
    } finally {
      net.dispose();
    }
  };
  return { W2: await threadsOf(s.w2.layers), P1: 1, W3: await threadsOf(s.w3.layers) };
}

/** The workloads of an anchor that `filter` selects. @param {RegExp | undefined} filter @param {string} anchor */
const selected = (filter, anchor) =>
  /** @type {const} */ (['W2', 'P1', 'W3']).filter((w) => !filter || filter.test(w) || filter.test(anchor) || filter.test(`${w}/${anchor}`));

/** @param {'W2' | 'P1' | 'W3'} workload @param {string} contender @returns {import('./run.js').Row} */
const row = (workload, contender) => ({ workload, contender, version: '', note: '', samples: [], metrics: {}, ratios: {} });

/**
 * The anchor's rows, each saying why it did not run (one row per workload: the
 * one-thread anchor runs only where the other does).
 * @param {RegExp | undefined} filter @param {string} reason
 * @returns {import('./run.js').Row[]}
 */
export const nativeSkipped = (filter, reason) => selected(filter, NATIVE).map((w) => ({ ...row(w, NATIVE), skipped: reason }));

/** An error's first line, for a row. @param {unknown} e */
const firstLine = (e) => (e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e));

/**
 * Runs pytorch.py once for one anchor, on the threads of its deltaprop peer per workload.
 * @param {string} anchor @param {{ name: string, threads: Threads }} peer the deltaprop row it pairs with
 * @param {object} settings the run's settings for the script (reps, w2, p1, w3) @param {string} file the digits
 * @param {('W2' | 'P1' | 'W3')[]} workloads
 * @returns {Promise<import('./run.js').Row[]>}
 */
async function anchorRows(anchor, peer, settings, file, workloads) {
  const { threads } = peer;
  // The script sets torch's and OpenBLAS's threads per workload; the environment sizes
  // the pools of the libraries that read it only when they load (OpenMP, OpenBLAS, MKL).
  // OpenMP's threads spin for a while after each of torch's parallel loops: where the
  // BLAS keeps a pool of its own (the pthreads OpenBLAS under Debian's torch) they take
  // the cores its threads need, and on two cores torch trained W3 at half the speed
  // of one thread. Passive, they sleep at once.
  const most = Math.max(...Object.values(threads));
  const env = {
    ...process.env,
    OMP_NUM_THREADS: String(most),
    OPENBLAS_NUM_THREADS: String(most),
    MKL_NUM_THREADS: String(most),
    ...(most > 1 ? { OMP_WAIT_POLICY: 'PASSIVE' } : {}),
  };
  const args = [SCRIPT, JSON.stringify({ ...settings, threads }), file];
  try {
    const { stdout } = await run(PYTHON, args, { env, maxBuffer: 16 * 2 ** 20, timeout: 30 * 60_000 });
    const result = JSON.parse(stdout);
    return workloads.map((w) => {
      // The threads as torch and the BLAS reported them once set (null: a BLAS it cannot ask).
      const { torch, blas } = result.threads[w];
      const note =
        `PyTorch ${result.version} over ${result.blas}; threads: torch ${torch}, BLAS ${blas ?? 'not known'} (${peer.name}: ${threads[w]})` +
        `${env.OMP_WAIT_POLICY ? `, OMP_WAIT_POLICY=${env.OMP_WAIT_POLICY}` : ''}; ` +
        'nn.Linear + ReLU, nn.CrossEntropyLoss, SGD; float32';
      /** @type {Record<string, number>[]} */
      const samples = result[w];
      /** @type {Record<string, import('./stats.js').Summary>} */
      const metrics = {};
      for (const k of Object.keys(samples[0] ?? {})) metrics[k] = summarize(samples.map((m) => m[k] ?? NaN));
      return { ...row(w, anchor), version: result.version, note, samples, metrics };
    });
  } catch (e) {
    return workloads.map((w) => ({ ...row(w, anchor), error: firstLine(e) }));
  }
}

/**
 * @param {import('./settings.js').Settings} s
 * @param {RegExp | undefined} filter
 * @returns {Promise<import('./run.js').Row[]>}
 */
export async function nativeRows(s, filter) {
  const anchors = [NATIVE, NATIVE_1THREAD].filter((a) => selected(filter, a).length > 0);
  if (anchors.length === 0) return [];
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
    const settings = { reps: s.reps, w2: s.w2, p1: s.p1, w3: s.w3 };
    const peers = {
      [NATIVE]: { name: 'deltaprop-wasm', threads: await deltapropThreads(s) },
      [NATIVE_1THREAD]: { name: 'deltaprop-wasm-1thread', threads: { W2: 1, P1: 1, W3: 1 } },
    };
    /** @type {import('./run.js').Row[]} */
    const rows = [];
    for (const anchor of anchors) rows.push(...(await anchorRows(anchor, peers[anchor], settings, file, selected(filter, anchor))));
    return rows;
  } catch (e) {
    return anchors.flatMap((a) => selected(filter, a).map((w) => ({ ...row(w, a), error: firstLine(e) })));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
