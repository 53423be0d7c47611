// Where the time of a training goes: the V8 CPU profile of a workload, with its self
// time put in four bins — the kernels (WebAssembly), deltaprop's JavaScript (this
// package's dist/), the garbage collector, and everything else (V8 builtins called by
// either, the process). node bench/profile.mjs [xor|w2] (default: both)
//
//   xor  W1: XOR 2-4-1, 5,000 full-batch epochs, trained 200 times (fresh networks)
//   w2   W2's network 784-128-64-10, batch 32, one epoch over 8,000 rows, 8 times, 1 thread
import { Session } from 'node:inspector/promises';
import { Network } from 'deltaprop';

const workloads = {
  async xor() {
    const x = { data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), rows: 4 };
    const y = { data: Float32Array.of(0, 1, 1, 0), rows: 4 };
    return async () => {
      for (let i = 0; i < 200; i++) {
        const net = await Network.create({ layers: [2, 4, 1], activation: 'sigmoid', loss: 'mse', seed: 1 + (i % 5), threads: 1 });
        await net.train(x, y, { epochs: 5000, batchSize: 4, learningRate: 0.5, optimizer: 'sgd', shuffle: false });
        net.dispose();
      }
    };
  },
  async w2() {
    const rows = 8000;
    const x = new Float32Array(rows * 784);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) % 1000) / 1000;
    const y = new Float32Array(rows * 10);
    for (let r = 0; r < rows; r++) y[r * 10 + (r % 10)] = 1;
    const net = await Network.create({ layers: [784, 128, 64, 10], activation: ['relu', 'relu', 'softmax'], loss: 'cross-entropy', seed: 1, threads: 1 });
    return async () => {
      for (let i = 0; i < 8; i++)
        await net.train({ data: x, rows }, { data: y, rows }, { epochs: 1, batchSize: 32, learningRate: 0.1, optimizer: 'sgd', shuffle: false });
    };
  },
};

/** Self time (µs) of every profile node, put in a bin. */
function bins(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = { kernels: 0, 'deltaprop JavaScript': 0, 'garbage collector': 0, 'other (builtins, process)': 0 };
  for (const [id, us] of self) {
    const { functionName, url } = byId.get(id).callFrame;
    if (functionName === '(idle)') continue;
    if (functionName.startsWith('wasm-function') || url.startsWith('wasm://')) total.kernels += us;
    else if (url.includes('/deltaprop/dist/')) total['deltaprop JavaScript'] += us;
    else if (functionName === '(garbage collector)') total['garbage collector'] += us;
    else total['other (builtins, process)'] += us;
  }
  return total;
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
for (const name of process.argv.length > 2 ? process.argv.slice(2) : Object.keys(workloads)) {
  const run = await workloads[name]();
  await run(); // warm up (compilation), not profiled
  await session.post('Profiler.start');
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  const { profile } = await session.post('Profiler.stop');
  const total = bins(profile);
  const sum = Object.values(total).reduce((a, b) => a + b, 0);
  console.log(`${name}: ${ms.toFixed(0)} ms`);
  for (const [bin, us] of Object.entries(total))
    console.log(`  ${bin.padEnd(28)} ${(us / 1000).toFixed(1).padStart(8)} ms  ${((100 * us) / sum).toFixed(1).padStart(5)} %`);
}
session.disconnect();
