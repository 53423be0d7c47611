// Training on data larger than memory: generates ≥ 2 GiB of CSV text on the fly (never
// held whole), parses and encodes it in chunks with csvChunks (deltaprop/data) and
// trains one epoch on it with net.train(chunks). Prints the rows per second, the time
// split between producing chunks (parsing and encoding) and training, and the peak
// memory: the process's resident set and the WebAssembly memory.
// Run from packages/deltaprop after a build: node bench/stream.mjs [GiB, default 2]
import { Network, Encoder } from 'deltaprop';
import { csvChunks, readCSV } from 'deltaprop/data';

const GiB = Number(process.argv[2] ?? 2);
const target = GiB * 1024 ** 3;
const FEATURES = 8;
const kinds = ['alpha', 'beta', 'gamma'];
const header = [...Array.from({ length: FEATURES }, (_, j) => `f${j + 1}`), 'kind', 'label'].join(',') + '\n';

/** Mulberry32, so that every run writes the same text. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The text of every value −5.000 … 4.999, made once: writing the rows is then lookups
// and concatenation (formatting numbers took longer than parsing them back).
const text = Array.from({ length: 10_000 }, (_, i) => String((i - 5000) / 1000));

/** One row: eight features in [−5, 5), a category, and a label that depends on both. */
function row(next) {
  let line = '';
  let score = 0;
  for (let j = 0; j < FEATURES; j++) {
    const i = Math.floor(next() * 10_000);
    line += text[i] + ',';
    if (j < 3) score += ((i - 5000) / 1000) * [1, 0.5, -1][j];
  }
  const k = Math.floor(next() * 3);
  score += (k - 1) * 2;
  return `${line}${kinds[k]},${score < -2 ? 'low' : score < 2 ? 'mid' : 'high'}\n`;
}

let generated = 0;
/** `bytes` of CSV text (or `rows` rows) in chunks of about 1 MiB, as a file stream would give them. */
async function* csvText({ bytes = Infinity, rows = Infinity, seed = 1 }) {
  const next = random(seed);
  let chunk = header;
  let written = 0;
  let n = 0;
  while (written < bytes && n < rows) {
    chunk += row(next);
    n += 1;
    if (chunk.length >= 1 << 20) {
      written += chunk.length;
      if (bytes !== Infinity) generated += chunk.length;
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) {
    if (bytes !== Infinity) generated += chunk.length;
    yield chunk;
  }
}

// The encoder's statistics from a sample; a fresh stream (another seed) for the held-out figures.
const sample = await readCSV(csvText({ rows: 20_000, seed: 2 }), { target: 'label' });
const encoder = Encoder.fit(sample);
const net = await Network.create({
  layers: [encoder.inputs, 32, encoder.outputs],
  activation: ['relu', 'softmax'],
  loss: 'cross-entropy',
  preprocessing: encoder,
  seed: 1,
});

let peakRss = 0;
let rows = 0;
let producing = 0;
const chunks = csvChunks(csvText({ bytes: target, seed: 1 }), { encoder, chunkRows: 20_000 });
/** The chunks, timing how long each takes to arrive (parsing and encoding). */
async function* timed() {
  const it = chunks[Symbol.asyncIterator]();
  for (;;) {
    const t0 = performance.now();
    const { done, value } = await it.next();
    producing += performance.now() - t0;
    if (done) return;
    rows += value.inputs.rows;
    yield value;
  }
}

let lastReport = performance.now();
const started = performance.now();
const cpuStart = process.cpuUsage();
const history = await net.train(timed(), {
  batchSize: 256,
  optimizer: 'adam',
  learningRate: 0.002,
  onBatchEnd: (info) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      console.log(`  ${(generated / 1024 ** 3).toFixed(2)} GiB read, loss ${info.loss.toFixed(4)}, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const held = encoder.transform(await readCSV(csvText({ rows: 20_000, seed: 3 }), { target: 'label' }));
const report = net.evaluate(held.inputs, held.targets);
const { linear } = net.memory();
const { maxRSS } = process.resourceUsage();
const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;
console.log(
  `CSV text generated and read: ${(generated / 1024 ** 3).toFixed(3)} GiB (${generated} bytes), ${rows} rows in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds)} rows/s`,
);
console.log(
  `CPU time of this process: ${cpuSeconds.toFixed(1)} s (${Math.round(rows / cpuSeconds)} rows per CPU second; wall time is longer when the cores are shared)`,
);
console.log(`loss of the epoch: ${history.loss[0].toFixed(4)}; held-out accuracy on 20,000 fresh rows: ${(report.accuracy * 100).toFixed(1)} %`);
console.log(
  `time producing chunks (generation, parsing, encoding): ${(producing / 1000).toFixed(1)} s; training and the rest: ${(seconds - producing / 1000).toFixed(1)} s`,
);
console.log(`peak RSS: ${mb(Math.max(peakRss, maxRSS * 1024))} (process.resourceUsage maxRSS ${mb(maxRSS * 1024)}); WebAssembly memory: ${mb(linear)}`);
