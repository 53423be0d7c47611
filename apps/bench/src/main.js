#!/usr/bin/env node
/**
 * deltaprop bench: deltaprop against the libraries a user would pick instead, on
 * the same work, in one run.
 *
 *   npm run bench                      # from the repository root: the full run
 *   npm run bench -- --quick           # everything reduced, under a minute
 *   npm run bench -- --filter 'W2|deltaprop' --out /tmp/bench
 *
 * Progress goes to stderr, the markdown table to stdout, and every figure to
 * <out>/latest.json with a chart in <out>/latest.svg.
 */
import { parseArgs } from 'node:util';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';

import { full, quick } from './settings.js';
import { runAll, computeRatios } from './run.js';
import { nativeRows } from './native.js';
import { describeMachine } from './machine.js';
import { markdown, json, svg } from './report.js';
import { now } from './stats.js';
import { deltapropWasm, deltapropWasmOneThread, deltapropReference, loadDeltaprop } from './contenders/deltaprop.js';
import { tfjsWasm, tfjsCpu, tfjsWasmFlavour } from './contenders/tfjs.js';
import brain from './contenders/brain.js';
import synaptic from './contenders/synaptic.js';
import convnetjs from './contenders/convnetjs.js';
import mlFnn from './contenders/ml-fnn.js';
import onnxruntime from './contenders/onnxruntime.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, '..');

const USAGE = `usage: npm run bench -- [options]

  --quick           reduced sizes, epochs and repetitions (a whole run in under a minute)
  --filter <regex>  run only the rows whose workload (W1, W2, P1, W3, matmul), contender
                    (deltaprop-wasm, tfjs-wasm, brain.js, …) or "workload/contender" matches
  --out <dir>       where latest.json and latest.svg go (default: apps/bench/results)
  --reps <n>        timed repetitions per row (default: 5, or 3 with --quick)
  -h, --help        this text
`;

/** Every contender, in table order. */
const CONTENDERS = [deltapropWasm, deltapropWasmOneThread, deltapropReference, tfjsWasm, tfjsCpu, onnxruntime, brain, synaptic, convnetjs, mlFnn];

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        filter: { type: 'string' },
        out: { type: 'string' },
        reps: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : e}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const settings = structuredClone(args.quick ? quick : full);
  if (args.reps !== undefined) {
    const n = Number(args.reps);
    if (!Number.isInteger(n) || n < 1) {
      process.stderr.write(`--reps wants a whole number ≥ 1, got "${args.reps}"\n`);
      return 2;
    }
    settings.reps = n;
  }
  let filter;
  if (args.filter !== undefined) {
    try {
      filter = new RegExp(args.filter, 'i');
    } catch (e) {
      process.stderr.write(`--filter: ${e instanceof Error ? e.message : e}\n`);
      return 2;
    }
  }
  const outDir = path.resolve(args.out ?? path.join(packageDir, 'results'));

  const machine = describeMachine();
  const started = now();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {value}/{total} | {duration_formatted} | {task}',
      hideCursor: true,
      // without a terminal (CI logs, pipes) print the bar as a line every 10 s
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 10_000,
      clearOnComplete: true,
      barsize: 30,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  const rows = await runAll({
    settings,
    contenders: CONTENDERS,
    filter,
    onProgress: ({ phase, row, total }) => {
      if (phase === 'start') bar.start(total ?? 0, 0, { task: 'starting' });
      else if (phase === 'done' || phase === 'skip') bar.update(++done);
      else if (row) bar.update(done, { task: `${row.workload} ${row.case ? `${row.case} ` : ''}${row.contender} · ${phase}` });
    },
  });
  bar.stop();
  // The native anchor (PyTorch CPU) after every JavaScript contender, with the cores to itself.
  process.stderr.write('native anchor: PyTorch CPU, if python3 has torch …\n');
  rows.push(...(await nativeRows(settings, filter)));
  computeRatios(rows);

  // What the WebAssembly engines picked, once they have loaded.
  if (rows.some((r) => r.contender.startsWith('deltaprop') && !r.error && !r.skipped)) {
    try {
      const info = (await loadDeltaprop()).kernelInfo();
      machine.deltapropKernels = `${info.engine} (simd ${info.simd ? 'yes' : 'no'}, relaxed ${info.relaxedSimd ? 'yes' : 'no'})`;
    } catch (e) {
      machine.deltapropKernels = `kernelInfo() failed: ${e instanceof Error ? e.message : e}`;
    }
  }
  if (rows.some((r) => r.contender === 'tfjs-wasm' && !r.error)) machine.tfjsWasm = await tfjsWasmFlavour();

  const durationMs = now() - started;
  const run = { rows, settings, machine, date, durationMs, filter: args.filter };
  const table = markdown(run);
  process.stdout.write(`${table}\n`);

  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'latest.json'), `${json(run)}\n`);
  await writeFile(path.join(outDir, 'latest.svg'), `${svg(run)}\n`);
  if (settings.mode === 'full' && !filter) {
    await writeFile(path.join(packageDir, 'RESULTS.md'), `${table}\n`);
  }
  process.stderr.write(`wrote ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))} and latest.svg in ${(durationMs / 1000).toFixed(1)} s\n`);
  const failed = rows.filter((r) => r.error);
  for (const r of failed) process.stderr.write(`failed: ${r.workload} ${r.case ?? ''} ${r.contender}: ${r.error}\n`);
  return failed.length ? 1 : 0;
}

process.exitCode = await main();
