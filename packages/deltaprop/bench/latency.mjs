// Prediction latency on the W2 network (784-128-64-10, relu/relu/softmax), one thread:
// µs per call and per row at 1, 8 and 64 rows per call, for
//   deltaprop predict          net.predict(...) (checks, copies and allocates per call)
//   deltaprop predictor        net.predictor().run(input, output) (the fast path)
//   toFunction                 the standalone export, one row per call (and as 0.1.0 made it)
//   onnxruntime-web            the same network as deltaprop's own ONNX export (toONNX: a
//                              Gemm per layer), wasm execution provider, one thread
// on two kinds of rows: held-out handwritten digits of the `mnist` package (what the
// network is for: about three quarters of a digit's pixels are zero, and deltaprop skips
// the rows of W that a zero input would multiply) and dense rows (no input is zero: the
// arithmetic's worst case),
// and, with --batch, GFLOP/s of predict on 2,000 rows against the forward products'
// own GFLOP/s at the same shapes, on one and two threads.
//
// Run from packages/deltaprop: node bench/latency.mjs [--batch] [--rounds 30] [--before DIR]
// --before: the built package (its dist/node.js) of an earlier deltaprop, timed in the
// same process for before/after figures (DIR/dist from that commit's `npm run build`, and
// DIR/node_modules/@deltaprop/kernels holding that commit's built kernels, so that the
// earlier package finds its own kernels rather than this checkout's).
// The machine is shared and noisy: contenders run in alternation, in short windows
// of CPU time (`rounds` windows each), and a figure is the best window's mean: what
// the code does when it has a core; compare numbers from one invocation only.
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import * as ort from 'onnxruntime-web';
import { Network, createMatmulProbe, kernelInfo } from 'deltaprop';
import { toONNX } from 'deltaprop/interop';
import { digits } from './digits.mjs';

const { values: args } = parseArgs({
  options: { batch: { type: 'boolean', default: false }, rounds: { type: 'string', default: '30' }, before: { type: 'string' } },
});
const ROUNDS = Number(args.rounds);
const LAYERS = [784, 128, 64, 10];
const ACTIVATION = ['relu', 'relu', 'softmax'];
const best = (xs) => Math.min(...xs);

/**
 * toFunction as deltaprop 0.1.0 made it (code generated with new Function, arrays of
 * numbers, a closure call per neuron), kept here for the before/after figure.
 */
function toFunctionBefore({ layers, activation, weights, biases }) {
  const F = { linear: 'u', sigmoid: '1 / (1 + Math.exp(-u))', tanh: 'Math.tanh(u)', relu: 'u > 0 ? u : 0', 'leaky-relu': 'u > 0 ? u : 0.01 * u' };
  const data = (arrays) => `[${arrays.map((a) => `new Float32Array([${Array.from(a).join(',')}])`).join(',\n  ')}]`;
  const acts = activation.map((a) => (a === 'softmax' ? 'null' : `(u) => ${F[a]}`));
  return new Function(`const S = ${JSON.stringify(layers)};
const W = ${data(weights)};
const B = ${data(biases)};
const F = [${acts.join(', ')}];
return function predict(input) {
  if (input.length !== S[0]) throw new Error('expected ' + S[0] + ' inputs, got ' + input.length);
  let t = Array.from(input);
  for (let l = 0; l < W.length; l++) {
    const n = S[l + 1], w = W[l], u = Array.from(B[l]);
    for (let i = 0; i < t.length; i++) for (let j = 0; j < n; j++) u[j] += t[i] * w[i * n + j];
    if (F[l]) t = u.map(F[l]);
    else { const m = Math.max(...u), e = u.map((v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0); t = e.map((v) => v / s); }
  }
  return t;
};`)();
}

/**
 * Mean µs per call of `fn` over as many calls as fill `ms` ms of this process's CPU
 * time. CPU time, not wall time: with eight engineers' jobs on two cores, a wall-clock
 * window mostly measures how long the scheduler kept us waiting.
 */
async function time(fn, ms = 5) {
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let calls = 0;
  const t0 = cpu();
  let t = t0;
  while (t - t0 < ms) {
    await fn();
    calls++;
    if ((calls & 3) === 0) t = cpu();
  }
  return ((cpu() - t0) * 1000) / calls;
}

const heldOut = digits(0, 64).test.inputs.data;
/** n rows of the given kind: held-out digits, or dense values in [0.001, 1) (none zero). */
function rowsOf(n, kind = 'dense') {
  if (kind === 'digits') return heldOut.slice(0, n * LAYERS[0]);
  const data = new Float32Array(n * LAYERS[0]);
  for (let i = 0; i < data.length; i++) data[i] = (((i * 2654435761) % 999) + 1) / 1000;
  return data;
}

const net = await Network.create({ layers: LAYERS, activation: ACTIVATION, loss: 'cross-entropy', seed: 7, threads: 1 });
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(toONNX(net));
const standalone = net.toFunction();
const standaloneBefore = toFunctionBefore({ layers: LAYERS, activation: ACTIVATION, ...net.getParameters() });
const predictor = typeof net.predictor === 'function' ? net.predictor() : null;
// The same weights in the earlier build, if given.
let earlier = null;
if (args.before) {
  const { pathToFileURL } = await import('node:url');
  const { resolve } = await import('node:path');
  const old = await import(pathToFileURL(resolve(args.before, 'dist', 'node.js')).href);
  earlier = await old.Network.fromJSON(net.toJSON(), { threads: 1 });
}

console.log(
  `${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, deltaprop ${kernelInfo().engine}, onnxruntime-web ${ort.env.versions?.web ?? '?'} (wasm, 1 thread)`,
);

// Agreement first: every contender gives the same outputs.
{
  const x = rowsOf(8, 'digits');
  const ours = net.predict({ data: x, rows: 8 }).data;
  const theirs = (await session.run({ input: new ort.Tensor('float32', x, [8, LAYERS[0]]) })).output.data;
  const fn = standalone(x.subarray(0, LAYERS[0]));
  const before = standaloneBefore(x.subarray(0, LAYERS[0]));
  const diff = Math.max(
    ...ours.map((v, i) => Math.abs(v - theirs[i])),
    ...fn.map((v, i) => Math.abs(v - ours[i])),
    ...before.map((v, i) => Math.abs(v - ours[i])),
  );
  let fast = 0;
  if (predictor) {
    const out = new Float32Array(8 * 10);
    predictor.run(x, out);
    fast = Math.max(...out.map((v, i) => Math.abs(v - ours[i])));
  }
  console.log(`largest difference between contenders' outputs: ${Math.max(diff, fast).toExponential(1)}\n`);
}

const contenders = {
  ...(earlier ? { 'deltaprop predict (--before build)': (x, rows) => () => earlier.predict(rows === 1 ? x : { data: x, rows }) } : {}),
  ...(earlier?.predictor
    ? {
        'deltaprop predictor (--before build)': (x, rows) => {
          const out = new Float32Array(rows * LAYERS.at(-1));
          const p = earlier.predictor();
          return () => p.run(x, out);
        },
      }
    : {}),
  'deltaprop predict': (x, rows) => () => net.predict(rows === 1 ? x : { data: x, rows }),
  ...(predictor
    ? {
        'deltaprop predictor': (x, rows) => {
          const out = new Float32Array(rows * LAYERS.at(-1));
          return () => predictor.run(x, out);
        },
      }
    : {}),
  'onnxruntime-web': (x, rows) => async () => (await session.run({ input: new ort.Tensor('float32', x, [rows, LAYERS[0]]) })).output.data,
};
// The standalone function takes one row per call: timed at 1 row only.
const standalones = {
  ...(earlier ? { 'toFunction (--before build)': earlier.toFunction() } : {}),
  'toFunction before (0.1.0)': standaloneBefore,
  toFunction: standalone,
};

const sizes = [1, 8, 64];
const kinds = ['digits', 'dense'];
const results = {};
/** Adds one window's µs per call to results[kind][name][rows]. */
const record = (kind, name, rows, us) => {
  results[kind] ??= {};
  results[kind][name] ??= {};
  results[kind][name][rows] ??= [];
  results[kind][name][rows].push(us);
};
// Warm-up: V8 compiles WebAssembly lazily and tiers hot functions up from its baseline
// compiler later; onnxruntime-web's large module needs a few hundred milliseconds of
// calls before its figures settle (its first windows are 2–3× slower).
for (const rows of sizes) {
  for (const make of Object.values(contenders)) await time(make(rowsOf(rows, 'digits'), rows), 300);
}
for (const kind of kinds) {
  for (const rows of sizes) {
    const x = rowsOf(rows, kind);
    const fns = Object.fromEntries(Object.entries(contenders).map(([name, make]) => [name, make(x, rows)]));
    for (const fn of Object.values(fns)) await time(fn, 30); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, fn] of Object.entries(fns)) record(kind, name, rows, await time(fn));
    }
  }
  // The standalone functions, before and after, in an alternation of their own.
  const x = rowsOf(1, kind);
  for (const fn of Object.values(standalones)) await time(() => fn(x), 30);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(standalones)) record(kind, name, 1, await time(() => fn(x)));
  }
}

for (const kind of kinds) {
  const byName = results[kind];
  console.log(`\n${kind === 'digits' ? 'Held-out digits' : 'Dense rows (no input zero)'}:\n`);
  console.log(`| µs per call (per row) | ${sizes.map((n) => `${n} row${n > 1 ? 's' : ''}`).join(' | ')} |`);
  console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
  for (const [name, byRows] of Object.entries(byName)) {
    console.log(`| ${name} | ${sizes.map((n) => (byRows[n] ? `${best(byRows[n]).toFixed(1)} (${(best(byRows[n]) / n).toFixed(2)})` : '')).join(' | ')} |`);
  }
  const ort1 = byName['onnxruntime-web'];
  for (const name of Object.keys(byName).filter((n) => n.startsWith('deltaprop'))) {
    console.log(`${name} vs onnxruntime-web: ${sizes.map((n) => `${(best(ort1[n]) / best(byName[name][n])).toFixed(2)}× at ${n}`).join(', ')}`);
  }
  console.log(`toFunction: ${(best(byName['toFunction before (0.1.0)'][1]) / best(byName.toFunction[1])).toFixed(2)}× as fast as 0.1.0's`);
}

if (args.batch) {
  // Large batches: predict's GFLOP/s against the forward products T·W alone at the same
  // shapes. One thread in CPU time, as above; two threads in wall time (CPU time would
  // add both threads' time), against the products run on two threads at once, each on
  // half the rows in a worker of its own (bench/products-thread.mjs), as predict splits them.
  const N = 2000;
  const flops = 2 * N * (784 * 128 + 128 * 64 + 64 * 10);
  const x = { data: rowsOf(N), rows: N };
  const nets = { 1: net, 2: await Network.create({ layers: LAYERS, activation: ACTIVATION, loss: 'cross-entropy', seed: 7, threads: 2 }) };
  const probes = [];
  for (let l = 0; l < 3; l++) probes.push(await createMatmulProbe('nn', N, LAYERS[l], LAYERS[l + 1]));
  const gemmOnly = () => {
    for (const p of probes) p.run();
  };
  const wall = async (fn, ms = 30) => {
    let calls = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      await fn();
      calls++;
    }
    return ((performance.now() - t0) * 1000) / calls;
  };
  const { Worker } = await import('node:worker_threads');
  const halves = [N / 2, N / 2].map((rows) => new Worker(new URL('./products-thread.mjs', import.meta.url), { workerData: { rows, layers: LAYERS } }));
  const reply = (w) => new Promise((resolve) => w.once('message', resolve));
  await Promise.all(halves.map(reply));
  /** µs per call of the products on two threads: both halves started together, `calls` calls each. */
  const gemmTwo = async (calls = 10) => {
    const t0 = performance.now();
    const done = halves.map(reply);
    for (const w of halves) w.postMessage({ calls });
    await Promise.all(done);
    return ((performance.now() - t0) * 1000) / calls;
  };
  const t = { gemm: [], 1: [], before: [], gemmWall: [], gemm2: [], 1.5: [], 2: [] };
  for (let round = 0; round < ROUNDS; round++) {
    t.gemm.push(await time(gemmOnly, 30));
    t[1].push(await time(() => nets[1].predict(x), 30));
    if (earlier) t.before.push(await time(() => earlier.predict(x), 30));
    t.gemmWall.push(await wall(gemmOnly));
    t[1.5].push(await wall(() => nets[1].predict(x)));
    t[2].push(await wall(() => nets[2].predict(x)));
    t.gemm2.push(await gemmTwo());
  }
  for (const w of halves) await w.terminate();
  const g = (us) => flops / (us * 1e3);
  const [products, one] = [g(best(t.gemm)), g(best(t[1]))];
  const [productsWall, oneWall, two, productsTwo] = [g(best(t.gemmWall)), g(best(t[1.5])), g(best(t[2])), g(best(t.gemm2))];
  console.log(`\nW2 predict, ${N} rows (products: ${N}×784×128, ${N}×128×64, ${N}×64×10), GFLOP/s:`);
  console.log(
    `  1 thread, CPU time:  products alone ${products.toFixed(1)}, predict ${one.toFixed(1)} (${((one / products) * 100).toFixed(0)} % of the products)` +
      (earlier ? `; the --before build's predict ${g(best(t.before)).toFixed(1)} (${((g(best(t.before)) / products) * 100).toFixed(0)} %)` : ''),
  );
  console.log(
    `  wall time:           products alone ${productsWall.toFixed(1)} (1 thread), predict ${oneWall.toFixed(1)} on 1 thread (${((oneWall / productsWall) * 100).toFixed(0)} %),` +
      ` ${two.toFixed(1)} on ${nets[2].threads} threads (${(two / oneWall).toFixed(2)}× one thread)`,
  );
  console.log(
    `  2 threads, wall time: products alone ${productsTwo.toFixed(1)}, predict ${two.toFixed(1)} (${((two / productsTwo) * 100).toFixed(0)} % of the products)`,
  );
}
