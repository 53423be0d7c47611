// Data-parallel training: samples/s with 1 and 2 threads on W3 (1024-1024-1024-10,
// batch 256) and W2 (784-128-64-10, batch 32), interleaved, in one process.
import { Network } from 'deltaprop';

function data(rows, inputs, classes) {
  const x = new Float32Array(rows * inputs).map((_, i) => ((i * 2654435761) % 1000) / 1000);
  const y = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) y[r * classes + (r % classes)] = 1;
  return [
    { data: x, rows },
    { data: y, rows },
  ];
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [name, layers, batch, rows] of [
  ['W3', [1024, 1024, 1024, 10], 256, 2048],
  ['W2', [784, 128, 64, 10], 32, 10000],
]) {
  const [x, y] = data(rows, layers[0], 10);
  const nets = {};
  for (const threads of [1, 2])
    nets[threads] = await Network.create({ layers, activation: [...layers.slice(2).map(() => 'relu'), 'softmax'], loss: 'cross-entropy', seed: 1, threads });
  const times = { 1: [], 2: [] };
  for (let rep = 0; rep < 4; rep++)
    for (const threads of [1, 2]) {
      const t0 = performance.now();
      await nets[threads].train(x, y, { epochs: 1, batchSize: batch, optimizer: 'adam', learningRate: 1e-3 });
      if (rep > 0) times[threads].push(performance.now() - t0);
    }
  const [a, b] = [median(times[1]), median(times[2])];
  console.log(
    `${name}: 1 thread ${((rows / a) * 1000).toFixed(0)} samples/s, ${nets[2].threads} threads ${((rows / b) * 1000).toFixed(0)} samples/s, speed-up ${(a / b).toFixed(2)}×`,
  );
}
