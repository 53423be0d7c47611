#!/usr/bin/env node
/**
 * Peak memory of `deltaprop predict` as the input grows: rows of seattle-weather's
 * columns are generated into the command's standard input (never held in memory or
 * on disk), its output is counted and dropped, and the child's resident set size is
 * read from /proc every 20 ms (Linux). If predict streams, the peak stays flat while
 * the rows grow tenfold, and the command runs with its JavaScript heap capped at 32 MB
 * (far less than the rows it reads and writes).
 *
 *   node bench/predict-memory.mjs [rows…]     (default: 100000 1000000)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '..', 'bin', 'deltaprop.js');
const seattle = path.join(here, '..', '..', '..', 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const HEAP_MB = 32;
const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);

const model = path.join(mkdtempSync(path.join(tmpdir(), 'deltaprop-predict-memory-')), 'weather.dpm');
const trained = spawnSync(process.execPath, [
  bin,
  'train',
  seattle,
  '--target',
  'weather',
  '--ignore',
  'date',
  '--layers',
  '32,16',
  '--epochs',
  '20',
  '--out',
  model,
  '--quiet',
  '--no-chart',
]);
if (trained.status !== 0) throw new Error(trained.stderr.toString());

function rssKiB(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return 0;
  }
}

async function measure(rows) {
  // The JavaScript heap is capped: a predict that kept rows would run out of it and fail.
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, bin, 'predict', model, '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssKiB(child.pid))), 20);
  let bytesOut = 0;
  let linesOut = 0;
  child.stdout.on('data', (b) => {
    bytesOut += b.length;
    for (const c of b) if (c === 10) linesOut++;
  });
  const started = performance.now();
  let bytesIn = 0;
  const write = (s) => {
    bytesIn += s.length;
    return child.stdin.write(s) ? null : new Promise((r) => child.stdin.once('drain', r));
  };
  await write('date,precipitation,temp_max,temp_min,wind\n');
  // A seeded walk through plausible weather, 1,000 rows per write.
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let r = 0; r < rows; r += 1000) {
    let text = '';
    for (let i = r; i < Math.min(rows, r + 1000); i++) {
      text += `2020-01-01,${(random() * 20).toFixed(1)},${(random() * 30).toFixed(1)},${(random() * 15 - 3).toFixed(1)},${(random() * 8).toFixed(1)}\n`;
    }
    const wait = write(text);
    if (wait) await wait;
  }
  child.stdin.end();
  const code = await new Promise((r) => child.on('close', r));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 || linesOut !== rows + 1) throw new Error(`predict exited ${code} with ${linesOut} lines for ${rows} rows`);
  return { rows, inMB: bytesIn / 1e6, outMB: bytesOut / 1e6, peakMB: peak / 1024, seconds };
}

console.log(
  `deltaprop predict, ${path.basename(model)} (4-32-16-5), rows generated into standard input, heap capped at ${HEAP_MB} MB · Node ${process.version}`,
);
console.log('rows        input MB  output MB  peak RSS MB  seconds  rows/s');
for (const rows of sizes) {
  const m = await measure(rows);
  console.log(
    `${String(m.rows).padEnd(11)} ${m.inMB.toFixed(1).padStart(8)}  ${m.outMB.toFixed(1).padStart(9)}  ${m.peakMB.toFixed(1).padStart(11)}  ${m.seconds.toFixed(1).padStart(7)}  ${Math.round(
      m.rows / m.seconds,
    )
      .toLocaleString('en')
      .padStart(6)}`,
  );
}
