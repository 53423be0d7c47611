// The first speed check: GFLOP/s of the three products of back-propagation at 256²
// and 1024², and the time of 5,000 XOR epochs (2-4-1 sigmoid, MSE, η = 0.5).
// Run from the repository root: npm run speed
// Figures are medians of 5 timed runs after a warm-up; the machine is noisy, so
// compare numbers from one invocation only.
import { cpus } from 'node:os';
import { Network, createMatmulProbe, kernelInfo } from 'deltaprop';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function product(name, m, k = m, n = m) {
  const probe = await createMatmulProbe(name, m, k, n);
  const flops = 2 * m * k * n;
  const reps = Math.max(1, Math.round(4e8 / flops));
  probe.run();
  const times = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) probe.run();
    times.push((performance.now() - t0) / reps);
  }
  probe.dispose();
  return flops / (median(times) * 1e6);
}

const inputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const targets = [[0], [1], [1], [0]];
async function xor() {
  const times = [];
  let mse = 0;
  for (let r = 0; r < 6; r++) {
    const net = await Network.create({ layers: [2, 4, 1], activation: 'sigmoid', loss: 'mse', seed: 3 });
    const t0 = performance.now();
    await net.train(inputs, targets, { epochs: 5000, batchSize: 4, learningRate: 0.5 });
    if (r > 0) times.push(performance.now() - t0);
    mse = net.predict(inputs).reduce((s, [t], i) => s + (t - targets[i][0]) ** 2, 0) / 4;
    net.dispose();
  }
  return { ms: median(times), mse };
}

console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
const x = await xor();
console.log(`kernels: ${kernelInfo().engine}\n`);
// The W2 column: the first layer of 784-128-64-10 for a batch of 32.
const w2 = { nn: [32, 784, 128], tn: [784, 32, 128], nt: [32, 128, 784] };
console.log('| product | 256² GFLOP/s | 1024² GFLOP/s | W2 shape | GFLOP/s |');
console.log('|---|---:|---:|---|---:|');
for (const [name, label] of [
  ['nn', 'A·B (forward T·W)'],
  ['tn', 'Aᵀ·B (weight gradient Tᵀ·Δ)'],
  ['nt', 'A·Bᵀ (δ rule Δ·Wᵀ)'],
]) {
  const small = await product(name, 256);
  const large = await product(name, 1024);
  const shape = await product(name, ...w2[name]);
  console.log(`| ${label} | ${small.toFixed(1)} | ${large.toFixed(1)} | ${w2[name].join('×')} | ${shape.toFixed(1)} |`);
}
console.log(`\nXOR 2-4-1, 5,000 full-batch epochs: ${x.ms.toFixed(2)} ms (median of 5), final MSE ${x.mse.toFixed(4)}`);
