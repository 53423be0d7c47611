// Data-parallel training in Node: samples/s on 1 and 2 threads, W2 (784-128-64-10, batch
// 32, SGD at 0.1, 8,000 MNIST digits) and W3 (1024-1024-1024-10, batch 256, SGD at 0.01,
// 1,024 rows of a fixed pattern), as bench/threads-browser.mjs runs them in a page.
//
//   node bench/threads.mjs [--rounds 6] [--workloads W2,W3] [--before DIR]
//
// --before DIR adds an earlier build of the package (DIR/dist/node.js, finding its own
// kernels in DIR/node_modules/@deltaprop/kernels, as for latency.mjs): every round then
// trains each build on 1 and 2 threads in turn, in the same process, so that a change's
// effect on the two-thread speed-up is not lost in the machine's drift from one run to
// the next (one thread here moves by a fifth between rounds). Prints each round's figures
// and two-thread/one-thread ratio, then the medians.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as current from 'deltaprop';
import { digits } from './digits.mjs';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '6' }, workloads: { type: 'string', default: 'W2,W3' }, before: { type: 'string' } },
  strict: true,
});
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${args.rounds}: a whole number ≥ 1`);
const builds = { after: current };
if (args.before) builds.before = await import(pathToFileURL(resolve(args.before, 'dist', 'node.js')).href);

function pattern(rows, inputs, classes) {
  const x = new Float32Array(rows * inputs).map((_, i) => ((i * 2654435761) % 1000) / 1000);
  const y = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) y[r * classes + (r % classes)] = 1;
  return { x: { data: x, rows }, y: { data: y, rows } };
}
const mnist = digits(8000, 0).train;
const all = {
  W2: { layers: [784, 128, 64, 10], batchSize: 32, learningRate: 0.1, x: mnist.inputs, y: mnist.targets, epochs: 3 },
  W3: { layers: [1024, 1024, 1024, 10], batchSize: 256, learningRate: 0.01, ...pattern(1024, 1024, 10), epochs: 2 },
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const names = Object.keys(builds).reverse(); // before, then after

for (const name of args.workloads.split(',')) {
  const w = all[name];
  if (!w) throw new Error(`--workloads: unknown workload ${name}`);
  const activation = [...w.layers.slice(2).map(() => 'relu'), 'softmax'];
  const nets = {};
  for (const b of names)
    for (const threads of [1, 2])
      nets[`${b} ${threads}`] = await builds[b].Network.create({ layers: w.layers, activation, loss: 'cross-entropy', seed: 1, threads });
  const rates = Object.fromEntries(Object.keys(nets).map((k) => [k, []]));
  for (let round = 0; round <= rounds; round++) {
    for (const [key, net] of Object.entries(nets)) {
      const t0 = performance.now();
      await net.train(w.x, w.y, { epochs: w.epochs, batchSize: w.batchSize, learningRate: w.learningRate, optimizer: 'sgd', shuffle: false });
      if (round > 0) rates[key].push((w.epochs * w.x.rows * 1000) / (performance.now() - t0));
    }
    if (round === 0) continue; // the first round warms up
    const at = round - 1;
    const line = names.map((b) => {
      const [one, two] = [rates[`${b} 1`][at], rates[`${b} 2`][at]];
      return `${b}: 1 thread ${(one / 1000).toFixed(1)}k, ${nets[`${b} 2`].threads} threads ${(two / 1000).toFixed(1)}k, ${(two / one).toFixed(2)}×`;
    });
    console.log(`${name} round ${round}: ${line.join(' | ')}`);
  }
  const summary = names.map((b) => {
    const ratios = rates[`${b} 2`].map((two, i) => two / rates[`${b} 1`][i]);
    return `${b}: 1 thread ${(median(rates[`${b} 1`]) / 1000).toFixed(1)}k, 2 threads ${(median(rates[`${b} 2`]) / 1000).toFixed(1)}k samples/s, ratio ${median(ratios).toFixed(2)}× (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
  });
  console.log(`${name} median: ${summary.join(' | ')}`);
}
process.exit(0); // the teams' workers
