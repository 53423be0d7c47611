import { Network } from 'deltaprop';
const inputs = { data: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), rows: 4 },
  targets = { data: Float32Array.of(0, 1, 1, 0), rows: 4 };
const times = [];
for (let r = 0; r < 15; r++) {
  const net = await Network.create({ layers: [2, 4, 1], activation: 'sigmoid', loss: 'mse', seed: 3 });
  const t0 = performance.now();
  await net.train(inputs, targets, { epochs: 5000, batchSize: 4, learningRate: 0.5 });
  times.push(performance.now() - t0);
  net.dispose();
}
times.sort((a, b) => a - b);
console.log('xor 5000 epochs: min', times[0].toFixed(3), 'median', times[7].toFixed(3), 'ms');
