#!/usr/bin/env node
/**
 * deltaprop bench: deltaprop against the libraries a user would pick instead, on
 * the same work, in one run.
 *
 *   npm run bench                      # from the repository root: the full run
 *   npm run bench -- --quick           # everything reduced, under a minute
 *   npm run bench -- --filter 'W2|deltaprop' --out /tmp/bench
 *   npm run bench -- --browser         # the same workloads in Chromium (src/browser/)
 *
 * Progress goes to stderr, the markdown table to stdout, and every figure to
 * <out>/latest.json with a chart in <out>/latest.svg (latest-browser.json and
 * latest-browser.svg for the browser run).
 */
import { parseArgs } from 'node:util';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';

import { full, quick } from './settings.js';
import { runAll, computeRatios } from './run.js';
import { nativeRows, nativeSkipped } from './native.js';
import { describeMachine } from './host.js';
import { describeEngines } from './engines.js';
import { digits } from './mnist.js';
import { markdown, json, svg } from './report.js';
import { now } from './stats.js';
import { CONTENDERS } from './contenders/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, '..');

const USAGE = `usage: npm run bench -- [options]

  --quick           reduced sizes, epochs and repetitions (a whole run in under a minute)
  --filter <regex>  run only the rows whose workload (W1, W2, P1, W3, matmul), contender
                    (deltaprop-wasm, tfjs-wasm, brain.js, …) or "workload/contender" matches
  --out <dir>       where latest.json and latest.svg go (default: apps/bench/results)
  --reps <n>        timed repetitions per row (default: 5, or 3 with --quick)
  --browser         run the workloads in Chromium (headless, cross-origin isolated page)
                    instead of Node; results in <out>/latest-browser.json and .svg
  -h, --help        this text
`;

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        filter: { type: 'string' },
        out: { type: 'string' },
        reps: { type: 'string' },
        browser: { type: 'boolean', default: false },
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
  /** @param {{ phase: string, row?: { workload: string, case?: string, contender: string }, total?: number }} event */
  const onProgress = ({ phase, row, total }) => {
    if (phase === 'start') bar.start(total ?? 0, 0, { task: 'starting' });
    else if (phase === 'done' || phase === 'skip') bar.update(++done);
    else if (row) bar.update(done, { task: `${row.workload} ${row.case ? `${row.case} ` : ''}${row.contender} · ${phase}` });
  };
  /** @type {import('./run.js').Row[]} */
  let rows;
  if (args.browser) {
    // The driver (playwright-core, vite) loads only for this run: the Node run needs neither.
    const { runInBrowser } = await import('./browser/driver.js');
    let result;
    try {
      result = await runInBrowser({ settings, filter: args.filter, onProgress, log: (line) => process.stderr.write(`${line}\n`) });
    } catch (e) {
      bar.stop();
      // No browser: the one line that says what to install, not a stack trace.
      if (e instanceof Error && e.name === 'ChromiumNotFound') {
        process.stderr.write(`${e.message}\n`);
        return 2;
      }
      throw e;
    }
    bar.stop();
    rows = result.rows;
    Object.assign(machine, result.machine);
    // Native code has no place in a page; its row says where it runs.
    rows.push(...nativeSkipped(filter, 'native code: it runs in the Node bench (`npm run bench`), not in a page'));
  } else {
    rows = await runAll({ settings, contenders: CONTENDERS, digits, filter, onProgress });
    bar.stop();
    // The native anchor (PyTorch CPU) after every JavaScript contender, with the cores to itself.
    process.stderr.write(`native anchor: PyTorch CPU, if ${process.env.PYTHON || 'python3'} has torch …\n`);
    rows.push(...(await nativeRows(settings, filter)));
    // What the WebAssembly engines picked, once they have loaded.
    const { deltapropKernels, tfjsWasm } = await describeEngines(rows, CONTENDERS);
    Object.assign(machine, deltapropKernels ? { deltapropKernels } : {}, tfjsWasm ? { tfjsWasm } : {});
  }
  computeRatios(rows);

  const durationMs = now() - started;
  const run = { rows, settings, machine, date, durationMs, filter: args.filter };
  const table = markdown(run);
  process.stdout.write(`${table}\n`);

  const name = args.browser ? 'latest-browser' : 'latest';
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, `${name}.json`), `${json(run)}\n`);
  await writeFile(path.join(outDir, `${name}.svg`), `${svg(run)}\n`);
  if (settings.mode === 'full' && !filter) {
    await writeFile(path.join(packageDir, args.browser ? 'RESULTS-browser.md' : 'RESULTS.md'), `${table}\n`);
  }
  process.stderr.write(`wrote ${path.relative(process.cwd(), path.join(outDir, `${name}.json`))} and ${name}.svg in ${(durationMs / 1000).toFixed(1)} s\n`);
  const failed = rows.filter((r) => r.error);
  for (const r of failed) process.stderr.write(`failed: ${r.workload} ${r.case ?? ''} ${r.contender}: ${r.error}\n`);
  return failed.length ? 1 : 0;
}

process.exitCode = await main();
