// Trains a few networks through every training path of the kernels and prints a hash
// of their parameters: test/engines.test.ts runs it under V8's two WebAssembly
// compilers and compares. (Run directly: node test/engines/train.mjs)
import { createHash } from 'node:crypto';
import { Network } from 'deltaprop';

const rows = 40;
const x = new Float32Array(rows * 20).map((_, i) => Math.sin(i));
const y = new Float32Array(rows * 5);
for (let r = 0; r < rows; r++) y[r * 5 + (r % 5)] = 1;
const xor = { x: { data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), rows: 4 }, y: { data: Float32Array.of(0, 1, 1, 0), rows: 4 } };

const runs = [
  // plain SGD stepped in place, one thread
  { layers: [20, 33, 17, 5], threads: 1, train: { optimizer: 'sgd', learningRate: 0.1 } },
  // the gradient path, with state and weight decay
  { layers: [20, 33, 17, 5], threads: 1, train: { optimizer: 'adam', learningRate: 0.01, weightDecay: 1e-3 } },
  // a team of two (shares of the gradient)
  { layers: [20, 33, 17, 5], threads: 2, train: { optimizer: 'sgd', learningRate: 0.1 } },
  { layers: [20, 33, 17, 5], threads: 2, train: { optimizer: 'adam', learningRate: 0.01 } },
];
const hash = createHash('sha256');
for (const run of runs) {
  const net = await Network.create({
    layers: run.layers,
    activation: ['tanh', 'relu', 'softmax'],
    loss: 'cross-entropy',
    seed: 5,
    threads: run.threads,
    kernels: 'simd',
  });
  await net.train({ data: x, rows }, { data: y, rows }, { epochs: 3, batchSize: 16, shuffle: false, ...run.train });
  const p = net.getParameters();
  for (const a of [...p.weights, ...p.biases]) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
// the lane path of small networks, stepping θ itself
const small = await Network.create({ layers: [2, 4, 1], activation: 'sigmoid', loss: 'mse', seed: 3, threads: 1, kernels: 'simd' });
await small.train(xor.x, xor.y, { epochs: 200, batchSize: 4, learningRate: 0.5, optimizer: 'sgd' });
for (const a of [...small.getParameters().weights, ...small.getParameters().biases]) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
console.log(hash.digest('hex'));
