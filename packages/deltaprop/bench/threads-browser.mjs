// Data-parallel training in Chromium and in Node: samples/s with 1 and 2 threads on
// W2 (784-128-64-10, batch 32, SGD at 0.1, 8,000 MNIST digits) and W3
// (1024-1024-1024-10, batch 256, SGD at 0.01, 1,024 rows), in alternation, round
// after round, on the caller's thread and led from a worker. Prints each round's
// figures and two-thread/one-thread ratio, then the medians. The page is served
// cross-origin isolated (COOP same-origin, COEP require-corp) from the built dist/,
// through an import map, as a page without a bundler loads deltaprop.
//
//   node bench/threads-browser.mjs [--rounds 5] [--only chromium|node] [--workloads W2,W3]
//                                  [--modes train,trainInWorker] [--epochs N] [--verbose] [--dist DIR]
//                                  [--kernels DIR] [--cpu]
//
// --dist measures another build of the package (its dist/ folder, e.g. from a checkout
// of an earlier commit) in the page and in Node, for a before/after comparison;
// --kernels serves the page another build of the kernels (their dist/ folder).
//
// A measurement is `epochs` epochs (W2: 4, W3: 3; half a second to a second on one
// thread here). A round measures 1, 2, 2 and 1 threads (2, 1, 1, 2 every other round)
// and takes each one's samples/s over its two measurements: a drift in the machine's
// speed during the round then weighs on both alike. (On this 2-core machine the
// kernels' product alone, idle otherwise, runs between 17 and 25 GFLOP/s from one
// tenth of a second to the next, and the same W2 training on one thread took from 448
// to 660 ms run after run: measured one after the other, 1 and 2 threads drift apart.)
// Modes: `train` times whole train() calls on the page's main thread (Node's main
// thread); `trainPerEpoch` is train() with onEpochEnd (one kernel call per epoch) and
// `trainInWorker` trains in a worker, both timed between the first and the last
// onEpochEnd (start-up is left out); `independent` is the machine's ceiling for any
// team: two one-thread trainings at once in two workers, sharing nothing, their
// samples/s together over one's alone.
//
// Each round notes how much CPU other processes took meanwhile (Linux: /proc/stat less
// this process tree); a round where they took more than 0.15 of a core is measured
// again (up to 4 times), since on a machine of 2 cores such a round says nothing about
// two threads.
//
// --cpu (Linux) prints, for every measurement, where the CPU time went meanwhile: the
// two busiest threads of this process tree (the team's, or the one thread and the
// busiest other) as a share of the wall time, and all its other threads together
// (Chromium's other processes, Node's own); and, timed just before it, how long a
// cache line takes to go from one core to the other and back (two threads of Node
// passing a counter for 40 ms). Mode `train` only: the workers of the other modes end
// with their call, and a thread that has ended is no longer in /proc to be counted.
// On the 2-core virtual machine measured, that round trip moves between three levels,
// each held for seconds (where the host runs the two cores): about 90 ns, where two
// threads trained W2 exactly as fast as one (what two hardware threads of one physical
// core would give: its caches are shared, its arithmetic units too); 130–300 ns, where
// they mostly gained 1.4–1.8×; and 450–570 ns, where a W2 team's calls took a third
// longer than at 130 ns (it hands W's updated rows from core to core every batch), while
// one thread's calls did not change.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { digits } from './digits.mjs';
import { IMPORT_MAP, openIsolated, packageRoots } from './page.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    only: { type: 'string' },
    workloads: { type: 'string', default: 'W2,W3' },
    modes: { type: 'string', default: 'train,trainInWorker' },
    epochs: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    dist: { type: 'string' },
    kernels: { type: 'string' },
    cpu: { type: 'boolean', default: false },
  },
  strict: true,
});
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${args.rounds}: a whole number ≥ 1`);
if (args.cpu && !existsSync('/proc/self/task')) throw new Error('--cpu reads /proc: Linux only');
if (args.cpu && args.modes !== 'train') throw new Error('--cpu: with --modes train only (the other modes end their workers with each call)');
if (args.only && !['chromium', 'node'].includes(args.only)) throw new Error(`--only ${args.only}: chromium or node`);
const modes = args.modes.split(',');
for (const m of modes) if (!['train', 'trainPerEpoch', 'trainInWorker', 'independent'].includes(m)) throw new Error(`--modes: unknown mode ${m}`);

// ── the data: W2 on real digits, W3 on a fixed pattern (its speed does not depend on the values)
const mnist = digits(8000, 0).train;
function pattern(rows, inputs, classes) {
  const x = new Float32Array(rows * inputs).map((_, i) => ((i * 2654435761) % 1000) / 1000);
  const y = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) y[r * classes + (r % classes)] = 1;
  return { x, y, rows };
}
const all = {
  W2: { layers: [784, 128, 64, 10], batchSize: 32, learningRate: 0.1, x: mnist.inputs.data, y: mnist.targets.data, rows: 8000, epochs: 4 },
  W3: { layers: [1024, 1024, 1024, 10], batchSize: 256, learningRate: 0.01, ...pattern(1024, 1024, 10), epochs: 3 },
};
const epochs = args.epochs === undefined ? undefined : Number(args.epochs);
if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 2)) throw new Error(`--epochs ${args.epochs}: a whole number ≥ 2`);
const workloads = args.workloads.split(',').map((name) => {
  if (!all[name]) throw new Error(`--workloads: unknown workload ${name}`);
  return { name, ...all[name], ...(epochs ? { epochs } : {}), verbose: args.verbose };
});

// ── one round of one workload, the same code in the page and in Node
// (a function's source is sent to the page: it must not close over anything)
async function setUp(Network, w) {
  const activation = [...w.layers.slice(2).map(() => 'relu'), 'softmax'];
  const nets = {};
  for (const threads of [1, 2]) nets[threads] = await Network.create({ layers: w.layers, activation, loss: 'cross-entropy', seed: 1, threads });
  nets.other = await Network.create({ layers: w.layers, activation, loss: 'cross-entropy', seed: 2, threads: 1 });
  return nets;
}
async function measure(nets, w, threads, mode) {
  const net = nets[threads];
  const x = { data: w.x, rows: w.rows };
  const y = { data: w.y, rows: w.rows };
  const options = { epochs: w.epochs, batchSize: w.batchSize, learningRate: w.learningRate, optimizer: 'sgd', shuffle: false };
  if (mode === 'train') {
    const t0 = performance.now();
    await net.train(x, y, options);
    return (w.epochs * w.rows * 1000) / (performance.now() - t0);
  }
  const ends = [];
  if (mode === 'independent') {
    // What two cores give at most: two one-thread trainings at once, each in its own
    // worker, nothing shared (no barrier); "2 threads" is their samples/s together.
    const inWorker = async (n) => {
      const at = [];
      await n.trainInWorker(x, y, { ...options, onEpochEnd: () => at.push(performance.now()) });
      return at;
    };
    const runs = await Promise.all(threads === 2 ? [inWorker(nets[1]), inWorker(nets.other)] : [inWorker(nets[1])]);
    // Each timed from its first epoch's end to its last (the two start together).
    return runs.reduce((sum, at) => sum + ((w.epochs - 1) * w.rows * 1000) / (at[w.epochs - 1] - at[0]), 0);
  }
  if (mode === 'trainPerEpoch') {
    await net.train(x, y, { ...options, onEpochEnd: () => ends.push(performance.now()) });
    return ((w.epochs - 1) * w.rows * 1000) / (ends[w.epochs - 1] - ends[0]);
  }
  await net.trainInWorker(x, y, { ...options, onEpochEnd: () => ends.push(performance.now()) });
  if (w.verbose) console.log(`threads ${net.threads}: epochs end at ${ends.map((t) => (t - ends[0]).toFixed(0)).join(' ')} ms`);
  return ((w.epochs - 1) * w.rows * 1000) / (ends[w.epochs - 1] - ends[0]);
}

// ── the page
const roots = packageRoots({ dist: args.dist, kernels: args.kernels });
const page = `<!doctype html>
${IMPORT_MAP}
<script type="module">
import { Network } from 'deltaprop';
const setUp = ${setUp.toString()};
const measure = ${measure.toString()};
const nets = {};
window.prepare = async (w) => {
  const [x, y] = await Promise.all(['x', 'y'].map(async (part) => new Float32Array(await (await fetch('/data/' + w.name + '.' + part)).arrayBuffer())));
  Object.assign(w, { x, y });
  nets[w.name] = { w, nets: await setUp(Network, w) };
  return { threads: nets[w.name].nets[2].threads, engine: nets[w.name].nets[1].engine };
};
window.measure = (name, threads, mode) => measure(nets[name].nets, nets[name].w, threads, mode);
window.ready = true;
</script>`;
/** /data/W2.x and the like: a workload's inputs or targets, as float32. */
function data(url) {
  const [, top, file = ''] = url.split('/');
  const [name, part] = file.split('.');
  const w = workloads.find((v) => v.name === name);
  if (top !== 'data' || !w || !['x', 'y'].includes(part)) return undefined;
  const a = w[part];
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

// ── what else ran meanwhile (Linux): the machine's busy CPU time from /proc/stat less that
// of this process and its descendants (Chromium's processes), in cores over a round
const TICK = 100; // USER_HZ: jiffies per second
/** A /proc stat file's fields from the state on (after the command's name); null once it is gone. */
function statFields(file) {
  try {
    const stat = readFileSync(file, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
/** CPU time (user + system, in ticks) of a stat file's fields. */
const ticksOf = (fields) => Number(fields[11]) + Number(fields[12]);
/** This process and its descendants (Chromium's processes): their stat fields by pid. */
function processTree() {
  const all = new Map();
  for (const name of readdirSync('/proc')) {
    const fields = /^\d+$/.test(name) ? statFields(`/proc/${name}/stat`) : null;
    if (fields) all.set(Number(name), fields);
  }
  const tree = new Map();
  for (const [pid, fields] of all) {
    let p = pid;
    while (p > 1 && p !== process.pid) p = Number(all.get(p)?.[1] ?? 0);
    if (p === process.pid) tree.set(pid, fields);
  }
  return tree;
}
function cpuNow() {
  if (!existsSync('/proc/stat')) return null;
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const busy = fields.reduce((a, b) => a + b, 0) - fields[3] - fields[4]; // all but idle and iowait
  let mine = 0;
  for (const f of processTree().values()) mine += ticksOf(f);
  return { busy, mine, at: performance.now() };
}
/** Cores other processes kept busy since snapshot `a` (NaN without /proc). */
function othersSince(a) {
  const b = cpuNow();
  if (!a || !b) return Number.NaN;
  return Math.max(0, (b.busy - a.busy - (b.mine - a.mine)) / TICK / ((b.at - a.at) / 1000));
}

/** CPU time (ms) of every thread of this process and its descendants (Linux), by process/thread id. */
function threadTimes() {
  const threads = new Map();
  for (const pid of processTree().keys()) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      // gone meanwhile
    }
    for (const tid of tids) {
      const fields = statFields(`/proc/${pid}/task/${tid}/stat`);
      if (fields) threads.set(`${pid}/${tid}`, (ticksOf(fields) * 1000) / TICK);
    }
  }
  return threads;
}
/** Where the CPU time went between two threadTimes() snapshots over `ms` of wall time. */
function cpuShares(a, b, ms) {
  const spent = [...b].map(([id, t]) => t - (a.get(id) ?? 0)).sort((x, y) => y - x);
  const rest = spent.slice(2).reduce((sum, t) => sum + t, 0);
  const pct = (t = 0) => `${Math.min(100, (t / ms) * 100).toFixed(0)} %`;
  return `${ms.toFixed(0)} ms; busiest threads ${pct(spent[0])} and ${pct(spent[1])} of it on a core, the tree's other threads ${rest.toFixed(0)} ms`;
}

/**
 * ns for a cache line to go from one core to the other and back, over `ms` of passing a
 * counter between this thread and a worker (Int32Array words 0: ping, 16: pong, on
 * lines of their own; 32: the worker's state, 1 while it answers; 40: 1 once it runs).
 * The worker sleeps in Atomics.wait between calls, so that it takes no core from what
 * is measured.
 */
const link = new Int32Array(new SharedArrayBuffer(192));
let linkStarted = false;
function roundTrip(ms = 40) {
  if (!linkStarted) {
    linkStarted = true;
    new Worker(
      `const { workerData: a } = require('node:worker_threads');
    Atomics.store(a, 40, 1);
    for (;;) {
      Atomics.wait(a, 32, 0);
      for (let v; (v = Atomics.load(a, 0)) !== -1; ) if (v !== Atomics.load(a, 16)) Atomics.store(a, 16, v);
      Atomics.store(a, 16, 0);
      Atomics.store(a, 32, 0);
    }`,
      { eval: true, workerData: link },
    ).unref();
    while (Atomics.load(link, 40) !== 1) {} // started
  }
  Atomics.store(link, 0, 0);
  Atomics.store(link, 32, 1);
  Atomics.notify(link, 32);
  let v = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 64; i++) {
      Atomics.store(link, 0, ++v);
      while (Atomics.load(link, 16) !== v) {}
    }
  }
  const ns = ((performance.now() - t0) * 1e6) / v;
  Atomics.store(link, 0, -1);
  while (Atomics.load(link, 32) !== 0) {}
  return ns;
}

const DISTURBED = 0.15;
const RETRIES = 4;

// ── the rounds
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (v) => `${(v / 1000).toFixed(1)}k`;

/** Runs every round for one place (`run(name, threads, mode)` → samples/s) and prints the table. */
async function rounds_(place, run, threads2) {
  for (const w of workloads) {
    for (const mode of modes) {
      const ratios = [];
      const one = [];
      const two = [];
      await run(w.name, 1, mode); // warm-up: compilation, team start, memory growth
      await run(w.name, 2, mode);
      for (let r = 0; r < rounds; r++) {
        // 1, 2, 2, 1 (or 2, 1, 1, 2): a steady drift in the machine's speed favours neither.
        const order = r % 2 ? [2, 1, 1, 2] : [1, 2, 2, 1];
        let s;
        let others;
        let tries = 0;
        do {
          const seconds = { 1: 0, 2: 0 }; // per sample, summed over the two measurements
          const before = cpuNow();
          for (const t of order) {
            const cpu = args.cpu ? { link: roundTrip(), at: performance.now(), threads: threadTimes() } : null;
            const speed = await run(w.name, t, mode);
            seconds[t] += 1 / speed;
            if (cpu)
              console.log(
                `  ${t} thread${t > 1 ? 's' : ''} ${fmt(speed)} samples/s: ${cpuShares(cpu.threads, threadTimes(), performance.now() - cpu.at)}; a cache line's round trip between the cores just before, ${cpu.link.toFixed(0)} ns`,
              );
          }
          s = { 1: 2 / seconds[1], 2: 2 / seconds[2] };
          others = othersSince(before);
          if (others > DISTURBED)
            console.log(
              `${place} ${w.name} ${mode.padEnd(13)} round ${r + 1}: disturbed (others ${others.toFixed(2)} cores: ${(s[2] / s[1]).toFixed(2)}×), again`,
            );
        } while (others > DISTURBED && ++tries < RETRIES);
        one.push(s[1]);
        two.push(s[2]);
        ratios.push(s[2] / s[1]);
        console.log(
          `${place} ${w.name} ${mode.padEnd(13)} round ${r + 1}: 1 thread ${fmt(s[1])}, ${threads2[w.name]} threads ${fmt(s[2])} samples/s, ${(s[2] / s[1]).toFixed(2)}×${Number.isNaN(others) ? '' : `, others ${others.toFixed(2)} cores`}`,
        );
      }
      console.log(
        `${place} ${w.name} ${mode.padEnd(13)} median: 1 thread ${fmt(median(one))}, 2 threads ${fmt(median(two))} samples/s, ${median(ratios).toFixed(2)}× (rounds ${ratios.map((x) => x.toFixed(2)).join(' ')}; min ${Math.min(...ratios).toFixed(2)}×)`,
      );
    }
  }
}

if (args.only !== 'node') {
  const { context, tab, problems, close } = await openIsolated(page, roots, data);
  try {
    const threads2 = {};
    for (const w of workloads) {
      const got = await tab.evaluate((w) => window.prepare(w), {
        name: w.name,
        layers: w.layers,
        batchSize: w.batchSize,
        learningRate: w.learningRate,
        rows: w.rows,
        epochs: w.epochs,
        verbose: w.verbose,
      });
      threads2[w.name] = got.threads;
      if (w === workloads[0]) console.log(`Chromium ${context.browser()?.version() ?? ''}: ${got.engine}, cross-origin isolated`);
    }
    await rounds_('chromium', (name, threads, mode) => tab.evaluate(([n, t, m]) => window.measure(n, t, m), [name, threads, mode]), threads2);
    if (problems.length) console.log(`page problems: ${problems.join('; ')}`);
  } finally {
    await close();
  }
}

if (args.only !== 'chromium') {
  const { Network } = await import(pathToFileURL(path.join(roots.deltaprop, 'node.js')).href);
  const nets = {};
  const threads2 = {};
  for (const w of workloads) {
    nets[w.name] = await setUp(Network, w);
    threads2[w.name] = nets[w.name][2].threads;
  }
  console.log(`Node ${process.version}: ${nets[workloads[0].name][1].engine}`);
  await rounds_(
    'node    ',
    (name, threads, mode) =>
      measure(
        nets[name],
        workloads.find((w) => w.name === name),
        threads,
        mode,
      ),
    threads2,
  );
}
